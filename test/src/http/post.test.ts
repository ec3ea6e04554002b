import { describe, expect, it } from 'vitest';
import { createMockBoard, type ChunkPolicy, type MockBoard, type MockPeer } from '../../../hal/mock';
import type { Hal, HalError, SocketHandlers } from '../../../hal/types';
import { bodyText, CLOSE_GRACE_MS, httpPost, type HttpPostRequest, type HttpResult } from '../../../src/http';
import { chunked6289, dynreg200, latin1Text, untilClose } from '../../fixtures/http/responses';
import { LIMITS } from './helpers';

const HOST = 'iot-auth.cn-shanghai.aliyuncs.com';
const CA = 'test-root-ca';
const BODY = 'productKey=a1ExpAkj9Hi&deviceName=Example_dyn1&random=7y4Jg5xdKCy9W2i&sign=D3B5&signMethod=hmacsha256';

function request(overrides: Partial<HttpPostRequest> = {}): HttpPostRequest {
  return {
    host: HOST,
    port: 443,
    tls: true,
    ca: [CA],
    path: '/auth/register/device',
    headers: [
      ['Accept', 'text/xml,text/javascript,text/html,application/json'],
      ['Content-Type', 'application/x-www-form-urlencoded'],
    ],
    body: BODY,
    timeoutMs: 10_000,
    ...overrides,
  };
}

interface Setup {
  board: MockBoard;
  peers: MockPeer[];
  results: HttpResult[];
  post: (r?: HttpPostRequest) => ReturnType<typeof httpPost>;
}

/** A board with a TLS server on HOST:443 that runs `script` for each connection once the request arrived. */
function setup(script: (peer: MockPeer) => void, options: { chunking?: ChunkPolicy; latency?: number } = {}): Setup {
  const board = createMockBoard({ chunking: options.chunking, latency: options.latency });
  const peers: MockPeer[] = [];
  board.net.listen(`${HOST}:443`, (peer) => {
    peers.push(peer);
    peer.onData = () => script(peer);
  }, { tls: { ca: CA, names: [HOST] } });
  const results: HttpResult[] = [];
  return { board, peers, results, post: (r = request()) => httpPost(board.hal, LIMITS, r, (result) => results.push(result)) };
}

function answer(raw: string, close: 'end' | 'notify' | 'none' = 'none') {
  return (peer: MockPeer) => {
    peer.send(raw);
    if (close === 'end') peer.end();
    if (close === 'notify') peer.close('PEER_CLOSE_NOTIFY');
  };
}

