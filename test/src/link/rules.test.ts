import { describe, expect, it } from 'vitest';
import { createMockBoard } from '../../../hal/mock';
import { createLink, type LinkConfig } from '../../../src';
import { BOARD, boot, MOCK_DEVICE_NAME, PRODUCT_CONFIG, runUntil } from './harness';
import { AUTH_HOST, MQTT_HOST, PS, ScriptedCloud } from './scripted-cloud';

describe('link rules', () => {
  it('halts on invalid configuration with a message naming the field', () => {
    const board = createMockBoard();
    const link = createLink(board.hal, BOARD, { ...PRODUCT_CONFIG, keepalive: 10 });
    link.start();
    expect(link.state()).toBe('HALTED');
    expect(link.lastError()).toMatchObject({ code: 'CONFIG', field: 'keepalive' });
    expect(link.lastError()!.message).toMatch(/keepalive must be an integer from 30 to 1200/);
  });

  it('halts with a remedy when the DeviceName must come from a MAC the board does not have', () => {
    const cloud = new ScriptedCloud();
    const d = boot(cloud, { board: { mac: null } });
    expect(d.link.state()).toBe('HALTED');
    expect(d.link.lastError()).toMatchObject({ code: 'IDENTITY' });
  });

  it('authenticates without a wall clock (the board has none here) using the fixed timestamp', () => {
    const cloud = new ScriptedCloud();
    const d = boot(cloud);
    expect(d.board.hal.clock.wallTime()).toBeUndefined();
    expect(runUntil(d, 'ONLINE')).toBe(true);
    expect(d.board.log.text()).toContain('Guider Timestamp : 2524608000000');
  });

  it('moves an unset wall clock to the configured time floor, for TLS certificate checks', () => {
    const cloud = new ScriptedCloud();
    const floor = Date.UTC(2026, 0, 1);
    const d = boot(cloud, { config: { timeFloorMs: floor } });
    expect(d.board.hal.clock.wallTime()).toBeGreaterThanOrEqual(floor);
    expect(runUntil(d, 'ONLINE')).toBe(true);
  });

  it('leaves a wall clock that is already past the time floor alone', () => {
    const cloud = new ScriptedCloud();
    const now = Date.UTC(2027, 5, 1);
    const d = boot(cloud, { board: { wallTime: now }, config: { timeFloorMs: Date.UTC(2026, 0, 1) } });
    expect(d.board.hal.clock.wallTime()).toBe(now);
  });

  it('gives up on a silent MQTT broker after the configured connect timeout, 10 s when none is configured', () => {
    for (const [configured, expected] of [[undefined, 10_000], [4_000, 4_000]] as const) {
      const cloud = new ScriptedCloud();
      cloud.down = true;
      const config: Partial<LinkConfig> = { deviceName: MOCK_DEVICE_NAME, deviceSecret: 'storedSecretXXXXXXXXXXXXXXXXXXXX', productSecret: undefined };
      if (configured !== undefined) config.connectTimeoutMs = configured;
      const d = boot(cloud, { config });
      const opened = d.board.recorder.calls.find((c) => c.kind === 'net.open')!;
      expect(opened.detail).toContain(MQTT_HOST);
      const openedAt = d.board.clock.now();
      d.board.clock.advance(expected - 1);
      expect(d.link.state()).toBe('CONNECT');
      d.board.clock.advance(1);
      expect(d.link.state()).toBe('BACKOFF');
      expect(d.link.lastError()!.message).toContain('no CONNACK within ' + expected + ' ms');
      expect(d.board.clock.now() - openedAt).toBe(expected);
    }
  });

  it('keeps no registration state once online (the registrar, the credential store and their closures are released for the garbage collector)', () => {
    const d = boot(new ScriptedCloud());
    const held = d.link as unknown as { registrar: unknown; store: unknown };
    runUntil(d, 'REGISTER');
    expect(held.registrar).not.toBeNull();
    expect(held.store).not.toBeNull();
    expect(runUntil(d, 'ONLINE')).toBe(true);
    expect(held.registrar).toBeNull();
    expect(held.store).toBeNull();
    // A later boot makes the store again and finds the registered secret in it.
    d.link.stop();
    d.link.start();
    expect(runUntil(d, 'ONLINE')).toBe(true);
    expect(d.states.filter((s) => s === 'REGISTER').length).toBe(1);
  });

  it('stores the registered secret on a fresh turn, once the registration socket is gone and the registrar released (a 4,000-JsVar board cannot hold both)', () => {
    const d = boot(new ScriptedCloud());
    const held = d.link as unknown as { registrar: unknown };
    // The first kv.set is PERSIST's write of the registered secret.
    let registrarAtWrite: unknown = 'not seen';
    let socketsAtWrite = -1;
    // The cloud closes after its answer ("Connection: close"): the device waits for that close, where Espruino frees
    // the TLS socket's memory, rather than closing its side and going on while the socket is still closing.
    let closedByDevice = false;
    d.board.recorder.onCall = (call) => {
      if (call.kind === 'net.close' && call.detail.startsWith(AUTH_HOST)) closedByDevice = true;
      if (call.kind !== 'kv.set' || socketsAtWrite >= 0) return;
      registrarAtWrite = held.registrar;
      socketsAtWrite = d.board.net.openConnections();
    };
    expect(runUntil(d, 'ONLINE')).toBe(true);
    expect(registrarAtWrite).toBeNull();
    expect(socketsAtWrite).toBe(0);
    expect(closedByDevice).toBe(false);
  });

  it('the registration connection is gone before MQTT opens (one TLS socket at a time)', () => {
    const cloud = new ScriptedCloud();
    const d = boot(cloud); // the mock board allows one TLS socket, as the ESP32 descriptor says
    let socketsAtMqttOpen = -1;
    d.board.recorder.onCall = (call) => {
      if (call.kind === 'net.open' && call.detail.includes(MQTT_HOST) && socketsAtMqttOpen < 0) socketsAtMqttOpen = d.board.net.openConnections();
    };
    expect(runUntil(d, 'ONLINE')).toBe(true);
    expect(socketsAtMqttOpen).toBe(0);
  });

  it('reports a rejected stored secret (CONNACK 4) as credentials rejected, backs off long, and never registers again', () => {
    const cloud = new ScriptedCloud();
    const first = boot(cloud);
    runUntil(first, 'ONLINE');
    cloud.devices.get(MOCK_DEVICE_NAME)!.secret = 'replacedInTheConsoleXXXXXXXXXXXX';
    const d = boot(cloud, { flash: first.board.kv.snapshot() });
    expect(runUntil(d, 'BACKOFF')).toBe(true);
    const error = d.link.lastError()!;
    expect(error.code).toBe('CREDENTIALS_REJECTED');
    expect(error.cloudCode).toBe(4);
    expect(error.message).toMatch(/reset or deleted in the console/);
    expect(error.message).toMatch(/does not register again/);
    const logins = cloud.attempts.length;
    d.board.clock.advance(29 * 60_000);
    expect(cloud.attempts.length).toBe(logins); // nothing before the long backoff ends
    d.board.clock.advance(2 * 60_000);
    expect(cloud.attempts.length).toBe(logins + 1);
    expect(cloud.registrations).toBe(1);
  });

  it('raises a kicked event when the connection keeps dropping right after it comes up', () => {
    const cloud = new ScriptedCloud();
    cloud.kickAfterMs = 2000;
    const d = boot(cloud);
    runUntil(d, (s) => d.events.some((e) => e.type === 'error' && e.error.code === 'KICKED') || s === 'HALTED', 30 * 60_000);
    const kicked = d.events.find((e) => e.type === 'error' && e.error.code === 'KICKED');
    expect(kicked).toMatchObject({ retrying: true });
    expect(d.link.state()).not.toBe('HALTED');
  });

  it('resets the backoff only after a connection that stayed up for the stable time', () => {
    const cloud = new ScriptedCloud();
    cloud.kickAfterMs = 2000;
    const d = boot(cloud);
    runUntil(d, () => d.events.filter((e) => e.type === 'offline').length >= 4, 30 * 60_000);
    expect(d.link.stats().attempts).toBeGreaterThanOrEqual(4);
    cloud.kickAfterMs = 40_000; // longer than stableMs (30 s)
    const offline = d.events.filter((e) => e.type === 'offline').length;
    runUntil(d, () => d.events.filter((e) => e.type === 'offline').length > offline, 30 * 60_000);
    expect(d.link.stats().attempts).toBe(1); // reset to 0 by the stable connection, then this one retry
  });

  it('never prints the ProductSecret or the DeviceSecret in full', () => {
    const cloud = new ScriptedCloud();
    const d = boot(cloud);
    runUntil(d, 'ONLINE');
    const secret = cloud.devices.get(MOCK_DEVICE_NAME)!.secret!;
    const log = d.board.log.text();
    expect(log).toContain('DeviceSecret KV not exist, Now We Need Dynamic Register...');
    expect(log).toContain('mqtt connect success');
    expect(log).toContain(secret.slice(0, 4) + '…');
    expect(log).not.toContain(secret);
    expect(log).not.toContain(PS);
  });

  it('logs every state transition at debug level', () => {
    const cloud = new ScriptedCloud();
    const d = boot(cloud);
    runUntil(d, 'ONLINE');
    const transitions = d.board.log.lines.filter((l) => l.level === 'debug' && l.tag === 'link' && l.message.startsWith('state '));
    expect(transitions.map((l) => l.message)).toEqual([
      'state BOOT -> LOAD',
      'state LOAD -> REGISTER',
      'state REGISTER -> PERSIST',
      'state PERSIST -> CONNECT',
      'state CONNECT -> ONLINE',
    ]);
  });

  it('queues publishes made before it is online and delivers them once connected', () => {
    const cloud = new ScriptedCloud();
    const d = boot(cloud);
    expect(typeof d.link.publish('/a1ExpAkj9Hi/240AC4002F90/user/update', 'early', { qos: 1 })).toBe('number');
    runUntil(d, 'ONLINE');
    d.board.clock.advance(1000);
    expect(cloud.received.map((m) => m.payload)).toEqual(['early']);
  });

  it('accepts a subscription made before start() and sends it once connected', () => {
    const cloud = new ScriptedCloud();
    const board = createMockBoard({ seed: 1 });
    cloud.attach(board);
    const link = createLink(board.hal, BOARD, PRODUCT_CONFIG);
    expect(link.subscribe('/sys/a1ExpAkj9Hi/240AC4002F90/thing/service/property/set', 1)).toBeNull();
    link.start();
    for (let i = 0; i < 200 && link.state() !== 'ONLINE'; i++) board.clock.advance(50);
    board.clock.advance(500);
    const messages: string[] = [];
    link.on('message', (e) => e.type === 'message' && messages.push(Buffer.from(e.payload).toString()));
    cloud.publishTo(MOCK_DEVICE_NAME, '/sys/a1ExpAkj9Hi/240AC4002F90/thing/service/property/set', '{"id":"2","params":{}}', 1);
    board.clock.advance(500);
    expect(messages).toEqual(['{"id":"2","params":{}}']);
  });

  it('delivers cloud messages to subscribers', () => {
    const cloud = new ScriptedCloud();
    const d = boot(cloud);
    d.link.subscribe('/sys/a1ExpAkj9Hi/240AC4002F90/thing/service/property/set', 1);
    runUntil(d, 'ONLINE');
    d.board.clock.advance(1000);
    cloud.publishTo(MOCK_DEVICE_NAME, '/sys/a1ExpAkj9Hi/240AC4002F90/thing/service/property/set', '{"id":"1","params":{"x":1}}', 1);
    d.board.clock.advance(1000);
    const message = d.events.find((e) => e.type === 'message');
    expect(message && Buffer.from(message.payload).toString()).toBe('{"id":"1","params":{"x":1}}');
  });
});
