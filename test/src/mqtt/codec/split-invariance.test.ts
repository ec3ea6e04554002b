// Split invariance: however a byte stream is chunked, the decoder reports the same events.

import fc from 'fast-check';
import type { IUnsubackPacket } from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import { encodePublish } from '../../../../src/mqtt/codec';
import { chunkSizesAt, comparable, concat, decodeEvents, generate, harness, hex } from './helpers';
import { serverPacketArb } from './server-arbitraries';

const CAPACITY = 128;

function oversizePublish(): Uint8Array {
  const buf = new Uint8Array(400);
  const n = encodePublish(buf, { topic: 'big/温', payload: new Uint8Array(300).fill(7), qos: 1, retain: false, dup: false, packetId: 77 });
  return buf.slice(0, n as number);
}

/** Ten packets with an oversize PUBLISH in the middle and a malformed PUBACK (id 0) at the end, then junk. */
const PARTS = [
  generate({ cmd: 'connack', returnCode: 0, sessionPresent: true }),
  generate({ cmd: 'suback', messageId: 1, granted: [1, 0x80] }),
  generate({ cmd: 'publish', topic: '/sys/a1/dev/thing/service/property/set', payload: Buffer.from('{"id":"1"}'), qos: 1, messageId: 2, retain: false, dup: false }),
  generate({ cmd: 'publish', topic: 'ü/😀', payload: Buffer.alloc(0), qos: 0, retain: true, dup: false }),
  oversizePublish(),
  generate({ cmd: 'puback', messageId: 3 }),
  generate({ cmd: 'unsuback', messageId: 4 } as IUnsubackPacket),
  generate({ cmd: 'pingresp' }),
  generate({ cmd: 'publish', topic: 't', payload: Buffer.alloc(100, 1), qos: 0, retain: false, dup: false }),
  hex('40 02 00 00'),
  hex('d0 00 20 02 00 00'),
];
const STREAM = concat(PARTS);
const OVERSIZE_INDEX = 4;
const OVERSIZE_START = PARTS.slice(0, OVERSIZE_INDEX).reduce((n, p) => n + p.length, 0);
const OVERSIZE_END = OVERSIZE_START + PARTS[OVERSIZE_INDEX].length;

function whole(bytes: Uint8Array, capacity = CAPACITY) {
  return comparable(decodeEvents(bytes, capacity));
}

describe('split invariance of the decoder', () => {
  const reference = whole(STREAM);

  it('the reference stream yields packets, one oversize event and a final protocol error', () => {
    expect(reference.map((e) => (e as { type: string }).type)).toEqual([
      'connack', 'suback', 'publish', 'publish', 'oversize', 'puback', 'unsuback', 'pingresp', 'publish', 'error',
    ]);
  });

  it('fed one byte at a time, the stream yields the same events', () => {
    expect(comparable(decodeEvents(STREAM, CAPACITY, new Array(STREAM.length).fill(1)))).toEqual(reference);
  });

  it('split into two chunks at every offset, the stream yields the same events', () => {
    for (let cut = 0; cut <= STREAM.length; cut++) {
      const events = comparable(decodeEvents(STREAM, CAPACITY, chunkSizesAt(STREAM.length, [cut])));
      expect(events, 'cut at ' + cut).toEqual(reference);
    }
  });

  it('split into three chunks around and inside the oversize packet, same events', () => {
    for (let a = OVERSIZE_START - 4; a < OVERSIZE_START + 40; a++) {
      for (let b = a; b <= OVERSIZE_END + 4; b += 3) {
        expect(comparable(decodeEvents(STREAM, CAPACITY, chunkSizesAt(STREAM.length, [a, b]))), a + '/' + b).toEqual(reference);
      }
    }
  });

  it('split at random offsets (fast-check), the stream yields the same events', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: STREAM.length }), { maxLength: 40 }), (cuts) => {
        expect(comparable(decodeEvents(STREAM, CAPACITY, chunkSizesAt(STREAM.length, cuts)))).toEqual(reference);
      }),
      { numRuns: 300 },
    );
  });

  it('any generated stream, with oversize packets and a malformed tail, split anywhere, yields the same events', () => {
    const tail = fc.constantFrom(hex(''), hex('40 02 00 00'), hex('36 05 00 01 61 00 01'), hex('30 ff ff ff ff 01'), hex('20 03'));
    fc.assert(
      fc.property(
        fc.array(serverPacketArb, { minLength: 1, maxLength: 6 }),
        tail,
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.constantFrom(16, 64, 300),
        (cases, bad, cutSeeds, capacity) => {
          const stream = concat(cases.map((c) => generate(c.packet)).concat([bad]));
          const cuts = cutSeeds.map((s) => s % (stream.length + 1));
          const h = harness(capacity);
          const consumed = h.feed(stream, chunkSizesAt(stream.length, cuts));
          expect(comparable(h.events)).toEqual(whole(stream, capacity));
          expect(h.maxHeld).toBeLessThanOrEqual(capacity);
          if (h.decoder.state() !== 'failed') expect(consumed).toBe(stream.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});
