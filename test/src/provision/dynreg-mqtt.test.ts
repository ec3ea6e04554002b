import { describe, expect, it } from 'vitest';
import type { MockBoard } from '../../../hal/mock';
import {
  connwlCredentials,
  createCredentialStore,
  startDynregMqtt,
  type DynregMqttResult,
  type DynregMqttRunOptions,
} from '../../../src/provision';
import { hmacHex, PRODUCT, SIZES } from './harness';
import { connack, devicePackets, MQTT_CA, MQTT_HOST, mqttServer, publish, type MqttScript } from './mqtt-peer';

const REGISTER_REPLY = '{"productKey":"a1ExpAkj9Hi","deviceName":"Example_dyn1","deviceSecret":"KGQQFFlGinIipW9Xn7xQ5U6d6MokPZD4"}';
const REGNWL_REPLY = '{"productKey":"a1ExpAkj9Hi","deviceName":"Example_dyn1","clientId":"a1ExpAkj9Hi.Example_dyn1.8f3c","deviceToken":"tok3n0f7hed3v1ce"}';

const register: DynregMqttRunOptions = { ...PRODUCT, authType: 'register', ca: [MQTT_CA] };
const regnwl: DynregMqttRunOptions = { ...PRODUCT, authType: 'regnwl', ca: [MQTT_CA] };

function run(script: MqttScript, options: DynregMqttRunOptions = register, boardOptions = {}) {
  const server = mqttServer(script, boardOptions);
  const results: DynregMqttResult[] = [];
  const started = startDynregMqtt(server.board.hal, SIZES, options, (r) => results.push(r));
  return { ...server, results, started };
}

/** Packet names the device sent on the first connection. */
function sent(s: { peers: { received(): Uint8Array }[] }): string[] {
  const parsed = devicePackets(s.peers[0] as never);
  expect(parsed.errors).toEqual([]);
  return parsed.packets.map((p) => p.cmd);
}

const answer = (...packets: Uint8Array[]): MqttScript => (peer) => packets.forEach((p) => peer.send(p));

