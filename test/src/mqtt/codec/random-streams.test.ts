// Robustness: 100,000 seeded random byte streams (pure noise and mutated valid traffic), plus every short
// stream over a boundary-value alphabet. No exception escapes, buffer use stays within capacity, every stream
// ends in a defined state, and chunking never changes the outcome.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecoderEvent, encodePublish } from '../../../../src/mqtt/codec';
import { chunkSizesAt, concat, generate, harness, Harness, seededRandom } from './helpers';
import { serverPacketArb } from './server-arbitraries';

/** Fixed so CI sees the same 100,000 streams on every run. */
const SEED = 0x5eed_0311;
const STREAMS = 100_000;
const CAPACITIES = [0, 2, 5, 16, 64, 256];
const STATES = ['idle', 'length', 'body', 'drain', 'failed'];

/** Valid server packets to mutate: generated once (seeded), small payloads, plus a few oversize ones. */
function packetPool(): Uint8Array[] {
  const small = serverPacketArb.filter((c) => !('payload' in c.packet) || (c.packet.payload as Buffer).length < 64);
  const pool = fc.sample(small, { seed: SEED, numRuns: 300 }).map((c) => generate(c.packet));
  for (const length of [40, 120, 300]) {
    const buf = new Uint8Array(length + 32);
    const n = encodePublish(buf, { topic: 'o/v', payload: new Uint8Array(length), qos: 1, retain: false, dup: false, packetId: 5 });
    pool.push(buf.slice(0, n as number));
  }
  return pool;
}

type Rng = () => number;
const int = (rng: Rng, n: number) => Math.floor(rng() * n);

function randomBytes(rng: Rng, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = int(rng, 256);
  return bytes;
}

/** One of: flip a bit, overwrite a byte, insert a byte, delete a byte, truncate, overwrite a first byte. */
function mutate(rng: Rng, bytes: Uint8Array): Uint8Array {
  if (bytes.length === 0) return randomBytes(rng, 1);
  const at = int(rng, bytes.length);
  const copy = Array.from(bytes);
  switch (int(rng, 6)) {
    case 0: copy[at] ^= 1 << int(rng, 8); break;
    case 1: copy[at] = int(rng, 256); break;
    case 2: copy.splice(at, 0, int(rng, 256)); break;
    case 3: copy.splice(at, 1); break;
    case 4: copy.splice(at); break;
    default: copy[at] = (int(rng, 16) << 4) | int(rng, 16); break;
  }
  return new Uint8Array(copy);
}

function mutatedTraffic(rng: Rng, pool: Uint8Array[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const count = 1 + int(rng, 4);
  for (let i = 0; i < count; i++) parts.push(pool[int(rng, pool.length)]);
  let stream = concat(parts);
  const mutations = int(rng, 4);
  for (let i = 0; i < mutations; i++) stream = mutate(rng, stream);
  return stream;
}

function randomChunks(rng: Rng, length: number): number[] {
  const style = int(rng, 3);
  if (style === 0) return [length];
  if (style === 1) return new Array(length).fill(1);
  const cuts: number[] = [];
  for (let i = 0; i < 1 + int(rng, 6); i++) cuts.push(int(rng, length + 1));
  return chunkSizesAt(length, cuts);
}

/** The defined end states: one error at most, and only last; failed exactly when there was an error. */
function checkEnd(h: Harness, consumed: number, length: number): void {
  const errors = h.events.filter((e) => e.type === 'error');
  const failed = h.decoder.state() === 'failed';
  if (!STATES.includes(h.decoder.state())) throw new Error('undefined state ' + h.decoder.state());
  if (errors.length > 1) throw new Error('more than one protocol error');
  if (errors.length === 1 && h.events[h.events.length - 1].type !== 'error') throw new Error('events after the error');
  if (failed !== (errors.length === 1)) throw new Error('failed state and error events disagree');
  if (!failed && consumed !== length) throw new Error('a healthy decoder left bytes unconsumed');
  if (h.decoder.bytesHeld() > h.decoder.capacity()) throw new Error('buffer use above capacity');
}

function eventsKey(events: DecoderEvent[]): string {
  return JSON.stringify(events, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v));
}

describe('the decoder survives any byte stream', () => {
  it('100,000 seeded random streams: no exception, buffer within capacity, defined end state, chunking irrelevant', () => {
    const rng = seededRandom(SEED);
    const pool = packetPool();
    const kinds = { noise: 0, mutated: 0, failed: 0, oversize: 0, packets: 0 };
    const endStates: Record<string, number> = {};
    for (let i = 0; i < STREAMS; i++) {
      const capacity = CAPACITIES[int(rng, CAPACITIES.length)];
      const noise = rng() < 0.35;
      const stream = noise ? randomBytes(rng, int(rng, 48)) : mutatedTraffic(rng, pool);
      const h = harness(capacity);
      let consumed: number;
      try {
        consumed = h.feed(stream, randomChunks(rng, stream.length));
        checkEnd(h, consumed, stream.length);
        {
          const reference = harness(capacity);
          reference.feed(stream);
          if (eventsKey(reference.events) !== eventsKey(h.events)) throw new Error('chunking changed the events');
        }
      } catch (err) {
        throw new Error('stream #' + i + ' (' + Buffer.from(stream).toString('hex') + ', capacity ' + capacity + '): ' + (err as Error).message);
      }
      kinds[noise ? 'noise' : 'mutated']++;
      if (h.decoder.state() === 'failed') kinds.failed++;
      endStates[h.decoder.state()] = (endStates[h.decoder.state()] ?? 0) + 1;
      kinds.oversize += h.events.filter((e) => e.type === 'oversize').length;
      kinds.packets += h.events.filter((e) => e.type !== 'oversize' && e.type !== 'error').length;
    }
    // The mix reaches deep states: many streams decode packets, many hit oversize, many fail.
    expect(kinds.mutated).toBeGreaterThan(STREAMS / 2);
    expect(kinds.packets).toBeGreaterThan(STREAMS / 4);
    expect(kinds.oversize).toBeGreaterThan(STREAMS / 20);
    expect(kinds.failed).toBeGreaterThan(STREAMS / 10);
    for (const state of STATES) expect(endStates[state], 'streams ending in ' + state).toBeGreaterThan(100);
  });

  it('every stream of up to 4 bytes over a boundary-value alphabet, whole and byte by byte, agrees and ends defined', () => {
    const alphabet = [0x00, 0x01, 0x02, 0x20, 0x30, 0x32, 0x34, 0x36, 0x40, 0x7f, 0x80, 0x90, 0xb0, 0xd0, 0xff];
    let streams = 0;
    const visit = (prefix: number[]) => {
      const stream = new Uint8Array(prefix);
      for (const capacity of [0, 3, 8]) {
        const a = harness(capacity);
        const consumed = a.feed(stream);
        checkEnd(a, consumed, stream.length);
        const b = harness(capacity);
        b.feed(stream, new Array(stream.length).fill(1));
        if (eventsKey(b.events) !== eventsKey(a.events) || b.decoder.state() !== a.decoder.state()) {
          throw new Error('byte-by-byte differs from whole for ' + Buffer.from(stream).toString('hex') + ' at capacity ' + capacity);
        }
      }
      streams++;
      if (prefix.length < 4) for (const byte of alphabet) visit(prefix.concat([byte]));
    };
    visit([]);
    expect(streams).toBe(1 + 15 + 225 + 3375 + 50625);
  });
});
