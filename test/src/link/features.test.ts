// Build-time features on Node: every feature is present unless a test switches its global off, as the bundler
// does for an image built without it (boards/*.ts, image.features).
import { afterEach, describe, expect, it } from 'vitest';
import '../../../src/features';
import { boot, MOCK_DEVICE_NAME, runUntil } from './harness';
import { ScriptedCloud } from './scripted-cloud';

const FLAGS = ['ALIOT_REGISTER_HTTPS', 'ALIOT_REGISTER_MQTT', 'ALIOT_REGISTER_NWL', 'ALIOT_AUTH_HTTPS', 'ALIOT_SIGN_SHA1', 'ALIOT_SIGN_MD5', 'ALIOT_PURE_HASH', 'ALIOT_LOG_INFO', 'ALIOT_LOG_DEBUG'];
const globals = globalThis as unknown as Record<string, boolean>;

function without(...names: string[]): void {
  for (const name of names) globals[name] = false;
}

afterEach(() => {
  for (const name of FLAGS) globals[name] = true;
});

describe('build-time features', () => {
  it('are all present on Node where no bundler replaced them', () => {
    for (const name of FLAGS) expect(globals[name]).toBe(true);
  });

  it.each([
    ['ALIOT_REGISTER_MQTT', { registration: 'mqtt-register' }, 'registration', 'registration mqtt-register is not built into this image'],
    ['ALIOT_REGISTER_NWL', { registration: 'mqtt-regnwl' }, 'registration', 'registration mqtt-regnwl is not built into this image'],
    ['ALIOT_REGISTER_HTTPS', {}, 'registration', 'registration https is not built into this image'],
    ['ALIOT_AUTH_HTTPS', { authMode: 'https' }, 'authMode', 'authMode https is not built into this image'],
    ['ALIOT_SIGN_SHA1', { signMethod: 'hmacsha1' }, 'signMethod', 'signMethod hmacsha1 is not built into this image'],
    ['ALIOT_SIGN_MD5', { signMethod: 'hmacmd5' }, 'signMethod', 'signMethod hmacmd5 is not built into this image'],
  ] as const)('an image without %s halts with CONFIG naming the field when the configuration asks for it', (flag, config, field, message) => {
    without(flag);
    const d = boot(new ScriptedCloud(), { config });
    expect(d.link.state()).toBe('HALTED');
    expect(d.link.lastError()).toMatchObject({ code: 'CONFIG', field });
    expect(d.link.lastError()!.message).toContain(message);
  });

  it('a board without native hashes in an image without our own never goes online on a wrong signature: the error names the missing hash', () => {
    without('ALIOT_PURE_HASH', 'ALIOT_SIGN_MD5');
    const d = boot(new ScriptedCloud());
    runUntil(d, (s) => s === 'ONLINE' || s === 'HALTED', 5_000);
    expect(d.link.state()).not.toBe('ONLINE');
    expect(d.board.log.text()).toContain('neither this image nor the board has sha256');
  });

  it('a device with its DeviceSecret needs no registration method at all', () => {
    without('ALIOT_REGISTER_HTTPS', 'ALIOT_REGISTER_MQTT', 'ALIOT_REGISTER_NWL');
    const cloud = new ScriptedCloud();
    const secret = 'burnedInDeviceSecretXXXXXXXXXXXX';
    cloud.devices.set(MOCK_DEVICE_NAME, { secret, active: true, issued: [secret], hadSession: false });
    const d = boot(cloud, { config: { productSecret: undefined, deviceName: MOCK_DEVICE_NAME, deviceSecret: secret } });
    expect(runUntil(d, 'ONLINE')).toBe(true);
    expect(cloud.registrations).toBe(0);
  });

  it('the lean set (HTTPS registration, hmacsha256, native hashes, warnings only) tells the first boot and writes no info or debug line (the full set writes both)', () => {
    const chatty = boot(new ScriptedCloud());
    expect(runUntil(chatty, 'ONLINE')).toBe(true);
    const everyLevel = chatty.board.log.lines.map((l) => l.level);
    expect(everyLevel).toContain('info');
    expect(everyLevel).toContain('debug');

    without('ALIOT_REGISTER_MQTT', 'ALIOT_REGISTER_NWL', 'ALIOT_AUTH_HTTPS', 'ALIOT_SIGN_SHA1', 'ALIOT_SIGN_MD5', 'ALIOT_PURE_HASH', 'ALIOT_LOG_INFO', 'ALIOT_LOG_DEBUG');
    const cloud = new ScriptedCloud();
    const d = boot(cloud, { board: { caps: { hasNativeHash: true } } }); // the lean set has no hash of its own
    expect(runUntil(d, 'ONLINE')).toBe(true);
    expect(cloud.registrations).toBe(1);
    expect(d.board.log.lines.filter((l) => l.level === 'info' || l.level === 'debug')).toEqual([]);
  });
});
