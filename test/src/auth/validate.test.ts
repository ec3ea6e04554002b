import { describe, expect, it } from 'vitest';
import {
  deviceSecretCredentials,
  dynregHttpsRequest,
  dynregMqttCredentials,
  httpsAuthSessionCredentials,
  tokenLoginCredentials,
  type AuthErrorCode,
  type AuthField,
  type AuthResult,
  type DeviceSecretOptions,
  type DynregMqttOptions,
} from '../../../src/auth/index';
import { pureHal } from '../crypto/helpers';

const DS = 'KGQQFFlGinIipW9Xn7xQ5U6d6MokPZD4';
const PS = 'ffFnFlKQW3HYjjPR';
const GOOD: DeviceSecretOptions = { productKey: 'a1ExpAkj9Hi', deviceName: 'Example_dyn1', deviceSecret: DS };
const GOOD_DYN: DynregMqttOptions = { productKey: 'a1ExpAkj9Hi', deviceName: 'Example_dyn1', productSecret: PS, random: 'abc' };

function errorOf<T>(r: AuthResult<T>): { code: AuthErrorCode; field: AuthField; message: string } | 'ok' {
  return r.ok ? 'ok' : r.error;
}

// [case, options patch, code, field]
const BAD_DEVICE: [string, Record<string, unknown>, AuthErrorCode, AuthField][] = [
  ['missing productKey', { productKey: undefined }, 'MISSING_FIELD', 'productKey'],
  ['empty productKey', { productKey: '' }, 'MISSING_FIELD', 'productKey'],
  ['productKey of 21 chars', { productKey: 'a'.repeat(21) }, 'INVALID_FIELD', 'productKey'],
  ['productKey with a dot', { productKey: 'a1Exp.kj9Hi' }, 'INVALID_FIELD', 'productKey'],
  ['productKey with a space', { productKey: 'a1Exp kj9Hi' }, 'INVALID_FIELD', 'productKey'],
  ['productKey not a string', { productKey: 12345 }, 'INVALID_FIELD', 'productKey'],
  ['missing deviceName', { deviceName: undefined }, 'MISSING_FIELD', 'deviceName'],
  ['deviceName of 3 chars', { deviceName: 'abc' }, 'INVALID_FIELD', 'deviceName'],
  ['deviceName of 33 chars', { deviceName: 'd'.repeat(33) }, 'INVALID_FIELD', 'deviceName'],
  ['deviceName with a slash', { deviceName: 'dev/ice' }, 'INVALID_FIELD', 'deviceName'],
  ['deviceName with a "&"', { deviceName: 'dev&ice' }, 'INVALID_FIELD', 'deviceName'],
  ['deviceName with a "|"', { deviceName: 'dev|ice' }, 'INVALID_FIELD', 'deviceName'],
  ['deviceName with a non-ASCII char', { deviceName: 'devicé' }, 'INVALID_FIELD', 'deviceName'],
  ['missing deviceSecret', { deviceSecret: undefined }, 'MISSING_FIELD', 'deviceSecret'],
  ['deviceSecret of 65 chars', { deviceSecret: 's'.repeat(65) }, 'INVALID_FIELD', 'deviceSecret'],
  ['deviceSecret with a space', { deviceSecret: 'abc def' }, 'INVALID_FIELD', 'deviceSecret'],
  ['deviceSecret with a newline', { deviceSecret: 'abcdef\n' }, 'INVALID_FIELD', 'deviceSecret'],
  ['keepalive 29', { keepalive: 29 }, 'INVALID_FIELD', 'keepalive'],
  ['keepalive 1201', { keepalive: 1201 }, 'INVALID_FIELD', 'keepalive'],
  ['keepalive 60.5', { keepalive: 60.5 }, 'INVALID_FIELD', 'keepalive'],
  ['keepalive NaN', { keepalive: NaN }, 'INVALID_FIELD', 'keepalive'],
  ['unknown signMethod', { signMethod: 'hmacsha512' }, 'UNSUPPORTED_VALUE', 'signMethod'],
  ['signMethod in upper case', { signMethod: 'HMACSHA256' }, 'UNSUPPORTED_VALUE', 'signMethod'],
  ['securemode -1 with a DeviceSecret', { secureMode: -1 }, 'UNSUPPORTED_VALUE', 'secureMode'],
  ['securemode 8', { secureMode: 8 }, 'UNSUPPORTED_VALUE', 'secureMode'],
  ['unknown region', { endpoint: { region: 'cn-beijing' } }, 'UNSUPPORTED_VALUE', 'region'],
  ['instanceId with a dot', { endpoint: { instanceId: 'iot-06.z00' } }, 'INVALID_FIELD', 'instanceId'],
  ['host with a slash', { endpoint: { host: 'example.com/x' } }, 'INVALID_FIELD', 'host'],
  ['empty host', { endpoint: { host: '' } }, 'MISSING_FIELD', 'host'],
  ['port 0', { endpoint: { port: 0 } }, 'INVALID_FIELD', 'port'],
  ['port 65536', { endpoint: { port: 65536 } }, 'INVALID_FIELD', 'port'],
  ['timestamp with letters', { timestamp: '12ab' }, 'INVALID_FIELD', 'timestamp'],
  ['negative timestamp', { timestamp: -1 }, 'INVALID_FIELD', 'timestamp'],
  ['clientId with a "|"', { clientIdBase: 'a|b' }, 'INVALID_FIELD', 'clientId'],
  ['clientId of 65 chars', { clientIdBase: 'c'.repeat(65) }, 'INVALID_FIELD', 'clientId'],
  ['hexCase title', { hexCase: 'title' }, 'UNSUPPORTED_VALUE', 'hexCase'],
  ['extension value with a comma', { extensions: { lan: 'C,D' } }, 'INVALID_FIELD', 'extensions'],
  ['extension ext 256', { extensions: { ext: 256 } }, 'INVALID_FIELD', 'extensions'],
  ['extra key twice', { extensions: { lan: 'C', extra: [['lan', 'D']] } }, 'INVALID_FIELD', 'extensions'],
  ['extra key clashing with securemode', { extensions: { extra: [['securemode', '3']] } }, 'INVALID_FIELD', 'extensions'],
  ['keyOrder not a list', { keyOrder: 'timestamp' }, 'INVALID_FIELD', 'keyOrder'],
];

