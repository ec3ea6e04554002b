import { describe, expect, it } from 'vitest';
import * as mqttPacket from 'mqtt-packet';
import type { ClientEvent } from '../../../../src/mqtt/client';
import { publishPacket, rig, text, type Rig } from './broker';

/** Events with payload bytes as text, for comparing runs. */
function comparable(events: ClientEvent[]): unknown[] {
  return events.map((e) => (e.type === 'message' ? { ...e, payload: text(e.payload) } : e));
}

describe('MQTT client: delivering messages', () => {
  it('delivers QoS0 and QoS1 messages with topic, payload, qos, retain and dup', () => {
    const r = rig();
    r.connect();
    r.broker.send(publishPacket('a/b', 'hello', 0, undefined, { retain: true }));
    r.broker.send(publishPacket('c', '{"x":1}', 1, 42, { dup: true }));
    r.settle();
    expect(comparable(r.ofType('message'))).toEqual([
      { type: 'message', topic: 'a/b', payload: 'hello', qos: 0, retain: true, dup: false },
      { type: 'message', topic: 'c', payload: '{"x":1}', qos: 1, retain: false, dup: true },
    ]);
    expect(r.broker.of('puback').map((p) => p.messageId)).toEqual([42]);
  });

  it('delivers a message that lies whole in one chunk as a view of that chunk, with no payload copy', () => {
    const r = rig();
    r.connect();
    r.broker.send(publishPacket('a/b', 'hello', 1, 9));
    r.settle();
    const [m] = r.ofType('message');
    if (m?.type !== 'message') throw new Error('no message');
    expect(text(m.payload)).toBe('hello');
    // A copy would own its whole buffer; a view sits after the packet's header and topic in the chunk.
    expect(m.payload.byteOffset).toBeGreaterThan(0);
    expect(m.payload.buffer.byteLength).toBeGreaterThan(m.payload.length);
  });

  it('acknowledges an incoming QoS1 publish only after the message handler returned', () => {
    let pubacksSeenByHandler = -1;
    let peerBytesAtHandler = -1;
    const r = rig({
      onEvent: (e, rr) => {
        if (e.type !== 'message') return;
        rr.board.clock.runDue();
        pubacksSeenByHandler = rr.broker.of('puback').length;
        peerBytesAtHandler = rr.broker.peer.receivedLength();
      },
    });
    r.connect();
    const before = r.broker.peer.receivedLength();
    r.broker.send(publishPacket('c', 'x', 1, 7));
    r.settle();
    expect(pubacksSeenByHandler).toBe(0);
    expect(peerBytesAtHandler).toBe(before);
    expect(r.broker.of('puback').map((p) => p.messageId)).toEqual([7]);
  });

  it('user callback that calls publish/disconnect from inside the message callback works (no re-entrancy into the parser)', () => {
    const r = rig({
      onEvent: (e, rr) => {
        if (e.type === 'message' && text(e.payload) === 'ping') {
          expect(rr.client.publish('reply', 'pong', { qos: 1 })).toBeTypeOf('number');
          // The client delivers events after its work is done: nothing arrives nested inside this handler.
          expect(rr.events.at(-1)).toBe(e);
        }
        if (e.type === 'message' && text(e.payload) === 'bye') rr.client.disconnect();
      },
    });
    r.connect();
    // Three packets in one chunk: the handler runs between them, and after 'bye' the rest is ignored.
    const bytes = Buffer.concat([
      mqttPacket.generate(publishPacket('cmd', 'ping', 1, 1)),
      mqttPacket.generate(publishPacket('cmd', 'bye', 1, 2)),
      mqttPacket.generate(publishPacket('cmd', 'after', 0)),
    ]);
    r.broker.sendBytes(new Uint8Array(bytes));
    r.settle();
    expect(r.ofType('message').map((m) => text(m.payload))).toEqual(['ping', 'bye']);
    expect(r.broker.of('publish').map((p) => [p.topic, text(p.payload)])).toEqual([['reply', 'pong']]);
    // ping was acknowledged after its handler; bye's handler disconnected first, so it was not.
    expect(r.broker.of('puback').map((p) => p.messageId)).toEqual([1]);
    expect(r.ofType('closed')).toEqual([expect.objectContaining({ reason: 'DISCONNECTED' })]);
    expect(r.client.state()).toBe('IDLE');
    // Both messages were decoded from the same slice before the first handler ran; the reply's event follows them.
    expect(r.events.map((e) => e.type)).toEqual(['connected', 'message', 'message', 'published', 'closed']);
  });

  it('a handler may connect() again from inside the closed event', () => {
    let reconnects = 0;
    const r = rig({
      onEvent: (e, rr) => {
        if (e.type === 'closed' && reconnects++ === 0) expect(rr.client.connect(rrCreds(rr))).toBeNull();
      },
    });
    r.connect();
    r.broker.peer.reset();
    r.settle();
    r.settle();
    expect(r.client.state()).toBe('CONNECTED');
    expect(r.events.map((e) => e.type)).toEqual(['connected', 'closed', 'connected']);
  });

  it('chunked delivery (one byte at a time) gives the same events as whole packets', () => {
    const run = (chunking: 'whole' | 'byte' | { seed: number; maxChunk: number }): unknown[] => {
      const r = rig({ board: { chunking } });
      r.connect({ clean: false });
      r.client.subscribe('a/#', 1);
      r.client.publish('out', 'o', { qos: 1 });
      r.settle();
      r.broker.send(publishPacket('a/1', 'first', 1, 10));
      r.broker.send(publishPacket('a/2', 'x'.repeat(300), 1, 11)); // oversize for the 256-byte buffer
      r.broker.send(publishPacket('a/3', '', 0));
      r.broker.send({ cmd: 'pingresp' });
      r.broker.send({ cmd: 'puback', messageId: 999 });
      r.settle();
      return [...comparable(r.events), r.broker.of('puback').map((p) => p.messageId)];
    };
    const whole = run('whole');
    expect(whole).toContainEqual(expect.objectContaining({ type: 'oversize', topic: 'a/2', acked: true }));
    expect(run('byte')).toEqual(whole);
    for (let seed = 1; seed <= 5; seed++) expect(run({ seed, maxChunk: 7 })).toEqual(whole);
  });

  it('reports an oversize QoS1 publish with its topic and still acknowledges it', () => {
    const r = rig();
    r.connect();
    r.broker.send(publishPacket('big/topic', 'y'.repeat(1000), 1, 5));
    r.broker.send(publishPacket('small', 'ok', 0));
    r.settle();
    expect(r.ofType('oversize')).toEqual([{ type: 'oversize', packetType: 3, size: 1000 + 2 + 9 + 2 + 3, topic: 'big/topic', qos: 1, acked: true }]);
    expect(r.broker.of('puback').map((p) => p.messageId)).toEqual([5]);
    expect(r.ofType('message').map((m) => m.topic)).toEqual(['small']);
    expect(r.client.state()).toBe('CONNECTED');
  });

  it('an event handler that throws is reported and does not break the client', () => {
    const r = rig({
      onEvent: (e) => {
        if (e.type === 'message') throw new Error('app bug');
      },
    });
    r.connect();
    r.broker.send(publishPacket('c', 'x', 1, 3));
    r.settle();
    expect(r.ofType('error')).toEqual([expect.objectContaining({ code: 'HANDLER_THREW', message: expect.stringMatching(/app bug/) })]);
    expect(r.broker.of('puback')).toHaveLength(1);
    expect(r.client.state()).toBe('CONNECTED');
    expect(r.board.log.lines.some((l) => l.level === 'error' && /app bug/.test(l.message))).toBe(true);
  });

  it('events of an API call made outside a handler are delivered before the call returns', () => {
    const r = rig();
    r.connect();
    const ref = r.client.publish('t', 'x');
    expect(r.events.at(-1)).toMatchObject({ type: 'published', ref });
  });

  it('many packets in one chunk keep the pending event queue small (decoded in slices)', () => {
    const r = rig();
    r.connect();
    const many = Buffer.concat(Array.from({ length: 400 }, () => mqttPacket.generate({ cmd: 'pingresp' })));
    const messages = Buffer.concat(Array.from({ length: 100 }, (_, i) => mqttPacket.generate(publishPacket('m', String(i), 0))));
    r.broker.sendBytes(new Uint8Array(Buffer.concat([many, messages])));
    r.settle();
    expect(r.ofType('message')).toHaveLength(100);
    expect(r.client.stats().pendingEventsHigh).toBeLessThanOrEqual(17);
  });
});

