// The fleet benchmark's handle on the local cloud running in a child process (fleet-cloud-child.ts): products,
// devices, and how many distinct QoS1 messages the cloud saw per product.

import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type CloudRequest =
  | { op: 'addProduct'; dynamicRegistration: boolean }
  | { op: 'addDevices'; productKey: string; deviceNames: string[] }
  | { op: 'seen'; productKey: string }
  | { op: 'stop' };

export interface CloudChild {
  hostMap: Record<string, string>;
  caPem: string;
  pid: number;
  addProduct(dynamicRegistration: boolean): Promise<{ productKey: string; productSecret: string }>;
  addDevices(productKey: string, deviceNames: string[]): Promise<void>;
  /** Distinct QoS1 messages published up for this product so far. */
  seen(productKey: string): Promise<number>;
  stop(): Promise<void>;
}

const CHILD = fileURLToPath(new URL('./fleet-cloud-child.ts', import.meta.url));

/** Forks the cloud (TypeScript through tsx, like the aliot CLI) and waits until it listens. */
export function startCloudChild(timeoutMs = 30_000): Promise<CloudChild> {
  const child = fork(CHILD, [], { execArgv: ['--import', import.meta.resolve('tsx')], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let exited = false;
  child.on('exit', (code) => {
    exited = true;
    for (const w of waiting.values()) w.reject(new Error(`the cloud process exited (code ${code})`));
    waiting.clear();
  });
  const request = (body: CloudRequest): Promise<unknown> =>
    new Promise((resolve, reject) => {
      if (exited) return reject(new Error('the cloud process has exited'));
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      child.send({ id, ...body });
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`the cloud process did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the cloud process exited during start-up (code ${code})`));
    });
    child.on('message', (message: { id?: number; value?: unknown; error?: string; ready?: { hostMap: Record<string, string>; caPem: string } }) => {
      if (message.ready) {
        clearTimeout(timer);
        resolve(handle(child, message.ready, request));
        return;
      }
      const w = message.id === undefined ? undefined : waiting.get(message.id);
      if (!w) return;
      waiting.delete(message.id!);
      if (message.error !== undefined) w.reject(new Error(message.error));
      else w.resolve(message.value);
    });
  });
}

function handle(
  child: ChildProcess,
  ready: { hostMap: Record<string, string>; caPem: string },
  request: (body: CloudRequest) => Promise<unknown>,
): CloudChild {
  return {
    hostMap: ready.hostMap,
    caPem: ready.caPem,
    pid: child.pid!,
    addProduct: (dynamicRegistration) => request({ op: 'addProduct', dynamicRegistration }) as Promise<{ productKey: string; productSecret: string }>,
    addDevices: async (productKey, deviceNames) => {
      await request({ op: 'addDevices', productKey, deviceNames });
    },
    seen: (productKey) => request({ op: 'seen', productKey }) as Promise<number>,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await request({ op: 'stop' }).catch(() => undefined);
      await exited;
    },
  };
}
