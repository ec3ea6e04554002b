// Packets larger than the receive buffer are drained exactly, reported, and decoding goes on.

import { describe, expect, it } from 'vitest';
import { encodePublish } from '../../../../src/mqtt/codec';
import { concat, decodeEvents, generate, harness, hex } from './helpers';

function publishBytes(topic: string, payloadLength: number, qos: 0 | 1 = 0, packetId = 1): Uint8Array {
  const buf = new Uint8Array(payloadLength + topic.length * 4 + 16);
  const n = encodePublish(buf, { topic, payload: new Uint8Array(payloadLength).fill(0x42), qos, retain: false, dup: false, packetId });
  if (typeof n !== 'number') throw new Error(n.message);
  return buf.slice(0, n);
}

const PINGRESP = hex('d0 00');

describe('an oversize packet is drained exactly and reported', () => {
  it('a PUBLISH over capacity → oversize {type, size, topic, qos, packet id}; the next packet decodes', () => {
    const big = publishBytes('t/1', 40, 1, 7);
    const events = decodeEvents(concat([big, PINGRESP]), 16);
    expect(events).toEqual([
      { type: 'oversize', packetType: 3, size: big.length, topic: 't/1', qos: 1, packetId: 7 },
      { type: 'pingresp' },
    ]);
  });

  it('the topic is reported only when it fits in the buffer', () => {
    const big = publishBytes('a/very/long/topic/name', 40);
    expect(decodeEvents(concat([big, PINGRESP]), 8)).toEqual([
      { type: 'oversize', packetType: 3, size: big.length, topic: undefined, qos: 0, packetId: 0 },
      { type: 'pingresp' },
    ]);
  });

  it('the packet id is reported only when it fits after the topic', () => {
    const big = publishBytes('abcd', 40, 1, 300);
    expect(decodeEvents(big, 6)[0]).toMatchObject({ topic: 'abcd', packetId: 0 });
    expect(decodeEvents(big, 8)[0]).toMatchObject({ topic: 'abcd', packetId: 300 });
  });

  it('a packet exactly the capacity decodes; one byte more is drained', () => {
    const exact = publishBytes('t', 11);
    expect(exact.length).toBe(16);
    expect(decodeEvents(exact, 16)[0].type).toBe('publish');
    expect(decodeEvents(publishBytes('t', 12), 16)[0].type).toBe('oversize');
  });

  it('an oversize SUBACK is drained and reported without a topic', () => {
    const suback = generate({ cmd: 'suback', messageId: 5, granted: new Array(30).fill(1) });
    expect(decodeEvents(concat([suback, PINGRESP]), 10)).toEqual([
      { type: 'oversize', packetType: 9, size: 34, topic: undefined, qos: 0, packetId: 0 },
      { type: 'pingresp' },
    ]);
  });

  it('an oversize PUBLISH with a malformed topic is reported without one (its bytes are dropped unread)', () => {
    const bad = concat([hex('30 14 00 02 c0 af'), new Uint8Array(16)]);
    expect(decodeEvents(concat([bad, PINGRESP]), 12)).toEqual([
      { type: 'oversize', packetType: 3, size: 22, topic: undefined, qos: 0, packetId: 0 },
      { type: 'pingresp' },
    ]);
  });

  it('buffer use never exceeds the capacity while draining, one byte at a time', () => {
    const big = publishBytes('topic', 500, 1, 9);
    for (const capacity of [0, 1, 2, 5, 7, 64, 256]) {
      const h = harness(capacity);
      h.feed(concat([big, PINGRESP, big]), new Array(2 * big.length + 2).fill(1));
      expect(h.maxHeld).toBeLessThanOrEqual(capacity);
      // Below 2 bytes of capacity even a PINGRESP does not fit: the rule is the same for every packet.
      const ping = capacity >= 2 ? 'pingresp' : 'oversize';
      expect(h.events.map((e) => e.type)).toEqual(['oversize', ping, 'oversize']);
      expect(h.decoder.state()).toBe('idle');
    }
  });

  it('a 2 MiB PUBLISH (4-byte remaining length) is drained through a 1 KiB buffer in 64 KiB chunks', () => {
    const remaining = 2 * 1024 * 1024;
    const header = hex('32 80 80 80 01 00 03 61 2f 62 00 2a');
    const h = harness(1024);
    h.feed(header);
    const chunk = new Uint8Array(64 * 1024);
    let left = remaining - (header.length - 5);
    while (left > 0) {
      const n = Math.min(left, chunk.length);
      expect(h.feed(chunk.subarray(0, n))).toBe(n);
      left -= n;
    }
    expect(h.decoder.state()).toBe('idle');
    h.feed(PINGRESP);
    expect(h.events).toEqual([
      { type: 'oversize', packetType: 3, size: 1 + 4 + remaining, topic: 'a/b', qos: 1, packetId: 42 },
      { type: 'pingresp' },
    ]);
    expect(h.maxHeld).toBe(1024);
  });

  it('the largest remaining length (268435455) is accepted and drained', () => {
    const h = harness(64);
    h.feed(hex('30 ff ff ff 7f 00 01 74'));
    expect(h.decoder.state()).toBe('drain');
    expect(h.events).toEqual([]);
  });
});