describe('MQTT client: back-pressure', () => {
  it('waits for onDrain when the socket answers BUSY, then sends what waited, in order', () => {
    const r = rig({ board: { writeBuffer: 40 }, sizes: { offlineQueue: 8, qos1Window: 4 } });
    r.connect();
    r.broker.peer.pause();
    for (let i = 0; i < 5; i++) r.client.publish('t/' + i, 'payload-' + i, { qos: (i % 2) as 0 | 1 });
    r.settle();
    expect(r.broker.of('publish')).toEqual([]);
    expect(r.client.stats().queued).toBe(3); // t/2 refused BUSY, t/3 and t/4 waited behind it
    r.broker.peer.resume();
    r.settle();
    r.settle();
    for (let k = 0; k < 10 && r.broker.of('publish').length < 5; k++) r.settle();
    expect(r.broker.of('publish').map((p) => p.topic)).toEqual(['t/0', 't/1', 't/2', 't/3', 't/4']);
    expect(r.ofType('acked')).toHaveLength(2);
    expect(r.ofType('dropped')).toEqual([]);
  });

  it('a PINGREQ due while blocked is owed and its deadline still runs', () => {
    const r = rig({ board: { writeBuffer: 1 }, client: { pingrespTimeoutMs: 5000 } });
    r.connect({ keepalive: 60 });
    r.broker.peer.pause();
    r.client.publish('t', 'x'.repeat(20));
    r.client.publish('t', 'y');
    r.board.clock.advance(45_000 + 5000);
    expect(r.ofType('closed')).toEqual([expect.objectContaining({ reason: 'PING_TIMEOUT' })]);
  });
});

function rrCreds(r: Rig) {
  void r;
  return {
    host: 'broker.test',
    port: 8883,
    tls: true,
    ca: ['test-ca'],
    clientId: 'again',
    username: 'u',
    password: 'p',
    keepalive: 60,
    clean: true,
  };
}
