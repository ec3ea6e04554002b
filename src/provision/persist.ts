// Between an iotToken of HTTPS authentication and the record the credential store keeps (registration results
// already are such records).

import type { IotToken } from './iot-token';
import type { StoredIotToken } from './store/credential';

/** An iotToken as the credential to store in the 'iot' store (the per-boot obtain time is not kept). */
export function credentialFromIotToken(t: IotToken): StoredIotToken {
  const c: StoredIotToken = { kind: 'iotToken', productKey: t.productKey, deviceName: t.deviceName, iotId: t.iotId, iotToken: t.iotToken, host: t.host, port: t.port };
  if (t.expiresAtWall !== undefined) c.expiresAtWall = t.expiresAtWall;
  return c;
}

/** A stored iotToken, back as a token (its age is known only through expiresAtWall, if at all). */
export function iotTokenFromCredential(c: StoredIotToken): IotToken {
  const t: IotToken = { productKey: c.productKey, deviceName: c.deviceName, iotId: c.iotId, iotToken: c.iotToken, host: c.host, port: c.port };
  if (c.expiresAtWall !== undefined) t.expiresAtWall = c.expiresAtWall;
  return t;
}
