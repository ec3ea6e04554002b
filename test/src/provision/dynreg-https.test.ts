import { describe, expect, it } from 'vitest';
import type { MockBoard } from '../../../hal/mock';
import { startDynregHttps, type DynregHttpsResult, type ProvisionError } from '../../../src/provision';
import { AUTH_401_BODY, DYNREG_200_BODY, chunked6289, dynreg200, jsonResponse, throttled429 } from '../../fixtures/http/responses';
import { authServer, AUTH_HOST, CA, formFields, hmacHex, PRODUCT, SIZES, type Script } from './harness';

const options = { ...PRODUCT, ca: [CA] };

function run(script: Script, arrange?: (board: MockBoard) => void, advance = 30_000) {
  const server = authServer(script);
  arrange?.(server.board);
  const results: DynregHttpsResult[] = [];
  const started = startDynregHttps(server.board.hal, SIZES, options, (r) => results.push(r));
  server.board.clock.advance(advance);
  return { ...server, results, started };
}

// As a server does after answering a "Connection: close" request: the answer, then its close.
const send = (raw: string): Script => (peer) => {
  peer.send(raw);
  peer.end();
};

type Expected = { ok: true; deviceSecret: string } | ({ ok: false } & Partial<ProvisionError>);

const table: [string, Script, Expected, ((board: MockBoard) => void)?][] = [
  ['JSON code 200 → the DeviceSecret', send(dynreg200.raw), { ok: true, deviceSecret: 'KGQQFFlGinIipW9Xn7xQ5U6d6MokPZD4' }],
  ['JSON code 200 as text ("200") → the DeviceSecret', send(jsonResponse(200, DYNREG_200_BODY.replace('"code":200', '"code":"200"'))), { ok: true, deviceSecret: 'KGQQFFlGinIipW9Xn7xQ5U6d6MokPZD4' }],
  ['6289 (chunked) → ALREADY_ACTIVE', send(chunked6289.raw), { ok: false, code: 'ALREADY_ACTIVE', retryable: false, cloudCode: 6289, cloudMessage: 'device is already active', httpStatus: 200 }],
  ['401 → AUTH_FAILED', send(jsonResponse(401, AUTH_401_BODY)), { ok: false, code: 'AUTH_FAILED', retryable: false, cloudCode: 401, httpStatus: 401 }],
  ['460 → INVALID_PARAMS', send(jsonResponse(200, '{"code":460,"message":"param error"}')), { ok: false, code: 'INVALID_PARAMS', retryable: false, cloudCode: 460 }],
  ['5001 → DEVICE_NOT_FOUND', send(jsonResponse(200, '{"code":5001,"message":"meta device not found"}')), { ok: false, code: 'DEVICE_NOT_FOUND', retryable: false, cloudCode: 5001 }],
  ['6200 → AUTH_TYPE_MISMATCH', send(jsonResponse(200, '{"code":6200,"message":"auth type mismatch"}')), { ok: false, code: 'AUTH_TYPE_MISMATCH', retryable: false, cloudCode: 6200 }],
  ['another code (6250) → REJECTED', send(jsonResponse(200, '{"code":6250,"message":"product not found"}')), { ok: false, code: 'REJECTED', retryable: false, cloudCode: 6250 }],
  ['JSON code 500 → SERVER_ERROR (retryable)', send(jsonResponse(200, '{"code":500,"message":"unknown error"}')), { ok: false, code: 'SERVER_ERROR', retryable: true, cloudCode: 500 }],
  ['HTTP 429 with Retry-After → THROTTLED (retryable, after 30 s)', send(throttled429.raw), { ok: false, code: 'THROTTLED', retryable: true, httpStatus: 429, retryAfterMs: 30_000 }],
  ['HTTP 500 → SERVER_ERROR (retryable)', send('HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n'), { ok: false, code: 'SERVER_ERROR', retryable: true, httpStatus: 500 }],
  ['HTTP 503 (HTML body) → SERVER_ERROR (retryable)', send('HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/html\r\nContent-Length: 19\r\n\r\n<h1>unavailable</h1>'), { ok: false, code: 'SERVER_ERROR', retryable: true, httpStatus: 503 }],
  ['HTTP 503 carrying JSON code 6289 → ALREADY_ACTIVE (the JSON code wins)', send(jsonResponse(503, '{"code":6289,"message":"device is already active"}')), { ok: false, code: 'ALREADY_ACTIVE', retryable: false, httpStatus: 503 }],
  ['HTTP 404 without JSON → REJECTED', send('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n'), { ok: false, code: 'REJECTED', retryable: false, httpStatus: 404 }],
  ['network refused → NETWORK (retryable)', () => {}, { ok: false, code: 'NETWORK', retryable: true, halCode: 'REFUSED' }, (b) => b.net.refuse(`${AUTH_HOST}:443`)],
  ['DNS failure → NETWORK (retryable)', () => {}, { ok: false, code: 'NETWORK', retryable: true, halCode: 'DNS' }, (b) => b.net.failDns(AUTH_HOST)],
  ['TLS handshake failure → NETWORK (retryable)', () => {}, { ok: false, code: 'NETWORK', retryable: true, halCode: 'TLS_HANDSHAKE' }, (b) => b.net.listen(`${AUTH_HOST}:443`, () => {}, { tls: { ca: CA, names: [AUTH_HOST], failHandshake: true } })],
  ['TLS certificate not trusted → NETWORK (retryable)', () => {}, { ok: false, code: 'NETWORK', retryable: true, halCode: 'TLS_VERIFY' }, (b) => b.net.listen(`${AUTH_HOST}:443`, () => {}, { tls: { ca: 'rogue-ca', names: [AUTH_HOST] } })],
  ['no answer → TIMEOUT after 10 s (retryable)', () => {}, { ok: false, code: 'TIMEOUT', retryable: true }],
  ['connection reset mid-answer → NETWORK (retryable)', (peer) => { peer.send(dynreg200.raw.slice(0, 60)); peer.reset(); }, { ok: false, code: 'NETWORK', retryable: true, halCode: 'RESET' }],
  ['closed before answering → CLOSED_EARLY (retryable)', (peer) => peer.end(), { ok: false, code: 'CLOSED_EARLY', retryable: true }],
  ['malformed JSON → BAD_RESPONSE (retryable)', send(jsonResponse(200, '{"code":200,"data":{"deviceSecret":')), { ok: false, code: 'BAD_RESPONSE', retryable: true, httpStatus: 200 }],
  ['oversize body → BAD_RESPONSE (retryable)', send(jsonResponse(200, '{"code":200,"pad":"' + 'x'.repeat(600) + '"}')), { ok: false, code: 'BAD_RESPONSE', retryable: true }],
  ['code 200 without a plausible secret → BAD_RESPONSE', send(jsonResponse(200, '{"code":200,"data":{"deviceSecret":"has space"}}')), { ok: false, code: 'BAD_RESPONSE', retryable: true }],
  ['code 200 naming another device → BAD_RESPONSE', send(jsonResponse(200, DYNREG_200_BODY.replace('Example_dyn1', 'Other_device'))), { ok: false, code: 'BAD_RESPONSE', retryable: true }],
];

