// The registry on its own: shapes of what it issues, the activation rules, ResetThing, tokens, and that two
// handles on one data dir (the CLI beside a running cloud) see each other's writes.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IOT_TOKEN_TTL_MS, Registry, RegistryError } from '../../../scripts/cloud/index';
import { removeDir, tempDir } from './helpers';

const opened: { registry: Registry; dir: string }[] = [];
function open(dir = tempDir()): Registry {
  const registry = Registry.open(dir);
  opened.push({ registry, dir });
  return registry;
}

afterEach(() => {
  for (const o of opened.splice(0)) {
    o.registry.close();
    removeDir(o.dir);
  }
});

const T = 1_700_000_000_000;

describe('registry', () => {
  it('issues ProductKeys, ProductSecrets and DeviceSecrets in the console shapes', () => {
    const r = open();
    const dyn = r.products.add({ dynamicRegistration: true }, T);
    expect(dyn.productKey).toMatch(/^a1[A-Za-z0-9]{9}$/);
    expect(dyn.productSecret).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(dyn.region).toBe('cn-shanghai');
    const plain = r.products.add({ productKey: 'a1Given0001', region: 'us-east-1' }, T);
    expect(r.devices.add(plain.productKey, ['d-0001'], T).added[0].deviceSecret).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(r.devices.add(dyn.productKey, ['d-0001'], T).added[0].deviceSecret).toBeNull();
  });

  it('refuses a duplicate product, a bad ProductKey or region, and devices of an unknown product', () => {
    const r = open();
    r.products.add({ productKey: 'a1Dup000001' }, T);
    expect(() => r.products.add({ productKey: 'a1Dup000001' }, T)).toThrow(RegistryError);
    expect(() => r.products.add({ productKey: 'bad key' }, T)).toThrow(/productKey/);
    expect(() => r.products.add({ region: 'mars-1' as never }, T)).toThrow(/region/);
    expect(() => r.devices.add('a1Nope00001', ['d-0001'], T)).toThrow(/not found/);
  });

  it('adds a batch all or nothing, and reports the names that already exist', () => {
    const r = open();
    const pk = r.products.add({}, T).productKey;
    expect(() => r.devices.add(pk, ['good-01', 'no'], T)).toThrow(/deviceName/);
    expect(r.devices.list(pk)).toEqual([]);
    r.devices.add(pk, ['good-01'], T);
    const batch = r.devices.add(pk, ['good-01', 'AA:BB:CC:DD:EE:FF', 'good-02', 'good-02'], T);
    expect(batch.existing.map((d) => d.deviceName)).toEqual(['good-01']);
    expect(batch.added.map((d) => d.deviceName)).toEqual(['AA:BB:CC:DD:EE:FF', 'good-02']);
    expect(r.devices.list(pk).map((d) => d.deviceName)).toEqual(['good-01', 'AA:BB:CC:DD:EE:FF', 'good-02']);
  });

  it('before activation every registration replaces the secret; the first login activates and locks registration', () => {
    const r = open();
    const pk = r.products.add({ dynamicRegistration: true }, T).productKey;
    r.devices.add(pk, ['life-01'], T);
    const a = r.lifecycle.register(pk, 'life-01', T);
    const b = r.lifecycle.register(pk, 'life-01', T + 1);
    if (!a.ok || !b.ok) throw new Error('registration failed');
    expect(a.value.deviceSecret).not.toBe(b.value.deviceSecret);
    expect(r.lifecycle.loginWithSecret(pk, 'life-01', (s) => s === a.value.deviceSecret, T + 2)).toEqual({ ok: false, reason: 'bad-credentials' });
    const login = r.lifecycle.loginWithSecret(pk, 'life-01', (s) => s === b.value.deviceSecret, T + 3);
    expect(login.ok && login.value.activated).toBe(true);
    expect(r.devices.get(pk, 'life-01')).toMatchObject({ state: 'active', activatedAt: T + 3, registrationLocked: true });
    expect(r.lifecycle.register(pk, 'life-01', T + 4)).toEqual({ ok: false, reason: 'already-active' });
    const again = r.lifecycle.loginWithSecret(pk, 'life-01', () => true, T + 5);
    expect(again.ok && again.value.activated).toBe(false);
  });

  it('ResetThing reopens registration but keeps the activation state and time', () => {
    const r = open();
    const pk = r.products.add({ dynamicRegistration: true }, T).productKey;
    r.devices.add(pk, ['life-02'], T);
    r.lifecycle.register(pk, 'life-02', T);
    r.lifecycle.loginWithSecret(pk, 'life-02', () => true, T + 1);
    const reset = r.devices.reset(pk, 'life-02');
    expect(reset).toMatchObject({ state: 'active', activatedAt: T + 1, registrationLocked: false });
    expect(r.lifecycle.register(pk, 'life-02', T + 2).ok).toBe(true);
    expect(() => r.devices.reset(pk, 'nobody-here')).toThrow(/not found/);
  });

  it('refuses registration for a product without dynamic registration and for devices not pre-registered', () => {
    const r = open();
    const plain = r.products.add({}, T).productKey;
    r.devices.add(plain, ['plain-01'], T);
    expect(r.lifecycle.register(plain, 'plain-01', T)).toEqual({ ok: false, reason: 'dynreg-disabled' });
    const dyn = r.products.add({ dynamicRegistration: true }, T).productKey;
    expect(r.lifecycle.register(dyn, 'ghost-01', T)).toEqual({ ok: false, reason: 'device-not-found' });
    expect(r.lifecycle.register('a1Nope00001', 'ghost-01', T)).toEqual({ ok: false, reason: 'product-not-found' });
  });

  it('registration-free registration creates the device and issues clientId and deviceToken', () => {
    const r = open();
    const pk = r.products.add({ dynamicRegistration: true }, T).productKey;
    const nwl = r.lifecycle.registerWithoutPreRegistration(pk, 'free-01', T);
    if (!nwl.ok) throw new Error(nwl.reason);
    expect(nwl.value.clientId.startsWith(`${pk}.free-01.`)).toBe(true);
    expect(nwl.value.clientId.length).toBeLessThanOrEqual(64);
    expect(r.lifecycle.loginWithDeviceToken(pk, 'free-01', nwl.value.clientId, 'wrong', T).ok).toBe(false);
    expect(r.lifecycle.loginWithDeviceToken(pk, 'free-01', 'other-client', nwl.value.deviceToken, T).ok).toBe(false);
    expect(r.lifecycle.loginWithDeviceToken(pk, 'free-01', nwl.value.clientId, nwl.value.deviceToken, T).ok).toBe(true);
    expect(r.lifecycle.registerWithoutPreRegistration(pk, 'free-01', T)).toEqual({ ok: false, reason: 'already-active' });
  });

  it('an iotToken works for 7 days and then expires', () => {
    const r = open();
    const pk = r.products.add({}, T).productKey;
    r.devices.add(pk, ['tok-01'], T);
    const issued = r.lifecycle.issueIotToken(pk, 'tok-01', T);
    if (!issued.ok) throw new Error(issued.reason);
    expect(issued.value.expiresAt).toBe(T + IOT_TOKEN_TTL_MS);
    expect(r.lifecycle.loginWithIotToken(issued.value.iotId, issued.value.iotToken, T + IOT_TOKEN_TTL_MS - 1).ok).toBe(true);
    expect(r.lifecycle.loginWithIotToken(issued.value.iotId, issued.value.iotToken, T + IOT_TOKEN_TTL_MS)).toEqual({ ok: false, reason: 'token-expired' });
  });

  it('two handles on one data dir (CLI beside a running cloud) see each other and the file is in WAL mode', () => {
    const dir = tempDir();
    const a = open(dir);
    const b = Registry.open(dir);
    try {
      const pk = a.products.add({ dynamicRegistration: true }, T).productKey;
      b.devices.add(pk, ['shared-01'], T);
      expect(a.devices.get(pk, 'shared-01')).toBeDefined();
      const reg = a.lifecycle.register(pk, 'shared-01', T);
      expect(reg.ok && b.devices.get(pk, 'shared-01')?.deviceSecret).toBe(reg.ok && reg.value.deviceSecret);
    } finally {
      b.close();
    }
    // WAL: a -wal file sits beside the database while a handle is open.
    expect(existsSync(join(dir, 'registry.sqlite3-wal'))).toBe(true);
  });
});
