// Shared test helpers for the MQTT codec: decoding with event capture, hex, seeded randomness, arbitraries.

import fc from 'fast-check';
import * as mqttPacket from 'mqtt-packet';
import { DecoderEvent, MqttDecoder } from '../../../../src/mqtt/codec';

export function hex(text: string): Uint8Array {
  const clean = text.replace(/[^0-9a-fA-F]/g, '');
  return new Uint8Array(Buffer.from(clean, 'hex'));
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

export function concat(parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts.map((p) => Buffer.from(p))));
}

/** Thrown by a sink when the decoder's buffer use exceeds its capacity at the moment of an event. */
function assertHeld(decoder: MqttDecoder): void {
  if (decoder.bytesHeld() > decoder.capacity()) {
    throw new Error('buffer use ' + decoder.bytesHeld() + ' exceeds capacity ' + decoder.capacity());
  }
}

export interface Harness {
  decoder: MqttDecoder;
  events: DecoderEvent[];
  /** The largest bytesHeld() seen after any push and at any event. */
  maxHeld: number;
  /** Feeds bytes in the given chunk sizes (the rest as one chunk); returns the bytes consumed. */
  feed(bytes: Uint8Array, chunkSizes?: number[]): number;
}

export function harness(capacity: number): Harness {
  const events: DecoderEvent[] = [];
  const h: Harness = {
    decoder: undefined as unknown as MqttDecoder,
    events,
    maxHeld: 0,
    feed(bytes, chunkSizes) {
      let pos = 0;
      let consumed = 0;
      const sizes = chunkSizes ?? [];
      for (let i = 0; pos < bytes.length; i++) {
        const size = i < sizes.length ? Math.max(1, sizes[i]) : bytes.length - pos;
        const n = Math.min(size, bytes.length - pos);
        consumed += h.decoder.push(bytes, pos, n);
        h.maxHeld = Math.max(h.maxHeld, h.decoder.bytesHeld());
        assertHeld(h.decoder);
        pos += n;
      }
      return consumed;
    },
  };
  h.decoder = new MqttDecoder(capacity, (event) => {
    h.maxHeld = Math.max(h.maxHeld, h.decoder.bytesHeld());
    assertHeld(h.decoder);
    events.push(event);
  });
  return h;
}

/** All events from feeding `bytes` to a fresh decoder of `capacity`, in the given chunking. */
export function decodeEvents(bytes: Uint8Array, capacity: number, chunkSizes?: number[]): DecoderEvent[] {
  const h = harness(capacity);
  h.feed(bytes, chunkSizes);
  return h.events;
}

/** Splits [0, length) into chunk sizes at the given cut points. */
export function chunkSizesAt(length: number, cuts: number[]): number[] {
  const sorted = cuts.filter((c) => c > 0 && c < length).sort((a, b) => a - b);
  const sizes: number[] = [];
  let last = 0;
  for (const cut of sorted) {
    if (cut > last) sizes.push(cut - last);
    last = cut;
  }
  sizes.push(length - last);
  return sizes;
}

/** mulberry32: a small seeded PRNG, so the random-stream test is the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// mqtt-packet as the oracle

export function generate(packet: mqttPacket.Packet): Uint8Array {
  return new Uint8Array(mqttPacket.generate(packet, { protocolVersion: 4 }));
}

export interface OracleParse {
  packets: mqttPacket.Packet[];
  errors: string[];
  left: number;
}

/** What mqtt-packet's parser makes of `bytes` (protocol version 4). */
export function oracleParse(bytes: Uint8Array): OracleParse {
  const parser = mqttPacket.parser({ protocolVersion: 4 });
  const result: OracleParse = { packets: [], errors: [], left: 0 };
  parser.on('packet', (p: mqttPacket.Packet) => result.packets.push(p));
  parser.on('error', (e: Error) => result.errors.push(e.message));
  result.left = parser.parse(Buffer.from(bytes));
  return result;
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

const NOT_IN_TOPIC = /[+#\u0000]/;

/** A piece of topic text: mostly ASCII path-like, sometimes any Unicode (never lone surrogates). */
const topicPiece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('/', 'sys', 'a1B2c3', 'thing', 'event', 'property', 'post', '_reply', 'ü', '温度', '😀') },
  { weight: 2, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
);

/** A valid topic name: non-empty, no wildcards, no U+0000. */
export const topicNameArb = fc
  .array(topicPiece, { minLength: 1, maxLength: 8 })
  .map((parts) => parts.join('').replace(/[+#\u0000]/g, 'x'))
  .filter((t) => t.length > 0 && !NOT_IN_TOPIC.test(t));

const filterLevel = fc.oneof(
  { weight: 1, arbitrary: fc.constant('+') },
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }).map((s) => s.replace(/[+#\u0000/]/g, 'y')) },
);

/** A valid topic filter: levels of text or '+', optionally ending in '#'. */
export const topicFilterArb = fc
  .tuple(fc.array(filterLevel, { minLength: 0, maxLength: 5 }), fc.boolean())
  .map(([levels, multi]) => (multi ? levels.concat(['#']) : levels).join('/'))
  .filter((f) => f.length > 0);

/** Payload bytes: usually small, sometimes long enough for 2- and 3-byte remaining lengths. */
export const payloadArb = fc.oneof(
  { weight: 8, arbitrary: fc.uint8Array({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 16300, maxLength: 16500 }) },
);

export const packetIdArb = fc.integer({ min: 1, max: 65535 });
export const qos01Arb = fc.constantFrom<0 | 1>(0, 1);

/** Any string without lone surrogates or U+0000 (client ids, usernames). */
export const textArb = fc.string({ unit: 'binary', maxLength: 40 }).map((s) => s.replace(/\u0000/g, '0'));

/** Events with payloads as hex strings: deep equality on long Uint8Arrays is slow, on strings it is not. */
export function comparable(events: (DecoderEvent | { type: string; payload?: Uint8Array })[]): unknown[] {
  return events.map((e) => ('payload' in e && e.payload instanceof Uint8Array ? { ...e, payload: toHex(e.payload) } : e));
}
