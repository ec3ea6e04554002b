// The Remaining Length field at every size boundary, in both directions.

import { describe, expect, it } from 'vitest';
import { remainingLengthSize, writeRemainingLength } from '../../../../src/mqtt/codec/remaining-length';
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
  it.each(BOUNDARIES)('%i ↔ %s', (value, bytes) => {
    const buf = new Uint8Array(4);
    expect(writeRemainingLength(buf, 0, value)).toBe(bytes.length / 2);
    expect(toHex(buf.subarray(0, bytes.length / 2))).toBe(bytes);
    expect(remainingLengthSize(value)).toBe(bytes.length / 2);
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