describe('validation of DeviceSecret credentials', () => {
  it.each(BAD_DEVICE)('%s → %s on %s', (_case, patch, code, field) => {
    const e = errorOf(deviceSecretCredentials(pureHal, { ...GOOD, ...patch } as DeviceSecretOptions));
    expect(e).toMatchObject({ code, field });
  });

  it('names the field in every message and never quotes the secret', () => {
    for (const [, patch, , field] of BAD_DEVICE) {
      const e = errorOf(deviceSecretCredentials(pureHal, { ...GOOD, ...patch } as DeviceSecretOptions));
      if (e === 'ok') throw new Error('expected an error');
      expect(e.message).toContain(field);
      expect(e.message).not.toContain(DS);
    }
    const e = errorOf(deviceSecretCredentials(pureHal, { ...GOOD, deviceSecret: 'sEcReT wItH sPaCe' }));
    expect(e !== 'ok' && e.message).not.toMatch(/sEcReT|wItH/);
  });

  it.each([
    ['productKey of 20 chars', { productKey: 'A'.repeat(20) }],
    ['deviceName of 4 chars', { deviceName: 'abcd' }],
    ['deviceName of 32 chars with every allowed symbol', { deviceName: 'aZ09-_.@:'.padEnd(32, 'x') }],
    ['deviceSecret of 64 printable chars', { deviceSecret: '!~'.repeat(32) }],
    ['keepalive 30', { keepalive: 30 }],
    ['keepalive 1200', { keepalive: 1200 }],
    ['port 1 and 65535', { endpoint: { port: 65535 } }],
  ])('accepts the boundary case: %s', (_case, patch) => {
    expect(errorOf(deviceSecretCredentials(pureHal, { ...GOOD, ...patch } as DeviceSecretOptions))).toBe('ok');
  });
});

describe('validation of the other modes', () => {
  it.each([
    ['missing productSecret', { productSecret: undefined }, 'MISSING_FIELD', 'productSecret'],
    ['productSecret with a tab', { productSecret: 'ab\tcd' }, 'INVALID_FIELD', 'productSecret'],
    ['random with a comma', { random: 'ab,c' }, 'INVALID_FIELD', 'random'],
    ['random of 65 chars', { random: 'r'.repeat(65) }, 'INVALID_FIELD', 'random'],
    ['authType connwl', { authType: 'connwl' }, 'UNSUPPORTED_VALUE', 'authType'],
    ['securemode 3 (MQTT registration is TLS only)', { secureMode: 3 }, 'UNSUPPORTED_VALUE', 'secureMode'],
    ['instanceId with an underscore', { instanceId: 'iot_1' }, 'INVALID_FIELD', 'instanceId'],
    ['keepalive 10', { keepalive: 10 }, 'INVALID_FIELD', 'keepalive'],
  ] as const)('MQTT registration: %s → %s on %s', (_case, patch, code, field) => {
    expect(errorOf(dynregMqttCredentials(pureHal, { ...GOOD_DYN, ...patch } as DynregMqttOptions))).toMatchObject({ code, field });
  });

  it('HTTPS registration: unknown region → UNSUPPORTED_VALUE on region', () => {
    const r = dynregHttpsRequest(pureHal, { ...GOOD_DYN, endpoint: { region: 'mars-1' as never } });
    expect(errorOf(r)).toMatchObject({ code: 'UNSUPPORTED_VALUE', field: 'region' });
  });

  it.each([
    ['missing iotToken', { iotToken: '' }, 'MISSING_FIELD', 'iotToken'],
    ['iotId with a space', { iotId: 'a b' }, 'INVALID_FIELD', 'iotId'],
    ['host missing', { host: undefined }, 'MISSING_FIELD', 'host'],
    ['port missing', { port: undefined }, 'MISSING_FIELD', 'port'],
  ] as const)('HTTPS-auth session: %s → %s on %s', (_case, patch, code, field) => {
    const base = { productKey: 'pk1', deviceName: 'dev1', iotId: 'id1', iotToken: 'tok1', host: 'h.example', port: 1883 };
    expect(errorOf(httpsAuthSessionCredentials({ ...base, ...patch } as never))).toMatchObject({ code, field });
  });

  it.each([
    ['deviceToken missing', { deviceToken: undefined }, 'MISSING_FIELD', 'deviceToken'],
    ['returned clientId with a "|"', { clientId: 'x|y' }, 'INVALID_FIELD', 'clientId'],
  ] as const)('token login: %s → %s on %s', (_case, patch, code, field) => {
    const base = { productKey: 'pk1', deviceName: 'dev1', clientId: 'cid', deviceToken: 'tok' };
    expect(errorOf(tokenLoginCredentials({ ...base, ...patch } as never))).toMatchObject({ code, field });
  });
});
