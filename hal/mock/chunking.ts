import { SeededRandom } from './random';

/**
 * How the scripted network cuts the bytes a peer sends before they reach the device:
 * - 'whole': each send arrives as one chunk;
 * - 'byte': one byte at a time;
 * - { size }: chunks of at most size bytes;
 * - { seed, maxChunk? }: random chunk lengths in [1, maxChunk] (default 64) from a seeded generator.
 */
export type ChunkPolicy = 'whole' | 'byte' | { size: number } | { seed: number; maxChunk?: number };

/** Cuts bytes into chunks, each a new array: the device owns what it is given (SocketHandlers.onData). */
export type Chunker = (bytes: Uint8Array) => Uint8Array[];

/** bytes[from..to) as a new array, also for a Node Buffer (whose own slice is a view of the peer's memory). */
function copyOf(bytes: Uint8Array, from: number, to: number): Uint8Array {
  return Uint8Array.prototype.slice.call(bytes, from, to);
}

export function makeChunker(policy: ChunkPolicy): Chunker {
  if (policy === 'whole') return (bytes) => (bytes.length ? [copyOf(bytes, 0, bytes.length)] : []);
  if (policy === 'byte') return (bytes) => fixed(bytes, 1);
  if ('size' in policy) {
    const size = Math.max(1, Math.floor(policy.size));
    return (bytes) => fixed(bytes, size);
  }
  const rng = new SeededRandom(policy.seed);
  const max = Math.max(1, Math.floor(policy.maxChunk ?? 64));
  return (bytes) => {
    const out: Uint8Array[] = [];
    let at = 0;
    while (at < bytes.length) {
      const len = 1 + (rng.next() % max);
      out.push(copyOf(bytes, at, at + len));
      at += len;
    }
    return out;
  };
}

function fixed(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(copyOf(bytes, at, at + size));
  return out;
}
