// A DeviceName made from the board's identity (hal/types DeviceNameFormat), for products whose devices are
// named after their MAC or serial in the console:
//   mac-upper AABBCCDDEEFF · mac-lower aabbccddeeff · mac-colon AA:BB:CC:DD:EE:FF
//   serial    the serial as reported, chars outside [A-Za-z0-9-_.@:] replaced by '_'
// The result must still be a valid DeviceName (4-32 chars).

import type { DeviceNameFormat, Identity } from '../../../hal/types';
import { check, badChar, NAME_CHARS } from '../../auth/validate';
import { hexValue } from '../../util/text';

export type DeviceNameResult = { ok: true; value: string } | { ok: false; message: string };

/** The formats, for the tools (the device checks them in deriveDeviceName and checkFactoryRecord). */
export const DEVICE_NAME_FORMATS: DeviceNameFormat[] = ['mac-upper', 'mac-lower', 'mac-colon', 'serial'];

/** The DeviceName for this board in this format, or why there is none. */
export function deriveDeviceName(identity: Identity, format: DeviceNameFormat): DeviceNameResult {
  let name = '';
  if (format === 'serial') {
    const serial = identity.serial();
    if (serial === undefined) return { ok: false, message: 'the board reports no serial: name the device in the factory record' };
    for (let i = 0; i < serial.length; i++) name += badChar(serial.charAt(i), NAME_CHARS) < 0 ? serial.charAt(i) : '_';
  } else if (format === 'mac-upper' || format === 'mac-lower' || format === 'mac-colon') {
    const mac = identity.mac();
    if (mac === undefined) return { ok: false, message: 'the board reports no MAC: name the device in the factory record' };
    // Six pairs of hex digits joined by ':' (17 chars).
    let isMac = mac.length === 17;
    for (let i = 0; isMac && i < 17; i++) isMac = i % 3 === 2 ? mac.charAt(i) === ':' : hexValue(mac.charCodeAt(i)) >= 0;
    if (!isMac) return { ok: false, message: 'the board\'s MAC "' + mac + '" is not six hex pairs joined by ":"' };
    name = format === 'mac-colon' ? mac.toUpperCase() : mac.split(':').join('');
    if (format === 'mac-upper') name = name.toUpperCase();
    else if (format === 'mac-lower') name = name.toLowerCase();
  } else return { ok: false, message: 'unknown DeviceName format "' + String(format) + '"' };
  const invalid = check('deviceName', name);
  return invalid === null ? { ok: true, value: name } : { ok: false, message: 'the derived DeviceName is unusable: ' + invalid.message };
}
