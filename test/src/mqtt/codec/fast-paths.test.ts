// The codec's fast paths give what the general paths give: the ASCII paths of UTF-8 decode and encode, and the
// decoding of a packet straight from the pushed chunk (no staging in the receive buffer).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeUtf8, DecoderEvent, MqttDecoder, utf8Bytes, utf8Length, UTF8_INVALID, writeUtf8 } from '../../../../src/mqtt/codec';
import { decodeUtf8 as generalDecode, utf8Encode as generalEncode } from '../../../../src/util/bytes';
import { comparable, concat, decodeEvents, generate, hex, payloadArb, topicNameArb } from './helpers';
import { serverPacketArb } from './server-arbitraries';

/** Strings of every kind: ASCII, any code point, and lone surrogates (which have no UTF-8 form). */
const anyString = fc.oneof(
  fc.string({ unit: 'binary-ascii', maxLength: 600 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: fc.constantFrom('a', '/', '\u007f', '\u0080', 'ü', '温', '😀', '\ud800', '\udfff'), maxLength: 40 }),
  fc.tuple(fc.string({ unit: 'binary-ascii', maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 3 })).map(([a, b]) => a + b),
);

/** Bytes of every kind: all below 0x80 (the fast path), any, and ASCII with one high byte somewhere. */
const anyBytes = fc.oneof(
  fc.uint8Array({ max: 0x7f, maxLength: 700 }),
  fc.uint8Array({ maxLength: 40 }),
  fc.tuple(fc.uint8Array({ max: 0x7f, maxLength: 300 }), fc.integer({ min: 0x80, max: 0xff }), fc.nat()).map(([a, high, at]) => {
    const out = new Uint8Array(a.length + 1);
    const i = at % (a.length + 1);
    out.set(a.subarray(0, i), 0);
    out[i] = high;
    out.set(a.subarray(i), i + 1);
    return out;
  }),
);

