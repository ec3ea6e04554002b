import { describe, expect, it } from 'vitest';
import { resolveConfig, type LinkConfig } from '../../../src/link/config';

const perProduct: LinkConfig = { productKey: 'a1ExpAkj9Hi', productSecret: 'ffFnFlKQW3HYjjPR' };
const perDevice: LinkConfig = { productKey: 'a1ExpAkj9Hi', deviceName: 'Example_dyn1', deviceSecret: 'KGQQFFlGinIipW9Xn7xQ5U6d6MokPZD4' };

describe('link configuration', () => {
  it('fills the SDK-equivalent defaults: dynamic registration over HTTPS for a product certificate', () => {
    const r = resolveConfig(perProduct, 'mac');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      dynamicRegistration: true,
      registration: 'https',
      region: 'cn-shanghai',
      tls: true,
      authMode: 'direct',
      keepalive: 300,
      cleanSession: false,
      signMethod: 'hmacsha256',
      deviceNameFrom: 'mac',
    });
  });

  it('takes the DeviceName from configuration when one is given, and no registration with a device certificate', () => {
    const r = resolveConfig(perDevice, 'mac');
    expect(r.ok && r.value.deviceNameFrom).toBe('config');
    expect(r.ok && r.value.dynamicRegistration).toBe(false);
  });

  const invalid: [string, LinkConfig, string][] = [
    ['no product key', { productSecret: 'x' } as LinkConfig, 'productKey'],
    ['product key with a bad character', { ...perProduct, productKey: 'a1-b' }, 'productKey'],
    ['no certificate at all', { productKey: 'a1ExpAkj9Hi' }, 'deviceSecret'],
    ['dynamic registration without the product secret', { ...perDevice, dynamicRegistration: true }, 'productSecret'],
    ['registration off without a device secret', { ...perProduct, dynamicRegistration: false }, 'deviceSecret'],
    ['a DeviceName too short', { ...perDevice, deviceName: 'abc' }, 'deviceName'],
    ['deviceNameFrom config without a name', { ...perProduct, deviceNameFrom: 'config' }, 'deviceName'],
    ['an unknown region', { ...perProduct, region: 'mars-1' as never }, 'region'],
    ['keepalive 10 s', { ...perProduct, keepalive: 10 }, 'keepalive'],
    ['keepalive 1201 s', { ...perProduct, keepalive: 1201 }, 'keepalive'],
    ['an unknown registration method', { ...perProduct, registration: 'carrier-pigeon' as never }, 'registration'],
    ['MQTT registration over plain TCP', { ...perProduct, registration: 'mqtt-regnwl', transport: 'tcp' }, 'transport'],
    ['a port out of range', { ...perProduct, mqttPort: 70000 }, 'mqttPort'],
    ['a host with a space', { ...perProduct, authHost: 'bad host' }, 'authHost'],
    ['an unknown sign method', { ...perProduct, signMethod: 'hmacsha512' as never }, 'signMethod'],
    ['a backoff cap below its base', { ...perProduct, backoff: { baseMs: 5000, capMs: 1000 } }, 'backoff.capMs'],
    ['a negative flap window', { ...perProduct, flapWindowMs: -1 }, 'flapWindowMs'],
    ['a connect timeout that is not a number', { ...perProduct, connectTimeoutMs: '10' as never }, 'connectTimeoutMs'],
    ['a negative backoff stable time', { ...perProduct, backoff: { stableMs: -1 } }, 'backoff.stableMs'],
    ['an infinite backoff base', { ...perProduct, backoff: { baseMs: Infinity } }, 'backoff.baseMs'],
    ['an unknown transport', { ...perProduct, transport: 'udp' as never }, 'transport'],
    ['an instanceId with an underscore', { ...perProduct, instanceId: 'iot_1' }, 'instanceId'],
  ];

  it.each(invalid)('names the field to fix for %s', (_what, config, field) => {
    const r = resolveConfig(config, 'mac');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.field).toBe(field);
    expect(r.error.message).toContain(field);
  });

  it('accepts a zero backoff stable time (every connection resets the backoff)', () => {
    const r = resolveConfig({ ...perProduct, backoff: { stableMs: 0 } }, 'mac');
    expect(r.ok && r.value.backoff.stableMs).toBe(0);
  });

  it('never puts a secret into an error message', () => {
    const r = resolveConfig({ ...perDevice, deviceSecret: 'has space secret' }, 'mac');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).not.toContain('has space secret');
  });
});
