import { describe, expect, it } from 'vitest';
import { createCredentialStore } from '../../../src/provision/store/credential-store';
import { boot, MOCK_DEVICE_NAME, runUntil } from './harness';
import { ScriptedCloud } from './scripted-cloud';

describe('link: the seed story on the mock board', () => {
  it('first boot registers, stores the secret, reads it back and connects', () => {
    const cloud = new ScriptedCloud();
    const d = boot(cloud);
    expect(runUntil(d, 'ONLINE')).toBe(true);
    expect(d.states).toEqual(['LOAD', 'REGISTER', 'PERSIST', 'CONNECT', 'ONLINE']);
    expect(cloud.registrations).toBe(1);
    const stored = createCredentialStore(d.board.hal, 'cred').load();
    expect(stored.status === 'OK' && stored.credential.kind === 'deviceSecret' && stored.credential.deviceSecret).toBe(
      cloud.devices.get(MOCK_DEVICE_NAME)!.secret,
    );
    expect(cloud.devices.get(MOCK_DEVICE_NAME)!.active).toBe(true);
  });

  it('stores and verifies the secret before it ever opens the MQTT connection', () => {
    const cloud = new ScriptedCloud();
    const d = boot(cloud);
    runUntil(d, 'ONLINE');
    const calls = d.board.recorder.calls;
    const lastStoreWrite = calls.filter((c) => c.kind === 'kv.set').at(-1)!.seq;
    const mqttOpen = calls.find((c) => c.kind === 'net.open' && c.detail.includes('iot-as-mqtt'))!.seq;
    const readBack = calls.filter((c) => c.kind === 'kv.get' && c.seq > lastStoreWrite && c.seq < mqttOpen);
    expect(lastStoreWrite).toBeLessThan(mqttOpen);
    expect(readBack.length).toBeGreaterThan(0);
  });

  it('second boot reuses the stored secret and never registers', () => {
    const cloud = new ScriptedCloud();
    const first = boot(cloud);
    runUntil(first, 'ONLINE');
    const second = boot(cloud, { flash: first.board.kv.snapshot() });
    expect(runUntil(second, 'ONLINE')).toBe(true);
    expect(second.states).toEqual(['LOAD', 'CONNECT', 'ONLINE']);
    expect(cloud.registrations).toBe(1);
  });

  it('wiped storage: 6289, HALTED with the remedy, and no further registration attempts', () => {
    const cloud = new ScriptedCloud();
    const first = boot(cloud);
    runUntil(first, 'ONLINE');
    const wiped = boot(cloud);
    expect(runUntil(wiped, 'HALTED')).toBe(true);
    const error = wiped.link.lastError()!;
    expect(error.code).toBe('ALREADY_ACTIVE');
    expect(error.message).toMatch(/ResetThing/);
    expect(error.message).toMatch(/restore its stored DeviceSecret/);
    const attempts = cloud.refusedAsActive;
    wiped.board.clock.advance(24 * 3600 * 1000);
    expect(cloud.refusedAsActive).toBe(attempts);
    expect(wiped.link.state()).toBe('HALTED');
  });

  it('registers again after the device is reset in the cloud (ResetThing)', () => {
    const cloud = new ScriptedCloud();
    expect(runUntil(boot(cloud), 'ONLINE')).toBe(true);
    expect(runUntil(boot(cloud), 'HALTED')).toBe(true);
    cloud.reset(MOCK_DEVICE_NAME);
    const again = boot(cloud);
    expect(runUntil(again, 'ONLINE')).toBe(true);
    expect(again.states).toEqual(['LOAD', 'REGISTER', 'PERSIST', 'CONNECT', 'ONLINE']);
    expect(cloud.registrations).toBe(2);
  });
});
