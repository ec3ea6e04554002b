import { describe, expect, it } from 'vitest';
import {
  REGIONS,
  deviceSecretCredentials,
  httpsAuthHost,
  legacyMqttHost,
  resolveHttpsEndpoint,
  resolveMqttEndpoint,
  type AuthResult,
  type Endpoint,
} from '../../../src/auth/index';
import { pureHal } from '../crypto/helpers';

function value<T>(r: AuthResult<T>): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const PK = 'a1ExpAkj9Hi';

describe('endpoints', () => {
  it('knows the six regions of the spec', () => {
    expect(REGIONS).toEqual(['cn-shanghai', 'ap-southeast-1', 'ap-northeast-1', 'us-west-1', 'us-east-1', 'eu-central-1']);
  });

  it.each(REGIONS)('%s: legacy MQTT host ${PK}.iot-as-mqtt.<region>.aliyuncs.com and HTTPS host iot-auth.<region>.aliyuncs.com', (region) => {
    expect(value(resolveMqttEndpoint({ region }, PK, true))).toEqual<Endpoint>({
      host: `${PK}.iot-as-mqtt.${region}.aliyuncs.com`,
      port: 8883,
    });
    expect(legacyMqttHost(PK, region)).toBe(`${PK}.iot-as-mqtt.${region}.aliyuncs.com`);
    expect(value(resolveHttpsEndpoint({ region }))).toEqual({ host: `iot-auth.${region}.aliyuncs.com`, port: 443 });
    expect(httpsAuthHost(region)).toBe(`iot-auth.${region}.aliyuncs.com`);
  });

  it('defaults to cn-shanghai, TLS port 8883 and TCP port 1883', () => {
    expect(value(resolveMqttEndpoint(undefined, PK, true))).toEqual({ host: `${PK}.iot-as-mqtt.cn-shanghai.aliyuncs.com`, port: 8883 });
    expect(value(resolveMqttEndpoint({}, PK, false)).port).toBe(1883);
    expect(value(resolveHttpsEndpoint(undefined))).toEqual({ host: 'iot-auth.cn-shanghai.aliyuncs.com', port: 443 });
  });

  it('uses ${instanceId}.mqtt.iothub.aliyuncs.com for an instance', () => {
    expect(value(resolveMqttEndpoint({ instanceId: 'iot-06z00ax1xbv6n8p' }, PK, true)).host).toBe(
      'iot-06z00ax1xbv6n8p.mqtt.iothub.aliyuncs.com',
    );
  });

  it('prefers a custom host over an instance, and an instance over a region', () => {
    const all = { host: 'mqtt.example.test', instanceId: 'iot-1', region: 'eu-central-1' as const };
    expect(value(resolveMqttEndpoint(all, PK, true)).host).toBe('mqtt.example.test');
    expect(value(resolveMqttEndpoint({ instanceId: 'iot-1', region: 'eu-central-1' }, PK, true)).host).toBe(
      'iot-1.mqtt.iothub.aliyuncs.com',
    );
    expect(value(resolveHttpsEndpoint({ host: '127.0.0.1', port: 8443, region: 'us-east-1' }))).toEqual({
      host: '127.0.0.1',
      port: 8443,
    });
  });

  it('takes a configured port over the default (e.g. 443 or 1883 with TLS)', () => {
    for (const port of [443, 1883]) {
      const c = value(
        deviceSecretCredentials(pureHal, {
          productKey: PK,
          deviceName: 'Example_dyn1',
          deviceSecret: 'secret',
          endpoint: { region: 'ap-southeast-1', port },
        }),
      );
      expect(c).toMatchObject({ host: `${PK}.iot-as-mqtt.ap-southeast-1.aliyuncs.com`, port, tls: true });
    }
  });
});
