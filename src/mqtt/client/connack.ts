// CONNACK return codes [MQTT-3.2.2.3] with the meaning Alibaba Cloud IoT gives them (spec/protocol.md §3) and the
// remedy a person can act on.

import type { ConnackRefusal, RefusalCode } from './types';

const CODES: RefusalCode[] = [
  'UNACCEPTABLE_PROTOCOL_VERSION',
  'UNACCEPTABLE_PROTOCOL_VERSION',
  'IDENTIFIER_REJECTED',
  'SERVER_UNAVAILABLE',
  'BAD_USERNAME_OR_PASSWORD',
  'NOT_AUTHORIZED',
];

const MESSAGES: string[] = [
  '',
  'connection refused (1): the broker does not speak MQTT 3.1.1; check the endpoint',
  'connection refused (2): client identifier rejected; check the clientId format <id>|k=v,...|',
  'connection refused (3): server unavailable; on Alibaba this means a malformed clientId or a keep-alive ' +
    'outside 30..1200 s: fix them (retrying unchanged will not help)',
  'connection refused (4): bad user name or password; check username DeviceName&ProductKey and that the password ' +
    'is the signature of the clientId fields with the signmethod the clientId names',
  'connection refused (5): not authorized; on Alibaba the ProductKey, DeviceName or DeviceSecret is wrong, or the ' +
    'device is disabled or deleted; check the triple (a re-registered device gets a new DeviceSecret)',
];

/** The refusal for a CONNACK return code 1..5 (the decoder rejects anything above 5). */
export function connackRefusal(returnCode: number): ConnackRefusal {
  const known = returnCode >= 1 && returnCode <= 5;
  return {
    returnCode: returnCode,
    code: known ? CODES[returnCode] : 'SERVER_UNAVAILABLE',
    message: known ? MESSAGES[returnCode] : 'connection refused (' + returnCode + '): reserved return code',
  };
}
