// CONNACK return codes [MQTT-3.2.2.3] with the meaning Alibaba Cloud IoT gives them (spec/protocol.md §3) and the
// remedy a person can act on. A switch, not a table: only the text of a refusal that happened becomes a string in
// RAM (a module-level table would hold all of them from load on).

import type { ConnackRefusal, RefusalCode } from './types';

/** The refusal for a CONNACK return code 1..5 (the decoder rejects anything above 5). */
export function connackRefusal(returnCode: number): ConnackRefusal {
  let code: RefusalCode = 'SERVER_UNAVAILABLE';
  let meaning = 'reserved return code';
  switch (returnCode) {
    case 1:
      code = 'UNACCEPTABLE_PROTOCOL_VERSION';
      meaning = 'the broker does not speak MQTT 3.1.1; check the endpoint';
      break;
    case 2:
      code = 'IDENTIFIER_REJECTED';
      meaning = 'client identifier rejected; check the clientId format <id>|k=v,...|';
      break;
    case 3:
      meaning = 'server unavailable; on Alibaba this means a malformed clientId or a keep-alive outside 30..1200 s: ' +
        'fix them (retrying unchanged will not help)';
      break;
    case 4:
      code = 'BAD_USERNAME_OR_PASSWORD';
      meaning = 'bad user name or password; check username DeviceName&ProductKey and that the password is the ' +
        'signature of the clientId fields with the signmethod the clientId names';
      break;
    case 5:
      code = 'NOT_AUTHORIZED';
      meaning = 'not authorized; on Alibaba the ProductKey, DeviceName or DeviceSecret is wrong, or the device is ' +
        'disabled or deleted; check the triple (a re-registered device gets a new DeviceSecret)';
      break;
  }
  return { returnCode: returnCode, code: code, message: 'connection refused (' + returnCode + '): ' + meaning };
}