describe('dynamic registration over HTTPS: every answer maps to its typed result', () => {
  for (const [what, script, expected, arrange] of table) {
    it(what, () => {
      const { results, started, board } = run(script, arrange);
      expect(started.ok).toBe(true);
      expect(results).toHaveLength(1);
      const r = results[0];
      if (expected.ok) {
        expect(r).toEqual({ ok: true, value: { kind: 'deviceSecret', productKey: PRODUCT.productKey, deviceName: PRODUCT.deviceName, deviceSecret: expected.deviceSecret } });
      } else {
        const { ok: _ok, ...error } = expected;
        expect(r).toMatchObject({ ok: false, error });
      }
      expect(board.net.openConnections()).toBe(0);
    });
  }

  it('6289 names the remedy: reset in the console (ResetThing) or restore the stored DeviceSecret', () => {
    const { results } = run(send(chunked6289.raw));
    const r = results[0];
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/already active.*ResetThing.*restore its stored DeviceSecret/);
  });

  it('sends the exact §1 request: path, Accept, form body in SDK order, a fresh 15-char random and its HMAC-SHA256 sign', () => {
    const { requests } = run(send(dynreg200.raw));
    const request = requests[0];
    expect(request.startsWith(`POST /auth/register/device HTTP/1.1\r\nHost: ${AUTH_HOST}\r\nAccept: text/xml,text/javascript,text/html,application/json\r\nContent-Type: application/x-www-form-urlencoded\r\n`)).toBe(true);
    const body = request.slice(request.indexOf('\r\n\r\n') + 4);
    expect(body).toMatch(/^productKey=a1ExpAkj9Hi&deviceName=Example_dyn1&random=[A-Za-z0-9]{15}&sign=[0-9A-F]{64}&signMethod=hmacsha256$/);
    const f = formFields(request);
    expect(f.sign).toBe(hmacHex('sha256', PRODUCT.productSecret, `deviceName${PRODUCT.deviceName}productKey${PRODUCT.productKey}random${f.random}`));
  });

  it('D1: with the given random the request carries the published sign', () => {
    const server = authServer(send(dynreg200.raw));
    startDynregHttps(server.board.hal, SIZES, { ...options, random: '7y4Jg5xdKCy9W2i' }, () => {});
    server.board.clock.advance(100);
    expect(formFields(server.requests[0]).sign).toBe('D3B560D5BE0C9C19749470E85D912B65685FA4B20EDCBD179CCFE98FCCA23D5E');
  });

  it('invalid inputs are refused before anything is opened (INVALID_CONFIG naming the field)', () => {
    const server = authServer(send(dynreg200.raw));
    const started = startDynregHttps(server.board.hal, SIZES, { ...options, productSecret: '' }, () => {
      throw new Error('no callback expected');
    });
    expect(started).toMatchObject({ ok: false, error: { code: 'INVALID_CONFIG', field: 'productSecret', retryable: false } });
    expect(server.board.recorder.count('net.open')).toBe(0);
  });

  it('logs the SDK story at info level with the secret masked, never in full', () => {
    const { board } = run(send(dynreg200.raw));
    const info = board.log.lines.filter((l) => l.level === 'info').map((l) => l.message);
    expect(info).toContain(`POST host: '${AUTH_HOST}', port: 443, path: /auth/register/device (TLS)`);
    expect(info).toContain('Dynamic Register Code: 200');
    expect(info).toContain('Dynamic Register Device Secret: KGQQ…');
    const all = board.log.text();
    expect(all).not.toContain('KGQQFFlGinIipW9Xn7xQ5U6d6MokPZD4');
    expect(all).not.toContain(PRODUCT.productSecret);
  });

  it('the whole exchange holds one TLS socket, and it is gone before the callback', () => {
    const server = authServer(send(dynreg200.raw));
    let openAtCallback = -1;
    startDynregHttps(server.board.hal, SIZES, options, () => {
      openAtCallback = server.board.net.openConnections();
    });
    server.board.clock.advance(100);
    expect(openAtCallback).toBe(0);
  });

  it('a 6289 answer leaves no socket and no timer behind', () => {
    const { board } = run(send(chunked6289.raw));
    expect(board.clock.pendingTimers()).toEqual([]);
  });
});
