// What the fleet benchmark needs from the process: enough file descriptors, and a way to collect garbage before
// reading the heap.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import v8 from 'node:v8';

/** Descriptors kept free for everything that is not a device socket (files, pipes, the event loop, tsx). */
export const FD_RESERVE = 256;

/** The soft limit on open files (ulimit -n), or undefined when it cannot be read. */
export function openFileLimit(): number | undefined {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/)[1];
    if (soft === 'unlimited') return Number.POSITIVE_INFINITY;
    const n = Number(soft);
    if (Number.isFinite(n) && n > 0) return n;
  } catch {
    // not Linux: ask the shell
  }
  try {
    const out = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
    return out === 'unlimited' ? Number.POSITIVE_INFINITY : Number(out) || undefined;
  } catch {
    return undefined;
  }
}

/**
 * How many devices fit under the descriptor limit, each holding `perDevice` descriptors at once, with
 * FD_RESERVE kept free; and why fewer than requested, if so.
 */
export function devicesWithinLimit(requested: number, limit: number | undefined, perDevice = 1): { devices: number; reason?: string } {
  if (limit === undefined || !Number.isFinite(limit)) return { devices: requested };
  const fit = Math.floor((limit - FD_RESERVE) / perDevice);
  if (fit >= requested) return { devices: requested };
  const devices = Math.max(0, fit);
  return { devices, reason: `ulimit -n is ${limit}: ${requested} devices need about ${requested * perDevice + FD_RESERVE} descriptors, ran ${devices}` };
}

/**
 * A function that runs a full garbage collection, and how it was obtained: the global `gc` of --expose-gc, else
 * V8's flag turned on at run time (a fresh context then has `gc`); null when neither works.
 */
export function garbageCollector(): { gc: (() => void) | null; how: string } {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') return { gc: exposed, how: '--expose-gc' };
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    if (typeof gc === 'function') return { gc: gc as () => void, how: 'v8.setFlagsFromString(--expose-gc)' };
  } catch {
    // fall through
  }
  return { gc: null, how: 'none: heap figures include garbage not yet collected' };
}
