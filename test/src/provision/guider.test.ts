import { describe, expect, it } from 'vitest';
import { createMockBoard } from '../../../hal/mock';
import {
  anchorTokenExpiry,
  createCredentialStore,
  credentialFromIotToken,
  guiderMqttCredentials,
  IOT_TOKEN_TTL_MS,
  iotTokenFromCredential,
  startHttpsAuth,
  tokenFreshness,
  type HttpsAuthOptions,
  type HttpsAuthResult,
  type IotToken,
  type ProvisionError,
} from '../../../src/provision';
import { GUIDER_200_BODY, jsonResponse, throttled429 } from '../../fixtures/http/responses';
import { authServer, CA, SIZES, type Script } from './harness';

const SINGAPORE = 'iot-auth.ap-southeast-1.aliyuncs.com';
const DEVICE = { productKey: 'a1ExpAkj9Hi', deviceName: 'Example_dyn1', deviceSecret: 'KGQQFFlGinIipW9Xn7xQ5U6d6MokPZD4' };
const options: HttpsAuthOptions = { ...DEVICE, endpoint: { region: 'ap-southeast-1' }, ca: [CA] };
const DAY = 24 * 3600 * 1000;

function run(script: Script, boardOptions: Parameters<typeof authServer>[1] = {}, o: HttpsAuthOptions = options) {
  const server = authServer(script, { host: SINGAPORE, ...boardOptions });
  const results: HttpsAuthResult[] = [];
  const started = startHttpsAuth(server.board.hal, SIZES, o, (r) => results.push(r));
  server.board.clock.advance(20_000);
  return { ...server, results, started };
}

// As a server does after answering a "Connection: close" request: the answer, then its close.
const send = (raw: string): Script => (peer) => {
  peer.send(raw);
  peer.end();
};