describe('UTF-8 fast paths equal the general paths', () => {
  it('decodeUtf8 returns what the general strict decoder returns, for any bytes and any range (fast-check)', () => {
    fc.assert(
      fc.property(anyBytes, fc.nat(), fc.nat(), (bytes, a, b) => {
        const start = a % (bytes.length + 1);
        const end = start + (b % (bytes.length - start + 1));
        expect(decodeUtf8(bytes, start, end)).toBe(generalDecode(bytes, start, end));
      }),
      { numRuns: 3000 },
    );
  });

  it('an ASCII range of any length decodes whole (the fast path takes up to 256 bytes, the general path the rest)', () => {
    const bytes = new Uint8Array(1000).map((_, i) => 0x20 + (i % 90));
    for (const end of [0, 1, 7, 8, 9, 15, 16, 17, 255, 256, 257, 1000]) {
      expect(decodeUtf8(bytes, 0, end)).toBe(Buffer.from(bytes.subarray(0, end)).toString('latin1'));
      expect(decodeUtf8(bytes, 3, Math.max(3, end))).toBe(Buffer.from(bytes.subarray(3, Math.max(3, end))).toString('latin1'));
    }
  });

  it('writeUtf8 returns and writes what the general strict encoder does, lone surrogates included (fast-check)', () => {
    fc.assert(
      fc.property(anyString, fc.nat({ max: 5 }), (s, pos) => {
        const expected = generalEncode(s, null, pos);
        expect(writeUtf8(s, null, pos)).toBe(expected);
        expect(utf8Length(s)).toBe(generalEncode(s, null, 0));
        if (expected === UTF8_INVALID) {
          expect(utf8Bytes(s)).toBeNull();
          return;
        }
        const ours = new Uint8Array(expected + 3).fill(0xee);
        const theirs = new Uint8Array(expected + 3).fill(0xee);
        expect(writeUtf8(s, ours, pos)).toBe(generalEncode(s, theirs, pos));
        expect(Array.from(ours)).toEqual(Array.from(theirs));
        expect(Buffer.from(utf8Bytes(s)!).equals(Buffer.from(s, 'utf8'))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

/** The events when each part is pushed as one chunk of its own. */
function pushedWhole(parts: Uint8Array[], capacity: number, views = false): DecoderEvent[] {
  const events: DecoderEvent[] = [];
  const decoder = new MqttDecoder(capacity, (e) => events.push(e), views);
  for (const part of parts) decoder.push(part);
  return events;
}

const tailArb = fc.constantFrom(hex(''), hex('40 02 00 00'), hex('36 05 00 01 61 00 01'), hex('30 ff ff ff ff 01'), hex('20 03'));

describe('a packet whole in the pushed chunk is decoded straight from it', () => {
  it('gives the same events as the same stream fed one byte at a time, where every body is staged (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(serverPacketArb, { minLength: 1, maxLength: 6 }), tailArb, fc.constantFrom(16, 64, 300, 20000), (cases, bad, capacity) => {
        const parts = cases.map((c) => generate(c.packet)).concat([bad]);
        const stream = concat(parts);
        const staged = comparable(decodeEvents(stream, capacity, new Array(stream.length).fill(1)));
        expect(comparable(pushedWhole(parts, capacity))).toEqual(staged);
        expect(comparable(pushedWhole([stream], capacity))).toEqual(staged);
        expect(comparable(pushedWhole(parts, capacity, true))).toEqual(staged);
      }),
      { numRuns: 300 },
    );
  });

  it('with the fixed header split anywhere and the whole body in the last push, the same PUBLISH (fast-check)', () => {
    // The last push holds the body whole whether or not it also holds the end of the fixed header.
    fc.assert(
      fc.property(topicNameArb, payloadArb, fc.nat(), (topic, payload, seed) => {
        const bytes = generate({ cmd: 'publish', topic, payload: Buffer.from(payload), qos: 1, messageId: 9, retain: false, dup: false });
        let header = 2;
        while ((bytes[header - 1]! & 0x80) !== 0) header++;
        const cut = 1 + (seed % header);
        const events = comparable(decodeEvents(bytes, 20000, [cut, bytes.length - cut]));
        expect(events).toEqual(comparable(decodeEvents(bytes, 20000, new Array(bytes.length).fill(1))));
        expect(events).toEqual(comparable([{ type: 'publish', topic, payload, qos: 1, retain: false, dup: false, packetId: 9 }]));
      }),
      { numRuns: 300 },
    );
  });

  it('leaves the receive buffer untouched and holds nothing', () => {
    const rx = new Uint8Array(32).fill(0xee);
    let held = -1;
    const decoder = new MqttDecoder(rx, (e) => {
      held = decoder.bytesHeld();
    });
    decoder.push(hex('30 06 00 01 74 61 62 63'));
    expect(held).toBe(0);
    expect(Array.from(rx)).toEqual(new Array(32).fill(0xee));
  });

  it('still drains a packet larger than the capacity, whole in the chunk, as oversize', () => {
    const bytes = generate({ cmd: 'publish', topic: 'big', payload: Buffer.alloc(40, 1), qos: 1, messageId: 5, retain: false, dup: false });
    const events: DecoderEvent[] = [];
    const decoder = new MqttDecoder(16, (e) => events.push(e));
    decoder.push(bytes);
    expect(events).toEqual([{ type: 'oversize', packetType: 3, size: bytes.length, topic: 'big', qos: 1, packetId: 5 }]);
  });

  it('copies the payload out of the chunk, also from a Node Buffer (whose slice() would be a view)', () => {
    for (const make of [(b: Uint8Array) => new Uint8Array(b), (b: Uint8Array) => Buffer.from(b)]) {
      const chunk = make(hex('30 06 00 01 74 61 62 63'));
      const events = pushedWhole([chunk], 64);
      const payload = (events[0] as { payload: Uint8Array }).payload;
      chunk.fill(0);
      expect(Array.from(payload)).toEqual([0x61, 0x62, 0x63]);
      expect(payload.buffer).not.toBe(chunk.buffer);
    }
  });
});

describe('the views option', () => {
  it('makes a payload whole in the chunk a subarray of the chunk', () => {
    const chunk = hex('d0 00 30 06 00 01 74 61 62 63 40 02 00 07');
    const events = pushedWhole([chunk], 64, true);
    expect(events.map((e) => e.type)).toEqual(['pingresp', 'publish', 'puback']);
    const payload = (events[1] as { payload: Uint8Array }).payload;
    expect(payload.buffer).toBe(chunk.buffer);
    expect(payload.byteOffset).toBe(chunk.byteOffset + 7);
    expect(Array.from(payload)).toEqual([0x61, 0x62, 0x63]);
  });

  it('still copies a payload staged in the receive buffer (a packet split across pushes)', () => {
    const rx = new Uint8Array(64);
    const events: DecoderEvent[] = [];
    const decoder = new MqttDecoder(rx, (e) => events.push(e), true);
    decoder.push(hex('30 06 00 01 74 61'));
    decoder.push(hex('62 63'));
    decoder.push(hex('30 06 00 01 75 00'));
    decoder.push(hex('00 00'));
    const payload = (events[0] as { payload: Uint8Array }).payload;
    expect(payload.buffer).not.toBe(rx.buffer);
    expect(Array.from(payload)).toEqual([0x61, 0x62, 0x63]);
  });
});
