// The names the local cloud's server certificate answers to: the real Alibaba host names of every region (so a
// device verifies the name it computed while a host map sends it to 127.0.0.1), plus localhost.

import { REGIONS } from '../../../src/auth/index';

export interface ServerNames {
  dns: string[];
  ips: string[];
}

export function serverNames(): ServerNames {
  const dns: string[] = [];
  for (const region of REGIONS) {
    dns.push(`iot-auth.${region}.aliyuncs.com`);
    dns.push(`*.iot-as-mqtt.${region}.aliyuncs.com`);
  }
  dns.push('*.mqtt.iothub.aliyuncs.com', 'iot-auth-global.aliyuncs.com', 'localhost');
  return { dns, ips: ['127.0.0.1', '::1'] };
}

/** The names as one comparable key (to tell whether a stored certificate still covers them). */
export function namesKey(names: ServerNames): string {
  return [...names.dns.map((n) => 'dns:' + n), ...names.ips.map((n) => 'ip:' + n)].sort().join(',');
}