describe('HTTPS authentication (guider)', () => {
  it('authenticates at Singapore and is sent to the MQTT host and port the cloud names (Smart Living)', () => {
    const s = run(send(jsonResponse(200, GUIDER_200_BODY)));
    expect(s.results).toHaveLength(1);
    const r = s.results[0];
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toMatchObject({
      iotId: '42Ze0mk3556498a1AlTP',
      iotToken: '0d7fdeb9dc1f4344a2cc0d45edcb0bcb',
      host: 'a1ExpAkj9Hi.iot-as-mqtt.eu-central-1.aliyuncs.com',
      port: 1883,
    });
    expect(s.peers[0].options).toMatchObject({ host: SINGAPORE, port: 443, tls: true });
    const creds = guiderMqttCredentials(r.value);
    expect(creds).toEqual({
      ok: true,
      value: expect.objectContaining({
        host: 'a1ExpAkj9Hi.iot-as-mqtt.eu-central-1.aliyuncs.com',
        port: 1883,
        tls: true,
        secureMode: -1,
        clientId: 'a1ExpAkj9Hi.Example_dyn1|securemode=-1|',
        username: '42Ze0mk3556498a1AlTP',
        password: '0d7fdeb9dc1f4344a2cc0d45edcb0bcb',
      }),
    });
  });

  it('sends the §4 request: the M2 body, form content type with charset', () => {
    const s = run(send(jsonResponse(200, GUIDER_200_BODY)));
    const request = s.requests[0];
    expect(request).toContain('POST /auth/devicename HTTP/1.1\r\n');
    expect(request).toContain('Content-Type: application/x-www-form-urlencoded;charset=utf-8\r\n');
    expect(request.slice(request.indexOf('\r\n\r\n') + 4)).toBe(
      'productKey=a1ExpAkj9Hi&deviceName=Example_dyn1&signmethod=hmacsha256&sign=4CDCE2673DBE3A3611D34B06A2DBB377F1E091505FACD9B354314FC5FF3D5931' +
        '&version=default&clientId=a1ExpAkj9Hi.Example_dyn1&timestamp=2524608000000&resources=mqtt',
    );
  });

  it('accepts the port as a string of digits', () => {
    const s = run(send(jsonResponse(200, GUIDER_200_BODY.replace('"port":1883', '"port":"8883"'))));
    expect(s.results[0]).toMatchObject({ ok: true, value: { port: 8883 } });
  });

  const errors: [string, Script, Partial<ProvisionError>][] = [
    ['401 → AUTH_FAILED', send(jsonResponse(200, '{"code":401,"message":"request auth error"}')), { code: 'AUTH_FAILED', retryable: false, cloudCode: 401 }],
    ['460 → INVALID_PARAMS', send(jsonResponse(200, '{"code":460,"message":"param error"}')), { code: 'INVALID_PARAMS', retryable: false }],
    ['500 → SERVER_ERROR', send(jsonResponse(200, '{"code":500,"message":"unknown error"}')), { code: 'SERVER_ERROR', retryable: true }],
    ['5001 → DEVICE_NOT_FOUND', send(jsonResponse(200, '{"code":5001,"message":"meta device not found"}')), { code: 'DEVICE_NOT_FOUND', retryable: false }],
    ['6200 → AUTH_TYPE_MISMATCH', send(jsonResponse(200, '{"code":6200,"message":"auth type mismatch"}')), { code: 'AUTH_TYPE_MISMATCH', retryable: false }],
    ['HTTP 429 → THROTTLED', send(throttled429.raw), { code: 'THROTTLED', retryable: true, retryAfterMs: 30_000 }],
    ['no answer → TIMEOUT', () => {}, { code: 'TIMEOUT', retryable: true }],
    ['no resources.mqtt → BAD_RESPONSE', send(jsonResponse(200, '{"code":200,"data":{"iotId":"abc","iotToken":"def"}}')), { code: 'BAD_RESPONSE' }],
    ['an invalid MQTT host → BAD_RESPONSE', send(jsonResponse(200, GUIDER_200_BODY.replace('a1ExpAkj9Hi.iot-as-mqtt', 'bad host'))), { code: 'BAD_RESPONSE' }],
    ['an invalid port → BAD_RESPONSE', send(jsonResponse(200, GUIDER_200_BODY.replace('1883', '70000'))), { code: 'BAD_RESPONSE' }],
    ['no iotToken → BAD_RESPONSE', send(jsonResponse(200, GUIDER_200_BODY.replace('"iotToken"', '"token"'))), { code: 'BAD_RESPONSE' }],
  ];
  for (const [what, script, error] of errors) {
    it(what, () => {
      const s = run(script);
      expect(s.results).toEqual([{ ok: false, error: expect.objectContaining(error) }]);
    });
  }

  it('network failure → NETWORK with the HAL code', () => {
    const s = run(() => {}, {}, { ...options, endpoint: { host: 'iot-auth.nowhere.example' } });
    expect(s.results).toEqual([{ ok: false, error: expect.objectContaining({ code: 'NETWORK', halCode: 'DNS' }) }]);
  });

  it('the token is logged masked', () => {
    const s = run(send(jsonResponse(200, GUIDER_200_BODY)));
    const text = s.board.log.text();
    expect(text).toContain('iotToken: 0d7f…');
    expect(text).not.toContain('0d7fdeb9dc1f4344a2cc0d45edcb0bcb');
    expect(text).not.toContain(DEVICE.deviceSecret);
  });
});

