// The host map a simulated device uses to reach this cloud while computing and verifying the real Alibaba host
// names (hal/node/host-map.ts format). MQTT names go to the TLS listener: the map is by name, not by port, so a
// plain-TCP (securemode 3) device needs its own entry pointing at the TCP port.

import { REGIONS } from '../../src/auth/index';

export type CloudHostMap = Record<string, string>;

export function cloudHostMap(host: string, httpsPort: number, mqttTlsPort: number): CloudHostMap {
  const target = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const at = (port: number): string => (target.includes(':') ? `[${target}]:${port}` : `${target}:${port}`);
  const map: CloudHostMap = {};
  for (const region of REGIONS) {
    map[`iot-auth.${region}.aliyuncs.com`] = at(httpsPort);
    map[`*.iot-as-mqtt.${region}.aliyuncs.com`] = at(mqttTlsPort);
  }
  map['*.mqtt.iothub.aliyuncs.com'] = at(mqttTlsPort);
  map['iot-auth-global.aliyuncs.com'] = at(httpsPort);
  return map;
}
