import { describe, expect, it } from 'vitest';
import type { MockBoard } from '../../../hal/mock';
import type { Hal, SocketHandlers } from '../../../hal/types';
import {
  createCredentialStore,
  createRegistrar,
  type DynregHttpsResult,
} from '../../../src/provision';
import { jsonResponse } from '../../fixtures/http/responses';
import { authServer, CA, PRODUCT, SIZES } from './harness';

const options = { ...PRODUCT, ca: [CA] };

function secretReply(secret: string): string {
  return jsonResponse(200, `{"code":200,"data":{"deviceName":"Example_dyn1","deviceSecret":"${secret}","productKey":"a1ExpAkj9Hi"},"message":"success"}`);
}

/** A registrar whose callback persists every success, as the link does; returns what it saw. */
function persistingRegistrar(board: MockBoard, hal: Hal = board.hal) {
  const store = createCredentialStore(board.hal);
  const registrar = createRegistrar(hal, SIZES);
  const results: DynregHttpsResult[] = [];
  const done = (r: DynregHttpsResult) => {
    results.push(r);
    if (r.ok) store.save(r.value);
  };
  return { store, registrar, results, done };
}

describe('registration: single flight and late replies', () => {
  it('a reply that arrives after the deadline never reaches the caller or the store', () => {
    const server = authServer((peer, _req, board) => board.clock.setTimer(11_000, () => peer.send(secretReply('LateLateLateLateLateLateLateLate'))));
    const { store, registrar, results, done } = persistingRegistrar(server.board);
    registrar.registerHttps(options, done);
    server.board.clock.advance(60_000);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ ok: false, error: { code: 'TIMEOUT' } });
    expect(store.load()).toEqual({ status: 'EMPTY' });
    expect(server.board.kv.snapshot()).toEqual({});
  });

  it('after abort no callback fires and a late reply never reaches the store', () => {
    const server = authServer((peer, _req, board) => board.clock.setTimer(2_000, () => peer.send(secretReply('LateLateLateLateLateLateLateLate'))));
    const { store, registrar, results, done } = persistingRegistrar(server.board);
    const started = registrar.registerHttps(options, done);
    expect(started).toEqual({ ok: true, attemptId: 1 });
    server.board.clock.advance(1_000);
    expect(server.requests).toHaveLength(1);
    registrar.abort();
    expect(registrar.running()).toBe(0);
    server.board.clock.advance(60_000);
    expect(results).toHaveLength(0);
    expect(store.load()).toEqual({ status: 'EMPTY' });
    expect(server.board.net.openConnections()).toBe(0);
  });

  it('a retry after an abandoned attempt stores only its own secret, even when the first reply comes later (peers §4)', () => {
    let connection = 0;
    const server = authServer((peer, _req, board) => {
      connection++;
      const [delay, secret] = connection === 1 ? [5_000, 'RevokedRevokedRevokedRevoked0001'] : [100, 'NewestNewestNewestNewestNewest02'];
      board.clock.setTimer(delay, () => peer.send(secretReply(secret)));
    });
    const { store, registrar, results, done } = persistingRegistrar(server.board);
    registrar.registerHttps(options, done);
    server.board.clock.advance(1_000);
    registrar.abort();
    expect(registrar.registerHttps(options, done)).toEqual({ ok: true, attemptId: 2 });
    server.board.clock.advance(60_000);
    expect(results).toHaveLength(1);
    expect(store.load()).toMatchObject({ status: 'OK', seq: 1, credential: { deviceSecret: 'NewestNewestNewestNewestNewest02' } });
  });

  it('a second start while one runs is refused with BUSY (HTTPS or MQTT); the running one completes', () => {
    const server = authServer((peer) => peer.send(secretReply('KGQQFFlGinIipW9Xn7xQ5U6d6MokPZD4')));
    const { registrar, results, done } = persistingRegistrar(server.board);
    expect(registrar.registerHttps(options, done).ok).toBe(true);
    expect(registrar.registerHttps(options, done)).toMatchObject({ ok: false, error: { code: 'BUSY', retryable: true } });
    expect(registrar.registerMqtt({ ...options, authType: 'register' }, () => {
      throw new Error('no callback expected');
    })).toMatchObject({ ok: false, error: { code: 'BUSY' } });
    server.board.clock.advance(1_000);
    expect(results).toHaveLength(1);
    expect(results[0].ok).toBe(true);
    expect(server.requests).toHaveLength(1);
    expect(registrar.running()).toBe(0);
    expect(registrar.registerHttps(options, done)).toEqual({ ok: true, attemptId: 2 });
  });

  it('a refused start (invalid input) does not occupy the registrar', () => {
    const server = authServer(() => {});
    const { registrar, done } = persistingRegistrar(server.board);
    expect(registrar.registerHttps({ ...options, deviceName: 'x' }, done)).toMatchObject({ ok: false, error: { code: 'INVALID_CONFIG', field: 'deviceName' } });
    expect(registrar.running()).toBe(0);
    expect(registrar.registerHttps(options, done).ok).toBe(true);
  });

  it('attempt ids drop a reply even from a binding that (against the contract) keeps calling handlers after close', () => {
    const server = authServer(() => {});
    let handlers: SocketHandlers | undefined;
    const leaky: Hal = {
      ...server.board.hal,
      net: {
        open(o, h) {
          handlers = h;
          return { write: () => null, close: () => {} };
        },
      },
    };
    const { store, registrar, results, done } = persistingRegistrar(server.board, leaky);
    registrar.registerHttps(options, done);
    handlers!.onConnect();
    registrar.abort();
    handlers!.onData(new TextEncoder().encode(secretReply('LeakyLeakyLeakyLeakyLeakyLeaky01')));
    handlers!.onClose(null);
    expect(results).toHaveLength(0);
    expect(store.load()).toEqual({ status: 'EMPTY' });
  });

});
