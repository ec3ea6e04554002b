import { describe, expect, it } from 'vitest';
import {
  EXTENSION_ORDER,
  KEY_ORDER_SDK_3_0,
  KEY_ORDER_SDK_4,
  buildClientId,
  deviceSecretCredentials,
  type AuthResult,
  type DeviceSecretOptions,
} from '../../../src/auth/index';
import { pureHal } from '../crypto/helpers';

function value<T>(r: AuthResult<T>): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const M2: DeviceSecretOptions = {
  productKey: 'a1ExpAkj9Hi',
  deviceName: 'Example_dyn1',
  deviceSecret: 'KGQQFFlGinIipW9Xn7xQ5U6d6MokPZD4',
};
const M2_PASSWORD = '4CDCE2673DBE3A3611D34B06A2DBB377F1E091505FACD9B354314FC5FF3D5931';

describe('clientId extensions', () => {
  it('writes every extension after the mode keys, in EXTENSION_ORDER, then extra in the given order', () => {
    const c = value(
      deviceSecretCredentials(pureHal, {
        ...M2,
        extensions: {
          gateway: false,
          lan: 'C',
          instanceId: 'iot-1',
          moduleId: 'm1',
          partnerId: 'p1',
          ext: 3,
          systemSubscribe: true,
          sdkVersion: 'aliot-0.1.0',
          extra: [
            ['_conn', 'tls_1f'],
            ['pid', 'x'],
          ],
        },
      }),
    );
    expect(EXTENSION_ORDER).toEqual(['_v', '_ss', 'ext', 'partner_id', 'module_id', 'instanceId', 'lan', 'gw']);
    expect(c.clientId).toBe(
      'a1ExpAkj9Hi.Example_dyn1|securemode=2,signmethod=hmacsha256,timestamp=2524608000000,' +
        '_v=aliot-0.1.0,_ss=1,ext=3,partner_id=p1,module_id=m1,instanceId=iot-1,lan=C,gw=0,_conn=tls_1f,pid=x|',
    );
  });

  it('does not change the password: extensions are not signed', () => {
    const c = value(deviceSecretCredentials(pureHal, { ...M2, extensions: { sdkVersion: 'x', gateway: true } }));
    expect(c.password).toBe(M2_PASSWORD);
  });

  it('reproduces the SDK 3.0.1 clientId of §3 with KEY_ORDER_SDK_3_0', () => {
    const c = value(
      deviceSecretCredentials(pureHal, {
        ...M2,
        extensions: { sdkVersion: 'sdk-c-3.0.1', lan: 'C', gateway: false, ext: 0 },
        keyOrder: KEY_ORDER_SDK_3_0,
      }),
    );
    expect(c.clientId).toBe(
      'a1ExpAkj9Hi.Example_dyn1|timestamp=2524608000000,_v=sdk-c-3.0.1,securemode=2,signmethod=hmacsha256,lan=C,gw=0,ext=0|',
    );
    expect(c.password).toBe(M2_PASSWORD);
  });

  it('reproduces the SDK 4.2.0 clientId of §3 with KEY_ORDER_SDK_4', () => {
    const c = value(
      deviceSecretCredentials(pureHal, {
        ...M2,
        extensions: { sdkVersion: 'sdk-c-4.2.0', systemSubscribe: true, ext: 3, extra: [['_conn', 'tls_0a']] },
        keyOrder: KEY_ORDER_SDK_4,
      }),
    );
    expect(c.clientId).toBe(
      'a1ExpAkj9Hi.Example_dyn1|timestamp=2524608000000,_ss=1,_v=sdk-c-4.2.0,securemode=2,signmethod=hmacsha256,ext=3,_conn=tls_0a|',
    );
  });

  it('ignores keyOrder names that are absent and keeps the rest in their default order', () => {
    expect(value(buildClientId('id', [['a', '1'], ['b', '2'], ['c', '3']], undefined, ['zz', 'c']))).toBe('id|c=3,a=1,b=2|');
  });

  it('is deterministic: the same options give the same clientId', () => {
    const options = { ...M2, extensions: { lan: 'C', sdkVersion: 'v' } };
    expect(value(deviceSecretCredentials(pureHal, options)).clientId).toBe(value(deviceSecretCredentials(pureHal, options)).clientId);
  });
});
