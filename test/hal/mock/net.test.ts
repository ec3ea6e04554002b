import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMockBoard, makeChunker, type ChunkPolicy, type MockPeer } from '../../../hal/mock';
import { firstDifference, recordingHandlers } from '../harness';

const policies: fc.Arbitrary<ChunkPolicy> = fc.oneof(
  fc.constant<ChunkPolicy>('whole'),
  fc.constant<ChunkPolicy>('byte'),
  fc.integer({ min: 1, max: 50 }).map((size) => ({ size })),
  fc.record({ seed: fc.integer(), maxChunk: fc.integer({ min: 1, max: 40 }) }),
);

function serverBoard(options: Parameters<typeof createMockBoard>[0] = {}) {
  const board = createMockBoard(options);
  const peers: MockPeer[] = [];
  board.net.listen('server.local:1883', (peer) => peers.push(peer));
  return { board, peers };
}

describe('scripted network', () => {
  it('property: the device receives the same bytes whatever the chunk policy and latency', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.array(fc.uint8Array({ maxLength: 100 }), { maxLength: 4 }), policies, fc.nat(20), (first, more, chunking, latency) => {
        const { board, peers } = serverBoard({ chunking, latency });
        const { handlers, rec } = recordingHandlers();
        board.hal.net.open({ host: 'server.local', port: 1883, tls: false }, handlers);
        board.clock.advance(latency);
        expect(rec.connected).toBe(true);
        const sends = [first, ...more];
        sends.forEach((s) => peers[0].send(s));
        board.clock.advance(1000);
        const expected = Buffer.concat(sends.map((s) => Buffer.from(s)));
        expect(firstDifference(rec.bytes(), new Uint8Array(expected))).toBe(-1);
        if (chunking === 'byte') expect(rec.data.every((d) => d.length === 1)).toBe(true);
        if (typeof chunking === 'object' && 'size' in chunking) expect(rec.data.every((d) => d.length <= chunking.size)).toBe(true);
      }),
    );
  });

  it('chunkers split into pieces that concatenate back to the input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), policies, (bytes, policy) => {
        const pieces = makeChunker(policy)(bytes);
        expect(pieces.every((p) => p.length > 0)).toBe(true);
        expect(Buffer.concat(pieces.map((p) => Buffer.from(p))).equals(Buffer.from(bytes))).toBe(true);
      }),
    );
  });

  it('latency delays connect, data and close by that many virtual milliseconds', () => {
    const { board, peers } = serverBoard({ latency: 40 });
    const { handlers, rec } = recordingHandlers();
    board.hal.net.open({ host: 'server.local', port: 1883, tls: false }, handlers);
    board.clock.advance(39);
    expect(rec.connected).toBe(false);
    board.clock.advance(1);
    expect(rec.connected).toBe(true);
    peers[0].send('hi');
    peers[0].end();
    board.clock.advance(39);
    expect(rec.events).toEqual(['connect']);
    board.clock.advance(1);
    expect(rec.events).toEqual(['connect', 'data', 'close:null']);
  });

  it('device writes reach the peer after the latency; writes before connect are CLOSED', () => {
    const { board, peers } = serverBoard({ latency: 5 });
    const { handlers, rec } = recordingHandlers();
    const socket = board.hal.net.open({ host: 'server.local', port: 1883, tls: false }, handlers);
    expect(socket.write(new Uint8Array([1]))?.code).toBe('CLOSED');
    board.clock.advance(5);
    expect(rec.connected).toBe(true);
    const got: number[] = [];
    peers[0].onData = (b) => got.push(...b);
    socket.write(new Uint8Array([7, 8]));
    board.clock.advance(4);
    expect(got).toEqual([]);
    board.clock.advance(1);
    expect(got).toEqual([7, 8]);
  });

  it('an unknown host fails with DNS, a known host without a listener with REFUSED, failDns overrides', () => {
    const { board } = serverBoard();
    const results: string[] = [];
    for (const [host, port] of [
      ['nowhere.local', 1883],
      ['server.local', 9999],
    ] as const) {
      const { handlers, rec } = recordingHandlers();
      board.hal.net.open({ host, port, tls: false }, handlers);
      board.clock.runDue();
      results.push(rec.events.join());
    }
    board.net.failDns('server.local');
    const { handlers, rec } = recordingHandlers();
    board.hal.net.open({ host: 'server.local', port: 1883, tls: false }, handlers);
    board.clock.runDue();
    results.push(rec.events.join());
    expect(results).toEqual(['close:DNS', 'close:REFUSED', 'close:DNS']);
  });

  it('a scripted handshake failure reports TLS_HANDSHAKE', () => {
    const board = createMockBoard();
    board.net.listen('tls.local:443', () => {}, { tls: { ca: 'ca-1', names: ['tls.local'], failHandshake: true } });
    const { handlers, rec } = recordingHandlers();
    board.hal.net.open({ host: 'tls.local', port: 443, tls: true, ca: ['ca-1'] }, handlers);
    board.clock.runDue();
    expect(rec.events).toEqual(['close:TLS_HANDSHAKE']);
  });

  it('TLS verification follows the CA list, the default trust when the list is empty, and the name', () => {
    const board = createMockBoard({ defaultTrust: ['public-root'], caps: { maxTlsSockets: 8 } });
    board.net.listen('a.local:443', () => {}, { tls: { ca: 'public-root', names: ['*.example.com'] } });
    const outcome = (ca: string[] | undefined, servername: string) => {
      const { handlers, rec } = recordingHandlers();
      board.hal.net.open({ host: 'a.local', port: 443, tls: true, ca, servername }, handlers);
      board.clock.runDue();
      return rec.events[0];
    };
    expect(outcome(undefined, 'x.example.com')).toBe('connect');
    expect(outcome([], 'x.example.com')).toBe('connect');
    expect(outcome(['private-root'], 'x.example.com')).toBe('close:TLS_VERIFY');
    expect(outcome(['public-root'], 'a.b.example.com')).toBe('close:TLS_VERIFY');
    expect(outcome(['public-root'], 'example.com')).toBe('close:TLS_VERIFY');
  });

  it('a board that does not verify peers (Espruino) connects despite a wrong CA or name', () => {
    const board = createMockBoard({ caps: { tlsVerifiesPeer: false } });
    board.net.listen('a.local:443', () => {}, { tls: { ca: 'real-ca', names: ['a.local'] } });
    const { handlers, rec } = recordingHandlers();
    board.hal.net.open({ host: 'a.local', port: 443, tls: true, ca: ['other'], servername: 'wrong' }, handlers);
    board.clock.runDue();
    expect(rec.events).toEqual(['connect']);
  });

  it('counts a connecting TLS socket against maxTlsSockets, and frees the slot on close', () => {
    const board = createMockBoard({ latency: 100 });
    board.net.listen('a.local:443', () => {}, { tls: { ca: 'c', names: ['a.local'] } });
    const opts = { host: 'a.local', port: 443, tls: true, ca: ['c'] };
    const first = recordingHandlers();
    const socket = board.hal.net.open(opts, first.handlers);
    const second = recordingHandlers();
    board.hal.net.open(opts, second.handlers);
    board.clock.runDue();
    expect(second.rec.events).toEqual(['close:LIMIT']);
    socket.close();
    const third = recordingHandlers();
    board.hal.net.open(opts, third.handlers);
    board.clock.advance(100);
    expect(third.rec.events).toEqual(['connect']);
    expect(first.rec.events).toEqual([]);
  });

  it('a peer can close with any error code, and dropAll resets every connection', () => {
    const { board, peers } = serverBoard();
    const a = recordingHandlers();
    const b = recordingHandlers();
    board.hal.net.open({ host: 'server.local', port: 1883, tls: false }, a.handlers);
    board.hal.net.open({ host: 'server.local', port: 1883, tls: false }, b.handlers);
    board.clock.runDue();
    const how: string[] = [];
    peers[1].onClose = (h) => how.push(h);
    peers[0].close('TIMEOUT');
    board.clock.runDue();
    board.net.dropAll();
    board.clock.runDue();
    expect(a.rec.events).toEqual(['connect', 'close:TIMEOUT']);
    expect(b.rec.events).toEqual(['connect', 'close:RESET']);
    expect(how).toEqual(['network']);
    expect(board.net.openConnections()).toBe(0);
  });

  it('the peer hears the device close after the bytes written before it', () => {
    const { board, peers } = serverBoard({ latency: 3 });
    const { handlers } = recordingHandlers();
    const socket = board.hal.net.open({ host: 'server.local', port: 1883, tls: false }, handlers);
    board.clock.advance(3);
    const log: string[] = [];
    peers[0].onData = (b) => log.push(`data:${b.length}`);
    peers[0].onClose = (h) => log.push(`close:${h}`);
    socket.write(new Uint8Array(10));
    socket.close();
    board.clock.advance(3);
    expect(log).toEqual(['data:10', 'close:device']);
    expect(peers[0].open).toBe(false);
  });

  it('a power cut drops connections silently; the peer sees the network go', () => {
    const { board, peers } = serverBoard();
    const { handlers, rec } = recordingHandlers();
    board.hal.net.open({ host: 'server.local', port: 1883, tls: false }, handlers);
    board.clock.runDue();
    const how: string[] = [];
    peers[0].onClose = (h) => how.push(h);
    peers[0].send('queued');
    board.cutPower();
    board.clock.advance(10);
    expect(rec.events).toEqual(['connect']);
    expect(how).toEqual(['network']);
    const after = recordingHandlers();
    board.hal.net.open({ host: 'server.local', port: 1883, tls: false }, after.handlers);
    board.clock.advance(10);
    expect(after.rec.events).toEqual([]);
  });
});