describe('iotToken expiry (7 days) without and with a wall clock', () => {
  function obtain(boardOptions: Parameters<typeof authServer>[1] = {}) {
    const s = run(send(jsonResponse(200, GUIDER_200_BODY)), boardOptions);
    const r = s.results[0];
    if (!r.ok) throw new Error(r.error.message);
    return { board: s.board, token: r.value };
  }

  it('before SNTP: judged by the monotonic clock — FRESH until 7 days less the margin, then EXPIRED', () => {
    const { board, token } = obtain();
    expect(token.expiresAtWall).toBeUndefined();
    expect(token.obtainedAt).toBeDefined();
    expect(tokenFreshness(token, board.hal.clock)).toBe('FRESH');
    board.clock.advance(7 * DAY - 3600_000 - 20_000 - 1);
    expect(tokenFreshness(token, board.hal.clock)).toBe('FRESH');
    board.clock.advance(1);
    expect(tokenFreshness(token, board.hal.clock)).toBe('EXPIRED');
    expect(tokenFreshness(token, board.hal.clock, 0)).toBe('FRESH');
  });

  it('the monotonic age is right across the 32-bit wrap of the clock', () => {
    const { board, token } = obtain({ clockStart: 2 ** 32 - 5_000 });
    board.clock.advance(3 * DAY);
    expect(board.hal.clock.now()).toBeLessThan(token.obtainedAt!);
    expect(tokenFreshness(token, board.hal.clock)).toBe('FRESH');
    board.clock.advance(4 * DAY);
    expect(tokenFreshness(token, board.hal.clock)).toBe('EXPIRED');
  });

  it('with a wall clock at obtain time: the wall-clock expiry is recorded and used', () => {
    const wall = 1_700_000_000_000;
    const { board, token } = obtain({ wallTime: wall });
    expect(token.expiresAtWall).toBe(wall + IOT_TOKEN_TTL_MS); // obtained at once (no latency), then 20 s passed
    board.clock.setWallTime(token.expiresAtWall! - 3600_000 - 1);
    expect(tokenFreshness(token, board.hal.clock)).toBe('FRESH');
    board.clock.setWallTime(token.expiresAtWall! - 3600_000);
    expect(tokenFreshness(token, board.hal.clock)).toBe('EXPIRED');
  });

  it('anchorTokenExpiry gives a pre-SNTP token its wall-clock expiry once the clock is set, once', () => {
    const { board, token } = obtain();
    expect(anchorTokenExpiry(token, board.hal.clock)).toBe(false);
    board.clock.advance(DAY);
    board.clock.setWallTime(1_800_000_000_000);
    expect(anchorTokenExpiry(token, board.hal.clock)).toBe(true);
    expect(token.expiresAtWall).toBe(1_800_000_000_000 - DAY - 20_000 + IOT_TOKEN_TTL_MS);
    expect(anchorTokenExpiry(token, board.hal.clock)).toBe(false);
  });

  it('after a reboot only the wall-clock expiry survives: UNKNOWN without it or without wall time, else judged by it', () => {
    const { board, token } = obtain();
    const iot = createCredentialStore(board.hal, 'iot');
    iot.save(credentialFromIotToken(token));
    const after = createMockBoard({ flash: board.kv.snapshot() });
    const loaded = createCredentialStore(after.hal, 'iot').load();
    if (loaded.status !== 'OK' || loaded.credential.kind !== 'iotToken') throw new Error('not loaded');
    const restored: IotToken = iotTokenFromCredential(loaded.credential);
    expect(restored.obtainedAt).toBeUndefined();
    expect(tokenFreshness(restored, after.hal.clock)).toBe('UNKNOWN');

    const anchored = { ...token, expiresAtWall: 1_800_000_000_000 };
    iot.save(credentialFromIotToken(anchored));
    const later = createMockBoard({ flash: board.kv.snapshot() });
    const back = createCredentialStore(later.hal, 'iot').load();
    if (back.status !== 'OK' || back.credential.kind !== 'iotToken') throw new Error('not loaded');
    const t = iotTokenFromCredential(back.credential);
    expect(t).toMatchObject({ host: token.host, port: token.port, iotId: token.iotId, iotToken: token.iotToken, expiresAtWall: 1_800_000_000_000 });
    expect(tokenFreshness(t, later.hal.clock)).toBe('UNKNOWN');
    later.clock.setWallTime(1_800_000_000_000 - 2 * DAY);
    expect(tokenFreshness(t, later.hal.clock)).toBe('FRESH');
    later.clock.setWallTime(1_800_000_000_000);
    expect(tokenFreshness(t, later.hal.clock)).toBe('EXPIRED');
  });
});