describe('httpPost over a HAL socket', () => {
  it('sends the exact request: request line, Host, content headers, Content-Length, Connection: close, body', () => {
    const s = setup(answer(dynreg200.raw));
    s.post();
    s.board.clock.advance(100);
    expect(latin1Text(s.peers[0].received())).toBe(
      'POST /auth/register/device HTTP/1.1\r\n' +
        `Host: ${HOST}\r\n` +
        'Accept: text/xml,text/javascript,text/html,application/json\r\n' +
        'Content-Type: application/x-www-form-urlencoded\r\n' +
        `Content-Length: ${BODY.length}\r\n` +
        'Connection: close\r\n\r\n' +
        BODY,
    );
    expect(s.peers[0].options).toMatchObject({ host: HOST, port: 443, tls: true, ca: [CA] });
  });

  it('names the port in Host only when it is not the default of the scheme', () => {
    for (const [tls, port, host] of [[true, 8443, `${HOST}:8443`], [false, 80, HOST], [false, 443, `${HOST}:443`]] as const) {
      const board = createMockBoard();
      board.net.listen(`${HOST}:${port}`, (peer) => {
        peer.onData = (bytes) => {
          expect(latin1Text(bytes)).toContain(`\r\nHost: ${host}\r\n`);
          peer.send(dynreg200.raw);
          peer.end();
        };
      }, tls ? { tls: { ca: CA, names: [HOST] } } : {});
      const results: HttpResult[] = [];
      httpPost(board.hal, LIMITS, request({ tls, port }), (r) => results.push(r));
      board.clock.advance(100);
      expect(results).toHaveLength(1);
      expect(results[0].ok).toBe(true);
    }
  });

  for (const chunking of ['whole', 'byte', { size: 7 }, { seed: 42, maxChunk: 13 }] as ChunkPolicy[]) {
    it(`delivers the same response whatever the network's chunking (${JSON.stringify(chunking)})`, () => {
      for (const recorded of [dynreg200, chunked6289]) {
        const s = setup(answer(recorded.raw), { chunking, latency: 3 });
        s.post();
        s.board.clock.advance(5_000);
        expect(s.results).toHaveLength(1);
        const r = s.results[0];
        if (!r.ok) throw new Error(r.error.message);
        expect(r.response.status).toBe(200);
        expect(bodyText(r.response)).toBe(recorded.body);
      }
    });
  }

  it('a complete response is delivered at the peer\'s close, however it closes; then no socket, no timer, and the callback fired once', () => {
    const s = setup((peer) => {
      peer.send(dynreg200.raw);
      peer.send('more bytes after the response');
      peer.close('RESET');
    });
    s.post();
    s.board.clock.advance(100);
    expect(s.results).toHaveLength(1);
    expect(s.results[0].ok).toBe(true);
    expect(s.board.net.openConnections()).toBe(0);
    expect(s.board.clock.pendingTimers()).toEqual([]);
    s.board.clock.advance(20_000);
    expect(s.results).toHaveLength(1);
  });

  it(`a peer that keeps the socket open after a complete response gets it closed after ${CLOSE_GRACE_MS} ms, and the response is delivered then`, () => {
    const s = setup(answer(dynreg200.raw, 'none'));
    s.post();
    s.board.clock.advance(100);
    expect(s.results).toHaveLength(0);
    expect(s.board.net.openConnections()).toBe(1);
    s.board.clock.advance(CLOSE_GRACE_MS);
    expect(s.results).toHaveLength(1);
    expect(s.results[0].ok).toBe(true);
    expect(s.board.net.openConnections()).toBe(0);
    expect(s.board.clock.pendingTimers()).toEqual([]);
  });

  it('a complete response waits for the peer\'s close: delivered at it, not before (the socket\'s memory is freed only then)', () => {
    let server: MockPeer | undefined;
    const s = setup((peer) => {
      server = peer;
      peer.send(dynreg200.raw);
    });
    s.post();
    s.board.clock.advance(100);
    expect(s.results).toHaveLength(0);
    server!.end();
    s.board.clock.advance(10);
    expect(s.results).toHaveLength(1);
    expect(s.results[0].ok).toBe(true);
  });

  it('a PEER_CLOSE_NOTIFY (-30848) after a complete body-until-close response is success', () => {
    const s = setup(answer(untilClose.raw, 'notify'));
    s.post();
    s.board.clock.advance(100);
    expect(s.results).toHaveLength(1);
    const r = s.results[0];
    expect(r.ok && bodyText(r.response)).toBe(untilClose.body);
  });

  it('an orderly close completes a body-until-close response too', () => {
    const s = setup(answer(untilClose.raw, 'end'));
    s.post();
    s.board.clock.advance(100);
    expect(s.results[0].ok).toBe(true);
  });

  it('a PEER_CLOSE_NOTIFY after a complete Content-Length response is success', () => {
    const s = setup(answer(dynreg200.raw, 'notify'), { chunking: 'byte' });
    s.post();
    s.board.clock.advance(100);
    expect(s.results).toHaveLength(1);
    expect(s.results[0].ok).toBe(true);
  });

  it('a PEER_CLOSE_NOTIFY before the response is complete is CLOSED_EARLY', () => {
    const s = setup(answer(dynreg200.raw.slice(0, dynreg200.raw.length - 5), 'notify'));
    s.post();
    s.board.clock.advance(100);
    expect(s.results).toEqual([{ ok: false, error: expect.objectContaining({ code: 'CLOSED_EARLY' }) }]);
  });

  it('an orderly close before any response byte is CLOSED_EARLY', () => {
    const s = setup((peer) => peer.end());
    s.post();
    s.board.clock.advance(100);
    expect(s.results).toEqual([{ ok: false, error: expect.objectContaining({ code: 'CLOSED_EARLY' }) }]);
  });

  it('a reset in the middle of a body-until-close response is NETWORK (RESET), not a short success', () => {
    const s = setup((peer) => {
      peer.send(untilClose.raw.slice(0, 90));
      peer.reset();
    });
    s.post();
    s.board.clock.advance(100);
    expect(s.results).toEqual([{ ok: false, error: expect.objectContaining({ code: 'NETWORK', halCode: 'RESET' }) }]);
  });

  it('the deadline fires on the virtual clock: TIMEOUT at exactly timeoutMs, and the socket is closed', () => {
    const s = setup(() => {});
    s.post(request({ timeoutMs: 7_000 }));
    s.board.clock.advance(6_999);
    expect(s.results).toHaveLength(0);
    s.board.clock.advance(1);
    expect(s.results).toEqual([{ ok: false, error: expect.objectContaining({ code: 'TIMEOUT' }) }]);
    expect(s.board.net.openConnections()).toBe(0);
  });

  it('a response that arrives after the deadline is never delivered', () => {
    const s = setup((peer) => s.board.clock.setTimer(12_000, () => peer.send(dynreg200.raw)));
    s.post();
    s.board.clock.advance(30_000);
    expect(s.results).toHaveLength(1);
    expect(s.results[0]).toMatchObject({ ok: false, error: { code: 'TIMEOUT' } });
  });

  it('connection failures are NETWORK carrying the HAL code: refused, DNS, TLS handshake, TLS verify', () => {
    const cases: [string, (board: MockBoard) => void, string][] = [
      ['refused', (b) => b.net.refuse(`${HOST}:443`), 'REFUSED'],
      ['dns', (b) => b.net.failDns(HOST), 'DNS'],
      ['handshake', (b) => b.net.listen(`${HOST}:443`, () => {}, { tls: { ca: CA, names: [HOST], failHandshake: true } }), 'TLS_HANDSHAKE'],
      ['verify', (b) => b.net.listen(`${HOST}:443`, () => {}, { tls: { ca: 'another-ca', names: [HOST] } }), 'TLS_VERIFY'],
      ['unknown host', () => {}, 'DNS'],
    ];
    for (const [what, arrange, halCode] of cases) {
      const board = createMockBoard();
      arrange(board);
      const results: HttpResult[] = [];
      httpPost(board.hal, LIMITS, request(), (r) => results.push(r));
      board.clock.advance(100);
      expect(results, what).toEqual([{ ok: false, error: expect.objectContaining({ code: 'NETWORK', halCode }) }]);
    }
  });

  it('a write the HAL refuses is NETWORK with its code', () => {
    const s = setup(answer(dynreg200.raw));
    s.board.failNthCall(1, 'net.write');
    s.post();
    s.board.clock.advance(100);
    expect(s.results).toEqual([{ ok: false, error: expect.objectContaining({ code: 'NETWORK', halCode: 'IO' }) }]);
  });

  it('after abort no callback fires, the socket is closed and the deadline cleared (before and after connect)', () => {
    for (const abortAt of [0, 1, 2]) {
      const s = setup((peer) => s.board.clock.setTimer(5, () => peer.send(dynreg200.raw)), { latency: 1 });
      const started = s.post();
      if (!started.ok) throw new Error('not started');
      s.board.clock.advance(abortAt);
      started.exchange.abort();
      started.exchange.abort();
      s.board.clock.advance(60_000);
      expect(s.results, `abort at ${abortAt} ms`).toHaveLength(0);
      expect(s.board.net.openConnections()).toBe(0);
      expect(s.board.clock.pendingTimers()).toEqual([]);
    }
  });

  it('an invalid request is refused with INVALID_REQUEST and nothing is opened', () => {
    const bad: Partial<HttpPostRequest>[] = [
      { host: 'bad host' },
      { port: 0 },
      { path: 'no-slash' },
      { path: '/with space' },
      { headers: [['X-Injected', 'a\r\nEvil: 1']] },
      { headers: [['Bad Name', 'v']] },
      { body: 'snowman \u2603' },
      { timeoutMs: 0 },
    ];
    for (const overrides of bad) {
      const board = createMockBoard();
      const started = httpPost(board.hal, LIMITS, request(overrides), () => {
        throw new Error('no callback expected');
      });
      expect(started, JSON.stringify(overrides)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
      expect(board.recorder.count('net.open')).toBe(0);
    }
  });

  it('on BUSY it writes the same bytes again at onDrain', () => {
    const board = createMockBoard();
    let handlers: SocketHandlers | undefined;
    const writes: number[] = [];
    let busy = true;
    const hal: Hal = {
      ...board.hal,
      net: {
        open(_options, h) {
          handlers = h;
          return {
            write(bytes): HalError | null {
              writes.push(bytes.length);
              if (busy) return { code: 'BUSY', message: 'busy' };
              return null;
            },
            close() {},
          };
        },
      },
    };
    const results: HttpResult[] = [];
    httpPost(hal, LIMITS, request(), (r) => results.push(r));
    handlers!.onConnect();
    expect(writes).toHaveLength(1);
    busy = false;
    handlers!.onDrain!();
    expect(writes).toEqual([writes[0], writes[0]]);
    handlers!.onData(new TextEncoder().encode(dynreg200.raw));
    handlers!.onClose(null);
    expect(results).toHaveLength(1);
    expect(results[0].ok).toBe(true);
  });

  it('logs the host and port and the response code at info level', () => {
    const s = setup(answer(dynreg200.raw, 'end'));
    s.post();
    s.board.clock.advance(100);
    const info = s.board.log.lines.filter((l) => l.level === 'info').map((l) => l.message);
    expect(info).toContain(`POST host: '${HOST}', port: 443, path: /auth/register/device (TLS)`);
    expect(info.some((m) => m.startsWith('HTTP 200 OK'))).toBe(true);
  });
});
