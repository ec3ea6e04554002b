// The Remaining Length field at every size boundary, in both directions.

import { describe, expect, it } from 'vitest';
import type { EncodeError } from '../../../../src/mqtt/codec';
import { writeFixedHeader } from '../../../../src/mqtt/codec/encode';
import { decodeEvents, harness, hex, toHex } from './helpers';

const BOUNDARIES: [number, string][] = [
  [0, '00'],
  [127, '7f'],
  [128, '8001'],
  [16383, 'ff7f'],
  [16384, '808001'],
  [2097151, 'ffff7f'],
  [2097152, '80808001'],
  [268435455, 'ffffff7f'],
];

describe('remaining length encoding (spec table 2.4)', () => {
  // The header is written before any body byte, so a stand-in with the length of the whole packet (up to 256 MB)
  // receives exactly the header bytes.
  it.each(BOUNDARIES)('%i ↔ %s', (value, bytes) => {
    const size = bytes.length / 2;
    const buf = { length: 1 + size + value } as unknown as Uint8Array;
    expect(writeFixedHeader(buf, 0x30, value)).toBe(1 + size);
    expect(buf[0]).toBe(0x30);
    expect(toHex(new Uint8Array(Array.from({ length: size }, (_v, i) => buf[1 + i])))).toBe(bytes);
    expect(buf[1 + size]).toBeUndefined();
  });

  it.each(BOUNDARIES)('a body of %i bytes needs a header of 1 + %s, and one byte less refuses', (value, bytes) => {
    const needed = 1 + bytes.length / 2 + value;
    const buf = { length: needed - 1 } as unknown as Uint8Array;
    const refused = writeFixedHeader(buf, 0x30, value) as EncodeError;
    expect(refused).toMatchObject({ code: 'BUFFER_TOO_SMALL', needed: needed });
    expect(buf[0]).toBeUndefined();
  });

  it('a body over 268435455 bytes is PACKET_TOO_LARGE', () => {
    const buf = { length: 2 ** 30 } as unknown as Uint8Array;
    expect(writeFixedHeader(buf, 0x30, 268435456)).toMatchObject({ code: 'PACKET_TOO_LARGE' });
    expect(buf[0]).toBeUndefined();
  });

  // 0 is a PUBLISH too short for its topic: covered by the malformed fixtures.
  it.each(BOUNDARIES.slice(1))('the decoder reads a PUBLISH remaining length of %i from %s', (value, bytes) => {
    const capacity = 1 << 20;
    const h = harness(capacity);
    h.feed(hex('30' + bytes));
    expect(h.events).toEqual([]);
    expect(h.decoder.state()).toBe(value + 1 + bytes.length / 2 > capacity ? 'drain' : 'body');
  });

  it('a PUBLISH of 16384 body bytes (3-byte length) decodes whole', () => {
    const body = new Uint8Array(16384);
    body[1] = 1;
    body[2] = 0x74;
    const events = decodeEvents(new Uint8Array([0x30, 0x80, 0x80, 0x01, ...body]), 20000);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'publish', topic: 't' });
    expect((events[0] as { payload: Uint8Array }).payload.length).toBe(16381);
  });
});
