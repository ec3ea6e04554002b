// One side of the fleet comparison: N devices of one kind (ours, or the mqtt client) that the fleet benchmark
// brings online, has publish, and closes the same way for both.

import { performance } from 'node:perf_hooks';
import type { CloudChild } from './fleet-cloud';

export interface FleetContext {
  /** Where the devices connect and what they trust (plain data: the context is sent to a side's own process). */
  cloud: Pick<CloudChild, 'hostMap' | 'caPem'>;
  productKey: string;
  productSecret: string;
  /** Per device: its MAC (ours derives the DeviceName from it) and DeviceName. */
  macs: string[];
  deviceNames: string[];
  /** A directory of the side's own (KV stores). */
  workDir: string;
  /** Longest one device may take to come online. */
  bringUpTimeoutMs: number;
}

export interface FleetSide {
  /** Registers device i over HTTPS, stores/keeps its secret, connects over MQTT/TLS; true once online. */
  bringUp(i: number): Promise<boolean>;
  /** One QoS1 publish from device i; false when the client refused it at once. */
  publish(i: number, topic: string, payload: string): boolean;
  /** QoS1 publishes handed to the clients and not yet acknowledged by the broker. */
  unacked(): number;
  /** Milliseconds spent so far in (synchronous) storage of credentials: ours its KV calls, theirs its secret file. */
  storeMs(): number;
  close(): Promise<void>;
}

/** Runs fn, adding the milliseconds it takes to total.ms. */
export function timedInto<T>(total: { ms: number }, fn: () => T): T {
  const start = performance.now();
  try {
    return fn();
  } finally {
    total.ms += performance.now() - start;
  }
}

/** Runs task(i) for i in [0, n) with at most `limit` in flight. */
export async function pool(n: number, limit: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, n)) }, worker));
}

/** The Alink property-post topic of a device. */
export function propertyPostTopic(productKey: string, deviceName: string): string {
  return `/sys/${productKey}/${deviceName}/thing/event/property/post`;
}

/** The k-th property post of a device: distinct per k, short enough that the cloud's event preview holds it whole. */
export function propertyPost(k: number): string {
  return `{"id":"${k}","version":"1.0","params":{"seq":${k}},"method":"thing.event.property.post"}`;
}
