// Table tests: spec vectors for well-formed and malformed server streams, the failed state, reset, and the
// sink contract.

import { describe, expect, it } from 'vitest';
import { DecoderEvent, MqttDecoder, PACKET_TYPE_NAMES } from '../../../../src/mqtt/codec';
import { fixtureBytes, malformedCases, validCases } from './fixtures';
import { comparable, concat, decodeEvents, harness, hex } from './helpers';

const CAPACITY = 256;

describe('well-formed server packets decode to the spec fields', () => {
  it.each(validCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const bytes = fixtureBytes(c.hex);
    expect(comparable(decodeEvents(bytes, CAPACITY))).toEqual(c.events);
    expect(comparable(decodeEvents(bytes, CAPACITY, new Array(bytes.length).fill(1)))).toEqual(c.events);
  });
});

describe('malformed input is a typed protocol error and fails the decoder', () => {
  it.each(malformedCases.map((c) => [c.name, c.code, c] as const))('%s → %s', (_name, _code, c) => {
    const h = harness(CAPACITY);
    const bytes = fixtureBytes(c.hex);
    h.feed(bytes);
    expect(h.events).toEqual([{ type: 'error', code: c.code, packetType: c.packetType, message: expect.any(String) }]);
    expect((h.events[0] as { message: string }).message).toMatch(new RegExp('^' + PACKET_TYPE_NAMES[c.packetType].toUpperCase() + ' \\S'));
    expect(h.decoder.state()).toBe('failed');
    expect(h.decoder.bytesHeld()).toBe(0);
    expect(decodeEvents(bytes, CAPACITY, new Array(bytes.length).fill(1))).toEqual(h.events);
  });

  it('the error follows the packets that came before it in the same chunk', () => {
    const events = decodeEvents(hex('d0 00 40 02 00 05 40 02 00 00 d0 00'), CAPACITY);
    expect(events.map((e) => e.type)).toEqual(['pingresp', 'puback', 'error']);
  });

  it('a failed decoder ignores every further byte: push returns 0 and emits nothing', () => {
    const h = harness(CAPACITY);
    expect(h.decoder.push(hex('d0 00 e0 00 d0 00'))).toBe(3);
    expect(h.decoder.push(hex('d0 00'))).toBe(0);
    expect(h.events.map((e) => e.type)).toEqual(['pingresp', 'error']);
  });

  it('reset() after a failure decodes a new stream from its first byte', () => {
    const h = harness(CAPACITY);
    h.feed(hex('c0 00'));
    h.decoder.reset();
    expect(h.decoder.state()).toBe('idle');
    expect(h.decoder.push(hex('d0 00'))).toBe(2);
    expect(h.events.map((e) => e.type)).toEqual(['error', 'pingresp']);
  });

  it('reset() in the middle of a packet forgets its bytes', () => {
    const h = harness(CAPACITY);
    h.feed(hex('30 07 00 03 61'));
    expect(h.decoder.state()).toBe('body');
    expect(h.decoder.bytesHeld()).toBe(3);
    h.decoder.reset();
    expect(h.decoder.bytesHeld()).toBe(0);
    h.feed(hex('40 02 00 01'));
    expect(h.events).toEqual([{ type: 'puback', packetId: 1 }]);
  });
});

describe('the decoder reports its state between bytes', () => {
  it('walks idle → length → body → idle through a PUBLISH', () => {
    const h = harness(CAPACITY);
    const states: string[] = [];
    for (const b of hex('30 80 01 00 01 74')) {
      h.decoder.push(new Uint8Array([b]));
      states.push(h.decoder.state());
    }
    expect(states).toEqual(['length', 'length', 'body', 'body', 'body', 'body']);
    h.feed(new Uint8Array(124));
    expect(h.decoder.state()).toBe('body');
    h.feed(new Uint8Array(1));
    expect(h.decoder.state()).toBe('idle');
    expect(h.events).toHaveLength(1);
  });

  it('push honours offset and length and reports the bytes consumed', () => {
    const h = harness(CAPACITY);
    const bytes = hex('ff ff d0 00 40 02 00 07 ff');
    expect(h.decoder.push(bytes, 2, 6)).toBe(6);
    expect(h.events).toEqual([{ type: 'pingresp' }, { type: 'puback', packetId: 7 }]);
    expect(h.decoder.push(bytes, 9)).toBe(0);
    expect(h.decoder.push(bytes, 4, 100)).toBe(5);
    expect(h.decoder.state()).toBe('failed');
  });

  it('takes a caller-owned receive buffer and stages a body split across pushes in it, never replacing it', () => {
    const rx = new Uint8Array(32);
    const events: DecoderEvent[] = [];
    const decoder = new MqttDecoder(rx, (e) => events.push(e));
    decoder.push(hex('30 06 00 01 74'));
    decoder.push(hex('61 62 63'));
    expect(decoder.capacity()).toBe(32);
    expect(Array.from(rx.subarray(0, 6))).toEqual([0, 1, 0x74, 0x61, 0x62, 0x63]);
    expect(events).toHaveLength(1);
  });
});

describe('the sink runs outside the parser’s critical section', () => {
  it('a push from inside the sink consumes nothing (returns 0) and does not corrupt the stream', () => {
    const events: DecoderEvent[] = [];
    let nested = -1;
    const decoder: MqttDecoder = new MqttDecoder(64, (e) => {
      events.push(e);
      if (nested < 0) nested = decoder.push(hex('d0 00'));
    });
    expect(decoder.push(hex('40 02 00 01 40 02 00 02'))).toBe(8);
    expect(nested).toBe(0);
    expect(events).toEqual([{ type: 'puback', packetId: 1 }, { type: 'puback', packetId: 2 }]);
  });

  it('reset() from inside the sink stops the current push after that event', () => {
    const events: DecoderEvent[] = [];
    const decoder: MqttDecoder = new MqttDecoder(64, (e) => {
      events.push(e);
      if (e.type === 'puback' && e.packetId === 1) decoder.reset();
    });
    expect(decoder.push(hex('40 02 00 01 40 02 00 02'))).toBe(4);
    expect(decoder.push(hex('d0 00'))).toBe(2);
    expect(events.map((e) => e.type)).toEqual(['puback', 'pingresp']);
  });

  it('a throwing sink leaves the decoder usable', () => {
    let calls = 0;
    const decoder = new MqttDecoder(64, () => {
      calls++;
      if (calls === 1) throw new Error('user bug');
    });
    expect(() => decoder.push(hex('d0 00'))).toThrow('user bug');
    expect(decoder.push(hex('d0 00'))).toBe(2);
    expect(calls).toBe(2);
  });

  it('a PUBLISH payload is a copy that survives the next packet', () => {
    const h = harness(16);
    h.feed(concat([hex('30 05 00 01 74 aa bb'), hex('30 05 00 01 74 cc dd')]));
    expect(comparable(h.events).map((e) => (e as { payload: string }).payload)).toEqual(['aabb', 'ccdd']);
  });
});
