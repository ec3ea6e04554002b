// protocol.md §9: every test vector, plus the request bodies and clientIds exactly as the spec writes them.
import { describe, expect, it } from 'vitest';
import {
  KEY_ORDER_SDK_3_2_DYNREG,
  KEY_ORDER_SDK_4_DYNREG,
  deviceSecretCredentials,
  devicePassword,
  dynregHttpsRequest,
  dynregMqttCredentials,
  dynregSign,
  httpsAuthRequest,
  type AuthResult,
  type SignHal,
  type SignMethod,
} from '../../../src/auth/index';
import { nativeHal, pureHal } from '../crypto/helpers';

function value<T>(r: AuthResult<T>): T {
  if (!r.ok) throw new Error(`${r.error.code} ${r.error.field}: ${r.error.message}`);
  return r.value;
}

const METHOD: Record<string, SignMethod> = { sha256: 'hmacsha256', sha1: 'hmacsha1', md5: 'hmacmd5' };

const D = [
  ['D1', 'a1ExpAkj9Hi', 'ffFnFlKQW3HYjjPR', 'Example_dyn1', '7y4Jg5xdKCy9W2i', 'sha256', 'D3B560D5BE0C9C19749470E85D912B65685FA4B20EDCBD179CCFE98FCCA23D5E'],
  ['D2', 'a1ExpAkj9Hi', 'ffFnFlKQW3HYjjPR', 'Example_dyn1', '8Ygb7ULYh53B6OA', 'sha256', '99463E70B310A1D84223772A65B6A6D8A5289F514F1B9FC36AB1765B7D80761B'],
  ['D3', 'a1ExpAkj9Hi', 'ffFnFlKQW3HYjjPR', 'Example_dyn1', '692147492', 'sha256', 'D43C488C1CB6421AA8022E7857AC578F6CB8BE27E98630EF5107B5DCCC4A8BD6'],
  ['D4', 'a1B2c3D4e5F', 'Pr0dUctS3cr3tXYZ', 'dev-01_A', '4294967295', 'sha1', '1095C63C1E5A37CD1A1FC20D0B474F40AADE7BF7'],
  ['D5', 'a1B2c3D4e5F', 'Pr0dUctS3cr3tXYZ', 'sensor.v2@lab:7', 'Q9x2LmZ0aB7cD4e', 'md5', 'EE4CFEE4DB467B235003B5C5DD1540C8'],
  ['D6', 'a1B2c3D4e5F', 'Pr0dUctS3cr3tXYZ', 'a-b_c.d@e:f', '0', 'sha256', '69D516E0E3A49D48CF34A181C05DC15455B742075FA2C3E3DCF1ECDB0282CFAF'],
  ['D7', 'a1B2c3D4e5F', 'Pr0dUctS3cr3tXYZ', 'sensor.v2@lab:7', '3735928559', 'sha256', '1ED0A99027D1DBD40C7363324DFA1301B9B71644624B88F2329785E3634D94AC'],
  ['D8', 'a1ExpAkj9Hi', 'ffFnFlKQW3HYjjPR', 'Example_dyn1', 'A1B2C3D4', 'sha256', 'BD63E5C21A2E9C9AEA73BE3B750F3D9D7DABA58FFC8C1BD65888FFB7CCF4915F'],
] as const;

const M_DS = 'D3v1c3S3cr3tABCDEFGHIJKLMNOPQRST';
const M2_DS = 'KGQQFFlGinIipW9Xn7xQ5U6d6MokPZD4';
const M = [
  ['M1', 'pk', 'device', 'secret', '12345', '789', 'sha1', 'FAFD82A3D602B37FB0FA8B7892F24A477F851A14'],
  ['M2', 'a1ExpAkj9Hi', 'Example_dyn1', M2_DS, 'a1ExpAkj9Hi.Example_dyn1', '2524608000000', 'sha256', '4CDCE2673DBE3A3611D34B06A2DBB377F1E091505FACD9B354314FC5FF3D5931'],
  ['M3', 'a1ExpAkj9Hi', 'Example_dyn1', M2_DS, 'a1ExpAkj9Hi.Example_dyn1', '2524608000000', 'sha1', '5E18F0421E555AEA7DD6A6A17E3CE0C2F685449C'],
  ['M4', 'a1B2c3D4e5F', 'dev-01_A', M_DS, 'a1B2c3D4e5F.dev-01_A', '2524608000000', 'sha256', '00EB4273C57900CA66C1353B3462CCF647AF76B04EB0121017CA2671658D9785'],
  ['M5', 'a1B2c3D4e5F', 'sensor.v2@lab:7', M_DS, 'a1B2c3D4e5F.sensor.v2@lab:7', '2524608000000', 'md5', '0613489885258B3A6DB3DBB39A9929C1'],
  ['M6', 'a1B2c3D4e5F', 'a-b_c.d@e:f', M_DS, 'a1B2c3D4e5F&a-b_c.d@e:f', '1700000000000', 'sha1', '4B32E3B0DDD1A5C157F6C1FE46ABA12474C6D117'],
  ['M7', 'a1B2c3D4e5F', 'dev-01_A', M_DS, 'AA:BB:CC:DD:EE:FF', null, 'sha256', '971049DE9AACFDD096B7B3909D4FCF0A1B4829BE20E5781BA59C7FB490D53F23'],
  ['M8', 'a1B2c3D4e5F', 'sensor.v2@lab:7', M_DS, 'a1B2c3D4e5F.sensor.v2@lab:7', '2524608000000', 'sha256', 'DB65FBB8EC979608D814C383BD1B16273037FC7E13798CCAEA74EB9A478DFA5F'],
] as const;