describe('dynamic registration over MQTT', () => {
  it('register: CONNECT with the -2 credentials, CONNACK 0, result from /ext/register, then DISCONNECT and close — never SUBSCRIBE', () => {
    const s = run(answer(connack(0), publish('/ext/register', REGISTER_REPLY)));
    s.board.clock.advance(1_000);
    expect(s.results).toEqual([{ ok: true, value: { kind: 'deviceSecret', productKey: PRODUCT.productKey, deviceName: PRODUCT.deviceName, deviceSecret: 'KGQQFFlGinIipW9Xn7xQ5U6d6MokPZD4' } }]);
    expect(sent(s)).toEqual(['connect', 'disconnect']);
    expect(s.board.net.openConnections()).toBe(0);
    expect(s.board.clock.pendingTimers()).toEqual([]);
    const connect = devicePackets(s.peers[0]).packets[0] as { clientId: string; username: string; password: Buffer; clean: boolean };
    const random = /random=([A-Za-z0-9]+)/.exec(connect.clientId)![1];
    expect(connect.clientId).toBe(`a1ExpAkj9Hi.Example_dyn1|securemode=2,authType=register,random=${random},signmethod=hmacsha256|`);
    expect(connect.username).toBe('Example_dyn1&a1ExpAkj9Hi');
    expect(connect.password.toString()).toBe(hmacHex('sha256', PRODUCT.productSecret, `deviceNameExample_dyn1productKeya1ExpAkj9Hirandom${random}`));
    expect(s.peers[0].options).toMatchObject({ host: MQTT_HOST, port: 8883, tls: true });
  });

  it('the session is over (DISCONNECT written, socket closed) when the caller gets the result, so it may open the next TLS socket at once', () => {
    const s = mqttServer(answer(connack(0), publish('/ext/register', REGISTER_REPLY)));
    const store = createCredentialStore(s.board.hal);
    let writesAtCallback = -1;
    let closesAtCallback = -1;
    startDynregMqtt(s.board.hal, SIZES, register, (r) => {
      writesAtCallback = s.board.recorder.count('net.write');
      closesAtCallback = s.board.recorder.count('net.close');
      if (r.ok) store.save(r.value);
    });
    s.board.clock.advance(1_000);
    expect(writesAtCallback).toBe(2);
    expect(closesAtCallback).toBe(1);
    expect(s.board.recorder.count('net.write')).toBe(2);
    expect(store.load()).toMatchObject({ status: 'OK', credential: { kind: 'deviceSecret', deviceSecret: 'KGQQFFlGinIipW9Xn7xQ5U6d6MokPZD4' } });
  });

  it('receives into the buffer it is lent (the idle MQTT client\'s), allocating no receive buffer of its own', () => {
    // The reply arrives in two chunks, so its body is staged in the receive buffer (the decoder reads a packet
    // that lies whole in one chunk straight from the chunk).
    const reply = publish('/ext/register', REGISTER_REPLY);
    const server = mqttServer(answer(connack(0), reply.subarray(0, 20), reply.subarray(20)));
    const lent = new Uint8Array(SIZES.mqttRxBuffer);
    let asked = 0;
    const results: DynregMqttResult[] = [];
    const sizes = { ...SIZES, borrowRx: () => (asked++, lent) };
    startDynregMqtt(server.board.hal, sizes, register, (r) => results.push(r));
    server.board.clock.advance(1_000);
    expect(asked).toBe(1);
    expect(results[0]).toMatchObject({ ok: true, value: { deviceSecret: 'KGQQFFlGinIipW9Xn7xQ5U6d6MokPZD4' } });
    // The reply's PUBLISH passed through the lent buffer.
    expect(Buffer.from(lent).toString('latin1')).toContain('KGQQFFlGinIipW9Xn7xQ5U6d6MokPZD4');
  });

  it('regnwl: securemode -2, result from /ext/regnwl, then the connwl token login data', () => {
    const s = run(answer(connack(0), publish('/ext/regnwl', REGNWL_REPLY)), regnwl);
    s.board.clock.advance(1_000);
    expect(s.results).toHaveLength(1);
    const r = s.results[0];
    if (!r.ok || r.value.kind !== 'deviceToken') throw new Error('expected a regnwl result');
    expect(r.value).toEqual({ kind: 'deviceToken', productKey: 'a1ExpAkj9Hi', deviceName: 'Example_dyn1', clientId: 'a1ExpAkj9Hi.Example_dyn1.8f3c', deviceToken: 'tok3n0f7hed3v1ce' });
    const connect = devicePackets(s.peers[0]).packets[0] as { clientId: string };
    expect(connect.clientId).toMatch(/^a1ExpAkj9Hi\.Example_dyn1\|securemode=-2,authType=regnwl,random=[A-Za-z0-9]{15},signmethod=hmacsha256\|$/);
    expect(sent(s)).toEqual(['connect', 'disconnect']);
    const login = connwlCredentials(r.value);
    expect(login).toEqual({
      ok: true,
      value: expect.objectContaining({
        host: MQTT_HOST,
        port: 8883,
        tls: true,
        secureMode: -2,
        clientId: 'a1ExpAkj9Hi.Example_dyn1.8f3c|securemode=-2,authType=connwl|',
        username: 'Example_dyn1&a1ExpAkj9Hi',
        password: 'tok3n0f7hed3v1ce',
      }),
    });
  });

  it('a QoS 1 result is acknowledged (PUBACK) before DISCONNECT', () => {
    const s = run(answer(connack(0), publish('/ext/register', REGISTER_REPLY, 1, 77)));
    s.board.clock.advance(1_000);
    expect(s.results[0].ok).toBe(true);
    const packets = devicePackets(s.peers[0]).packets;
    expect(packets.map((p) => p.cmd)).toEqual(['connect', 'puback', 'disconnect']);
    expect((packets[1] as { messageId: number }).messageId).toBe(77);
  });

  it('works with the server bytes arriving one at a time', () => {
    const s = run(answer(connack(0), publish('/ext/register', REGISTER_REPLY)), register, { chunking: 'byte' as const, latency: 1 });
    s.board.clock.advance(5_000);
    expect(s.results).toHaveLength(1);
    expect(s.results[0].ok).toBe(true);
  });

  it('a publish on another topic is ignored; the reply topic then completes it', () => {
    const s = run(answer(connack(0), publish('/sys/a1ExpAkj9Hi/Example_dyn1/thing/x', '{}'), publish('/ext/register', REGISTER_REPLY)));
    s.board.clock.advance(1_000);
    expect(s.results).toHaveLength(1);
    expect(s.results[0].ok).toBe(true);
  });

  const refusals: [number, string, boolean][] = [
    [2, 'INVALID_PARAMS', false],
    [3, 'SERVER_ERROR', true],
    [4, 'AUTH_FAILED', false],
    [5, 'AUTH_FAILED', false],
    [1, 'REJECTED', false],
  ];
  for (const [code, expected, retryable] of refusals) {
    it(`CONNACK ${code} → ${expected} (retryable: ${retryable}); the socket is closed, no DISCONNECT follows a refusal`, () => {
      const s = run(answer(connack(code)));
      s.board.clock.advance(1_000);
      expect(s.results).toEqual([{ ok: false, error: expect.objectContaining({ code: expected, retryable, connackCode: code }) }]);
      expect(sent(s)).toEqual(['connect']);
      expect(s.board.net.openConnections()).toBe(0);
    });
  }

  it('CONNACK 2 names TLS as a possible cause', () => {
    const s = run(answer(connack(2)));
    s.board.clock.advance(1_000);
    const r = s.results[0];
    expect(!r.ok && r.error.message).toMatch(/TLS/);
  });

  it('the 15 s deadline: no result by then is TIMEOUT, the session is ended and closed', () => {
    const s = run(answer(connack(0)));
    s.board.clock.advance(14_999);
    expect(s.results).toHaveLength(0);
    s.board.clock.advance(1);
    expect(s.results).toEqual([{ ok: false, error: expect.objectContaining({ code: 'TIMEOUT', retryable: true }) }]);
    s.board.clock.advance(10);
    expect(sent(s)).toEqual(['connect', 'disconnect']);
    expect(s.board.net.openConnections()).toBe(0);
  });

  it('the deadline also covers a server that never sends CONNACK', () => {
    const s = run(() => {});
    s.board.clock.advance(15_000);
    expect(s.results).toEqual([{ ok: false, error: expect.objectContaining({ code: 'TIMEOUT' }) }]);
    expect(s.board.net.openConnections()).toBe(0);
  });

  it('a result after the deadline is never delivered', () => {
    const s = run((peer, _c, board: MockBoard) => {
      peer.send(connack(0));
      board.clock.setTimer(16_000, () => peer.send(publish('/ext/register', REGISTER_REPLY)));
    });
    s.board.clock.advance(60_000);
    expect(s.results).toHaveLength(1);
    expect(s.results[0]).toMatchObject({ ok: false, error: { code: 'TIMEOUT' } });
  });

  it('no auto-reconnect: after a failure or a server close, nothing is opened again', () => {
    for (const script of [answer(connack(3)), (peer: { send(b: Uint8Array): void; end(): void }) => { peer.send(connack(0)); peer.end(); }] as MqttScript[]) {
      const s = run(script);
      s.board.clock.advance(120_000);
      expect(s.results).toHaveLength(1);
      expect(s.board.recorder.count('net.open')).toBe(1);
    }
  });

  it('the server closing before the result is CLOSED_EARLY (retryable)', () => {
    const s = run((peer) => {
      peer.send(connack(0));
      peer.close('PEER_CLOSE_NOTIFY');
    });
    s.board.clock.advance(1_000);
    expect(s.results).toEqual([{ ok: false, error: expect.objectContaining({ code: 'CLOSED_EARLY', retryable: true }) }]);
  });

  it('network failures are NETWORK carrying the HAL code', () => {
    const s = mqttServer(() => {});
    s.board.net.refuse(`${MQTT_HOST}:8883`);
    const results: DynregMqttResult[] = [];
    startDynregMqtt(s.board.hal, SIZES, register, (r) => results.push(r));
    s.board.clock.advance(100);
    expect(results).toEqual([{ ok: false, error: expect.objectContaining({ code: 'NETWORK', halCode: 'REFUSED', retryable: true }) }]);
  });

  it('a reply the board cannot hold (over mqttRxBuffer) is BAD_RESPONSE, not a silent wait', () => {
    const s = mqttServer(answer(connack(0), publish('/ext/register', REGISTER_REPLY + ' '.repeat(300))));
    const results: DynregMqttResult[] = [];
    startDynregMqtt(s.board.hal, { ...SIZES, mqttRxBuffer: 128 }, register, (r) => results.push(r));
    s.board.clock.advance(1_000);
    expect(results).toEqual([{ ok: false, error: expect.objectContaining({ code: 'BAD_RESPONSE', message: expect.stringMatching(/mqttRxBuffer/) }) }]);
  });

  const badReplies: [string, string, string][] = [
    ['not JSON', 'not json', 'BAD_RESPONSE'],
    ['no deviceSecret', '{"productKey":"a1ExpAkj9Hi","deviceName":"Example_dyn1"}', 'BAD_RESPONSE'],
    ['another device', REGISTER_REPLY.replace('Example_dyn1', 'Other_device'), 'BAD_RESPONSE'],
    ['a cloud error code', '{"code":6289,"message":"device is already active"}', 'ALREADY_ACTIVE'],
  ];
  for (const [what, payload, code] of badReplies) {
    it(`a reply with ${what} is ${code}`, () => {
      const s = run(answer(connack(0), publish('/ext/register', payload)));
      s.board.clock.advance(1_000);
      expect(s.results).toEqual([{ ok: false, error: expect.objectContaining({ code }) }]);
      expect(s.board.net.openConnections()).toBe(0);
    });
  }

  it('a protocol violation (PUBLISH before CONNACK) is BAD_RESPONSE and closes', () => {
    const s = run(answer(publish('/ext/register', REGISTER_REPLY)));
    s.board.clock.advance(1_000);
    expect(s.results).toEqual([{ ok: false, error: expect.objectContaining({ code: 'BAD_RESPONSE' }) }]);
    expect(s.board.net.openConnections()).toBe(0);
  });

  it('after abort no callback fires and the socket is closed', () => {
    const s = run((peer, _c, board: MockBoard) => {
      peer.send(connack(0));
      board.clock.setTimer(3_000, () => peer.send(publish('/ext/register', REGISTER_REPLY)));
    });
    s.board.clock.advance(1_000);
    if (!s.started.ok) throw new Error('not started');
    s.started.attempt.abort();
    s.board.clock.advance(60_000);
    expect(s.results).toHaveLength(0);
    expect(s.board.net.openConnections()).toBe(0);
  });

  it('CONNECT larger than mqttTxBuffer is refused before anything is opened', () => {
    const s = mqttServer(() => {});
    const started = startDynregMqtt(s.board.hal, { ...SIZES, mqttTxBuffer: 32 }, register, () => {
      throw new Error('no callback expected');
    });
    expect(started).toMatchObject({ ok: false, error: { code: 'INVALID_CONFIG', message: expect.stringMatching(/mqttTxBuffer/) } });
    expect(s.board.recorder.count('net.open')).toBe(0);
  });

  it('never sends SUBSCRIBE, whatever the server does', () => {
    const scripts: MqttScript[] = [
      answer(connack(0), publish('/ext/register', REGISTER_REPLY)),
      answer(connack(0), publish('/ext/register', REGISTER_REPLY, 1, 9)),
      answer(connack(0)),
      answer(connack(4)),
      answer(connack(0), publish('/other', 'x')),
      answer(connack(0), publish('/ext/register', 'garbage')),
      () => {},
    ];
    for (const script of scripts) {
      for (const o of [register, regnwl]) {
        const s = run(script, o);
        s.board.clock.advance(20_000);
        const types = devicePackets(s.peers[0]).packets.map((p) => p.cmd);
        expect(types).not.toContain('subscribe');
        expect(types[0]).toBe('connect');
        expect(s.results).toHaveLength(1);
        expect(s.board.net.openConnections()).toBe(0);
      }
    }
  });

  it('logs the host and the outcome with the secret masked', () => {
    const s = run(answer(connack(0), publish('/ext/register', REGISTER_REPLY)));
    s.board.clock.advance(1_000);
    const text = s.board.log.text();
    expect(text).toContain(`CONNECT host: '${MQTT_HOST}', port: 8883 (authType=register)`);
    expect(text).toContain('registered (register): DeviceSecret KGQQ…');
    expect(text).not.toContain('KGQQFFlGinIipW9Xn7xQ5U6d6MokPZD4');
  });
});
