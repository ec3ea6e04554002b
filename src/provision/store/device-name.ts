// A DeviceName made from the board's identity (hal/types DeviceNameFormat), for products whose devices are
// named after their MAC or serial in the console:
//   mac-upper AABBCCDDEEFF · mac-lower aabbccddeeff · mac-colon AA:BB:CC:DD:EE:FF
//   serial    the serial as reported, chars outside [A-Za-z0-9-_.@:] replaced by '_'
// The result must still be a valid DeviceName (4-32 chars).

import type { DeviceNameFormat, Identity } from '../../../hal/types';
import { checkDeviceName, isDeviceNameChar } from '../../auth/validate';
import { allChars, isHexCode } from '../../util/text';

export type DeviceNameResult = { ok: true; value: string } | { ok: false; message: string };

export const DEVICE_NAME_FORMATS: DeviceNameFormat[] = ['mac-upper', 'mac-lower', 'mac-colon', 'serial'];

/** Six pairs of hex digits joined by ':'. */
function isMac(text: string): boolean {
  const pairs = text.split(':');
  if (pairs.length !== 6) return false;
  for (let i = 0; i < 6; i++) if (pairs[i].length !== 2 || !allChars(pairs[i], isHexCode)) return false;
  return true;
}

function fromMac(mac: string | undefined, format: DeviceNameFormat): DeviceNameResult {
  if (mac === undefined) return { ok: false, message: 'the board reports no MAC: name the device in the factory record, or use the serial format' };
  if (!isMac(mac)) return { ok: false, message: 'the board\'s MAC "' + mac + '" is not six hex pairs joined by ":"' };
  if (format === 'mac-colon') return { ok: true, value: mac.toUpperCase() };
  const bare = mac.split(':').join('');
  return { ok: true, value: format === 'mac-upper' ? bare.toUpperCase() : bare.toLowerCase() };
}

function fromSerial(serial: string | undefined): DeviceNameResult {
  if (serial === undefined) return { ok: false, message: 'the board reports no serial: name the device in the factory record, or use a MAC format' };
  let name = '';
  for (let i = 0; i < serial.length; i++) name += isDeviceNameChar(serial.charCodeAt(i)) ? serial.charAt(i) : '_';
  return { ok: true, value: name };
}

/** The DeviceName for this board in this format, or why there is none. */
export function deriveDeviceName(identity: Identity, format: DeviceNameFormat): DeviceNameResult {
  let r: DeviceNameResult;
  if (format === 'serial') r = fromSerial(identity.serial());
  else if (format === 'mac-upper' || format === 'mac-lower' || format === 'mac-colon') r = fromMac(identity.mac(), format);
  else return { ok: false, message: 'unknown DeviceName format "' + String(format) + '": use one of ' + DEVICE_NAME_FORMATS.join(', ') };
  if (!r.ok) return r;
  const invalid = checkDeviceName(r.value);
  return invalid === null ? r : { ok: false, message: 'the derived DeviceName is unusable: ' + invalid.message };
}