const HALS: [string, () => SignHal][] = [
  ['pure', () => pureHal],
  ['native', nativeHal],
];

describe.each(HALS)('spec §9 vectors (%s hashes)', (_label, makeHal) => {
  describe.each(D)('%s dynamic-registration sign', (_id, pk, ps, dn, random, alg, sign) => {
    const hal = makeHal();
    const common = { productKey: pk, deviceName: dn, productSecret: ps, random, signMethod: METHOD[alg] };

    it('is the spec sign, and its lower-case form with hexCase lower', () => {
      expect(value(dynregSign(hal, common))).toBe(sign);
      expect(value(dynregSign(hal, { ...common, hexCase: 'lower' }))).toBe(sign.toLowerCase());
    });

    it('is the HTTPS body sign and the MQTT-dynreg password', () => {
      expect(value(dynregHttpsRequest(hal, common)).request.body).toContain(`&sign=${sign}&signMethod=${METHOD[alg]}`);
      expect(value(dynregMqttCredentials(hal, common)).password).toBe(sign);
    });
  });

  describe.each(M)('%s MQTT password', (_id, pk, dn, ds, base, ts, alg, password) => {
    const hal = makeHal();
    const options = { productKey: pk, deviceName: dn, deviceSecret: ds, clientIdBase: base, timestamp: ts, signMethod: METHOD[alg] };

    it('is the spec password, as devicePassword and as the credentials password', () => {
      expect(value(devicePassword(hal, options))).toBe(password);
      expect(value(deviceSecretCredentials(hal, options)).password).toBe(password);
    });

    it('puts the same id and timestamp into the clientId as into the sign', () => {
      const clientId = value(deviceSecretCredentials(hal, options)).clientId;
      expect(clientId.startsWith(`${base}|`)).toBe(true);
      expect(clientId.includes(`timestamp=${ts}`)).toBe(ts !== null);
      expect(clientId).toContain(`signmethod=${METHOD[alg]}`);
    });
  });
});

