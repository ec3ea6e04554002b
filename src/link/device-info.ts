import type { LogSink } from '../../hal/types';
import type { MqttCredentials } from '../auth/types';
import type { ResolvedConfig } from './config';
import { secureModeText, type DeviceIdentity } from './credentials';

// The SDK's device-info block, logged before each MQTT login so a log reads like the Link Kit SDK's
// (protocol.md §6: guider_print_dev_guider_info). Nothing secret is in it.

const TAG = 'link';

export function logDeviceInfo(log: LogSink, config: ResolvedConfig, id: DeviceIdentity, creds: MqttCredentials): void {
  const lines = [
    '-----------------------------------------',
    '        ProductKey : ' + id.productKey,
    '        DeviceName : ' + id.deviceName,
    '          DeviceID : ' + id.productKey + '.' + id.deviceName,
    '     PartnerID Buf : ' + (config.partnerId !== undefined ? ',partner_id=' + config.partnerId : ''),
    '      ModuleID Buf : ' + (config.moduleId !== undefined ? ',module_id=' + config.moduleId : ''),
    '        Guider URL : ' + (config.authMode === 'https' ? 'https://' + (config.authHost || 'iot-auth.' + config.region + '.aliyuncs.com') + '/auth/devicename' : ''),
    '    Guider SecMode : ' + secureModeText(creds.secureMode),
    '  Guider Timestamp : ' + timestampOf(creds.clientId),
    '       MQTT Server : ' + creds.host + ':' + creds.port,
    '-----------------------------------------',
  ];
  for (let i = 0; i < lines.length; i++) log.write('info', TAG, lines[i]);
}

function timestampOf(clientId: string): string {
  const at = clientId.indexOf('timestamp=');
  if (at < 0) return '';
  const rest = clientId.substring(at + 10);
  let end = 0;
  while (end < rest.length && rest.charCodeAt(end) >= 48 && rest.charCodeAt(end) <= 57) end++;
  return rest.substring(0, end);
}
