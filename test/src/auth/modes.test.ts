import { describe, expect, it } from 'vitest';
import {
  DYNREG_RANDOM_LENGTH,
  deviceSecretCredentials,
  dynregHttpsRequest,
  dynregMqttCredentials,
  httpsAuthRequest,
  httpsAuthSessionCredentials,
  requestUrl,
  tokenLoginCredentials,
  type AuthResult,
} from '../../../src/auth/index';
import { ScriptedRandom, countingNativeHash, pureHal } from '../crypto/helpers';

function value<T>(r: AuthResult<T>): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const PK = 'a1ExpAkj9Hi';
const DN = 'Example_dyn1';
const PS = 'ffFnFlKQW3HYjjPR';

describe('securemode 2 and 3 with a DeviceSecret', () => {
  it('securemode 3 is plain TCP on 1883; 2 is TLS on 8883', () => {
    const base = { productKey: PK, deviceName: DN, deviceSecret: 'secret' };
    expect(value(deviceSecretCredentials(pureHal, { ...base, secureMode: 3 }))).toMatchObject({ tls: false, port: 1883, secureMode: 3 });
    expect(value(deviceSecretCredentials(pureHal, base))).toMatchObject({ tls: true, port: 8883, secureMode: 2, keepalive: 300 });
  });

  it('signs with the board hash when it has one', () => {
    const board = countingNativeHash();
    value(deviceSecretCredentials({ hash: board.hash }, { productKey: PK, deviceName: DN, deviceSecret: 's', signMethod: 'hmacmd5' }));
    expect(board.calls).toEqual({ sha256: 0, sha1: 0, md5: 2 });
  });
});

describe('dynamic registration', () => {
  it('makes a fresh 15-char alphanumeric random from the HAL RNG when none is given, shared by sign and clientId', () => {
    const rng = new ScriptedRandom([...Array(14).keys()].concat([250, 61]));
    const c = value(dynregMqttCredentials({ hash: {}, random: rng }, { productKey: PK, deviceName: DN, productSecret: PS }));
    expect(c.random).toBe('ABCDEFGHIJKLMN9');
    expect(c.random).toHaveLength(DYNREG_RANDOM_LENGTH);
    expect(c.clientId).toContain(`,random=${c.random},`);
    expect(rng.requests).toEqual([15, 1]);
  });

  it('reports RNG_FAILED on the random field when the RNG gives nothing', () => {
    const r = dynregHttpsRequest({ hash: {}, random: { bytes: () => new Uint8Array(0) } }, { productKey: PK, deviceName: DN, productSecret: PS });
    expect(r.ok ? 'ok' : r.error).toMatchObject({ code: 'RNG_FAILED', field: 'random' });
  });

  it('regnwl defaults to securemode -2 (the docs), and 2 (what the SDKs send) is allowed', () => {
    const o = { productKey: PK, deviceName: DN, productSecret: PS, random: 'R1', authType: 'regnwl' as const };
    expect(value(dynregMqttCredentials(pureHal, o)).clientId).toBe(
      `${PK}.${DN}|securemode=-2,authType=regnwl,random=R1,signmethod=hmacsha256|`,
    );
    expect(value(dynregMqttCredentials(pureHal, { ...o, secureMode: 2 })).secureMode).toBe(2);
  });

  it('puts instanceId into the clientId and connects to the instance host', () => {
    const c = value(
      dynregMqttCredentials(pureHal, { productKey: PK, deviceName: DN, productSecret: PS, random: 'R1', authType: 'regnwl', instanceId: 'iot-06z00x' }),
    );
    expect(c.clientId).toBe(`${PK}.${DN}|securemode=-2,authType=regnwl,random=R1,signmethod=hmacsha256,instanceId=iot-06z00x|`);
    expect(c).toMatchObject({ host: 'iot-06z00x.mqtt.iothub.aliyuncs.com', port: 8883, tls: true, username: `${DN}&${PK}` });
  });

  it('sends the HTTPS request to the region auth host, or a custom one', () => {
    const o = { productKey: PK, deviceName: DN, productSecret: PS, random: 'R1' };
    expect(requestUrl(value(dynregHttpsRequest(pureHal, { ...o, endpoint: { region: 'eu-central-1' } })).request)).toBe(
      'https://iot-auth.eu-central-1.aliyuncs.com/auth/register/device',
    );
    expect(requestUrl(value(dynregHttpsRequest(pureHal, { ...o, endpoint: { host: 'localhost', port: 8443 } })).request)).toBe(
      'https://localhost:8443/auth/register/device',
    );
  });

  it('token login (connwl): returned clientId, password = deviceToken as-is, 4.x extensions allowed', () => {
    const c = value(
      tokenLoginCredentials({
        productKey: PK,
        deviceName: DN,
        clientId: 'a1ExpAkj9Hi.Example_dyn1_x7',
        deviceToken: 'tok_123+/=',
        extensions: { systemSubscribe: true, ext: 3, sdkVersion: 'sdk-c-4.2.0' },
      }),
    );
    expect(c.clientId).toBe('a1ExpAkj9Hi.Example_dyn1_x7|securemode=-2,authType=connwl,_v=sdk-c-4.2.0,_ss=1,ext=3|');
    expect(c).toMatchObject({ username: `${DN}&${PK}`, password: 'tok_123+/=', secureMode: -2, tls: true, port: 8883 });
  });
});

describe('HTTPS authentication (securemode -1 / 0)', () => {
  it('leaves the timestamp out of body and sign when asked', () => {
    const r = value(
      httpsAuthRequest(pureHal, { productKey: PK, deviceName: DN, deviceSecret: 's', timestamp: null, signMethod: 'hmacsha1', hexCase: 'lower' }),
    );
    expect(r.request.body).toBe(
      `productKey=${PK}&deviceName=${DN}&signmethod=hmacsha1&sign=${r.sign}&version=default&clientId=${PK}.${DN}&resources=mqtt`,
    );
    expect(r.sign).toMatch(/^[0-9a-f]{40}$/);
  });

  it('percent-encodes only form-breaking chars of a custom clientId in the body', () => {
    const r = value(httpsAuthRequest(pureHal, { productKey: PK, deviceName: DN, deviceSecret: 's', clientIdBase: 'a&b=c+d%e:f@g' }));
    expect(r.request.body).toContain('&clientId=a%26b%3Dc%2Bd%25e:f@g&');
  });

  it('then logs in with iotId / iotToken at the host the cloud named, securemode -1 over TLS', () => {
    const c = value(
      httpsAuthSessionCredentials({ productKey: PK, deviceName: DN, iotId: '42Ze0mk', iotToken: '0d7fdeb9', host: 'x.iot-as-mqtt.cn-shanghai.aliyuncs.com', port: 1883 }),
    );
    expect(c).toEqual({
      host: 'x.iot-as-mqtt.cn-shanghai.aliyuncs.com',
      port: 1883,
      tls: true,
      secureMode: -1,
      clientId: `${PK}.${DN}|securemode=-1|`,
      username: '42Ze0mk',
      password: '0d7fdeb9',
      keepalive: 300,
    });
  });

  it('uses securemode 0 over plain TCP', () => {
    const c = value(
      httpsAuthSessionCredentials({ productKey: PK, deviceName: DN, iotId: 'i', iotToken: 't', host: 'h', port: 1883, tls: false }),
    );
    expect(c).toMatchObject({ secureMode: 0, tls: false, clientId: `${PK}.${DN}|securemode=0|` });
  });
});