describe('spec §9 request bodies and clientIds, byte for byte', () => {
  const hal = pureHal;
  const dyn = { productKey: 'a1ExpAkj9Hi', deviceName: 'Example_dyn1', productSecret: 'ffFnFlKQW3HYjjPR' };

  it('D3: the 4.2.0 HTTPS registration body', () => {
    const r = value(dynregHttpsRequest(hal, { ...dyn, random: '692147492' }));
    expect(r.request.body).toBe(
      'productKey=a1ExpAkj9Hi&deviceName=Example_dyn1&random=692147492' +
        '&sign=D43C488C1CB6421AA8022E7857AC578F6CB8BE27E98630EF5107B5DCCC4A8BD6&signMethod=hmacsha256',
    );
    expect(r.request).toMatchObject({ method: 'POST', host: 'iot-auth.cn-shanghai.aliyuncs.com', port: 443, path: '/auth/register/device' });
    expect(r.request.headers).toEqual([
      ['Accept', 'text/xml,text/javascript,text/html,application/json'],
      ['Content-Type', 'application/x-www-form-urlencoded'],
    ]);
  });

  it('D3: the 4.2.0 MQTT-dynreg clientId, username and password', () => {
    const c = value(
      dynregMqttCredentials(hal, { ...dyn, random: '692147492', clientIdStyle: 'dn.pk', keyOrder: KEY_ORDER_SDK_4_DYNREG }),
    );
    expect(c.clientId).toBe('Example_dyn1.a1ExpAkj9Hi|random=692147492,authType=register,securemode=2,signmethod=hmacsha256|');
    expect(c.username).toBe('Example_dyn1&a1ExpAkj9Hi');
    expect(c.password).toBe('D43C488C1CB6421AA8022E7857AC578F6CB8BE27E98630EF5107B5DCCC4A8BD6');
  });

  it('D8: the 3.2.0 MQTT-dynreg clientId', () => {
    const c = value(dynregMqttCredentials(hal, { ...dyn, random: 'A1B2C3D4', keyOrder: KEY_ORDER_SDK_3_2_DYNREG }));
    expect(c.clientId).toBe('a1ExpAkj9Hi.Example_dyn1|authType=register,random=A1B2C3D4,signmethod=hmacsha256,securemode=2|');
    expect(c.password).toBe('BD63E5C21A2E9C9AEA73BE3B750F3D9D7DABA58FFC8C1BD65888FFB7CCF4915F');
  });

  it('M1: the doc example clientId and username (securemode 3, hmacsha1)', () => {
    const c = value(
      deviceSecretCredentials(hal, {
        productKey: 'pk',
        deviceName: 'device',
        deviceSecret: 'secret',
        clientIdBase: '12345',
        timestamp: '789',
        signMethod: 'hmacsha1',
        secureMode: 3,
      }),
    );
    expect(c.clientId).toBe('12345|securemode=3,signmethod=hmacsha1,timestamp=789|');
    expect(c.username).toBe('device&pk');
    expect(c).toMatchObject({ tls: false, port: 1883, password: 'FAFD82A3D602B37FB0FA8B7892F24A477F851A14' });
  });

  it('M2: the recommended clientId and username of §3 by default', () => {
    const c = value(
      deviceSecretCredentials(hal, { productKey: 'a1ExpAkj9Hi', deviceName: 'Example_dyn1', deviceSecret: M2_DS }),
    );
    expect(c.clientId).toBe('a1ExpAkj9Hi.Example_dyn1|securemode=2,signmethod=hmacsha256,timestamp=2524608000000|');
    expect(c.username).toBe('Example_dyn1&a1ExpAkj9Hi');
    expect(c.password).toBe('4CDCE2673DBE3A3611D34B06A2DBB377F1E091505FACD9B354314FC5FF3D5931');
  });

  it('M6: the Node-SDK style id `${PK}&${DN}` from clientIdStyle pk&dn', () => {
    const c = value(
      deviceSecretCredentials(hal, {
        productKey: 'a1B2c3D4e5F',
        deviceName: 'a-b_c.d@e:f',
        deviceSecret: M_DS,
        clientIdStyle: 'pk&dn',
        timestamp: 1700000000000,
        signMethod: 'hmacsha1',
      }),
    );
    expect(c.clientId).toBe('a1B2c3D4e5F&a-b_c.d@e:f|securemode=2,signmethod=hmacsha1,timestamp=1700000000000|');
    expect(c.password).toBe('4B32E3B0DDD1A5C157F6C1FE46ABA12474C6D117');
  });

  it('M7: the clientId without a timestamp', () => {
    const c = value(
      deviceSecretCredentials(hal, {
        productKey: 'a1B2c3D4e5F',
        deviceName: 'dev-01_A',
        deviceSecret: M_DS,
        clientIdBase: 'AA:BB:CC:DD:EE:FF',
        timestamp: null,
      }),
    );
    expect(c.clientId).toBe('AA:BB:CC:DD:EE:FF|securemode=2,signmethod=hmacsha256|');
    expect(c.password).toBe('971049DE9AACFDD096B7B3909D4FCF0A1B4829BE20E5781BA59C7FB490D53F23');
  });

  it('M2: the 3.0.1 /auth/devicename body', () => {
    const r = value(httpsAuthRequest(hal, { productKey: 'a1ExpAkj9Hi', deviceName: 'Example_dyn1', deviceSecret: M2_DS }));
    expect(r.request.body).toBe(
      'productKey=a1ExpAkj9Hi&deviceName=Example_dyn1&signmethod=hmacsha256' +
        '&sign=4CDCE2673DBE3A3611D34B06A2DBB377F1E091505FACD9B354314FC5FF3D5931' +
        '&version=default&clientId=a1ExpAkj9Hi.Example_dyn1&timestamp=2524608000000&resources=mqtt',
    );
    expect(r.request).toMatchObject({ host: 'iot-auth.cn-shanghai.aliyuncs.com', port: 443, path: '/auth/devicename' });
    expect(r.request.headers).toEqual([['Content-Type', 'application/x-www-form-urlencoded;charset=utf-8']]);
  });
});
