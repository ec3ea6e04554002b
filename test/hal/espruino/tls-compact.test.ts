// Espruino 2v29 keeps a TLS socket's state in one flat string of ~160 contiguous JsVars and throws "Not enough
// memory to allocate SSL socket" when no free run is that long, however many JsVars are free (measured on the
// real engine with an 8,000-JsVar pool). hal/espruino then packs the free JsVars together (E.defrag) and
// connects once more — only while no other TLS socket is alive, since defrag moves what C code holds by address.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEspruinoHal } from '../../../hal/espruino';
import type { HalError, Net } from '../../../hal/types';

type Listener = (...args: unknown[]) => void;

class FakeSocket {
  readonly listeners: Record<string, Listener[]> = {};
  on(event: string, listener: Listener): this {
    (this.listeners[event] ??= []).push(listener);
    return this;
  }
  write(): boolean {
    return false;
  }
  end(): void {
    for (const l of this.listeners.close ?? []) l(false);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const l of this.listeners[event] ?? []) l(...args);
  }
}

const g = globalThis as unknown as { E?: unknown; require?: unknown; setTimeout: typeof setTimeout };
let connects: number;
let defrags: number;
let failAllocations: number;
let sockets: FakeSocket[];

const nodeProcess = process as unknown as { memory?: () => unknown };
let gcs: number;

beforeEach(() => {
  gcs = 0;
  nodeProcess.memory = () => {
    gcs++;
    return { free: 400, usage: 7600, total: 8000, blocksize: 17 };
  };
  connects = 0;
  defrags = 0;
  sockets = [];
  g.E = { defrag: () => defrags++ };
  g.require = (name: string) => {
    if (name !== 'tls' && name !== 'net') throw new Error('no module ' + name);
    return {
      connect() {
        connects++;
        if (name === 'tls' && failAllocations > 0) {
          failAllocations--;
          throw new Error('Not enough memory to allocate SSL socket');
        }
        const socket = new FakeSocket();
        sockets.push(socket);
        return socket;
      },
    };
  };
});
afterEach(() => {
  delete nodeProcess.memory;
  delete g.E;
  delete g.require;
});

/** The binding's Net, allowing maxTlsSockets TLS sockets at once. */
function espruinoNet(maxTlsSockets: number): Net {
  return createEspruinoHal({
    caps: { tlsVerifiesPeer: false, maxTlsSockets, hasNativeHash: true, maxKeyLength: 28, maxValueLength: 4096 },
  }).net;
}

function open(net: Net, tls = true) {
  const seen: { connected: boolean; closed?: HalError | null } = { connected: false };
  const socket = net.open({ host: '127.0.0.1', port: 8883, tls }, {
    onConnect: () => (seen.connected = true),
    onData: () => undefined,
    onClose: (error) => (seen.closed = error),
  });
  return { socket, seen };
}

const settle = () => new Promise((r) => setTimeout(r, 5));

describe('a TLS socket when no contiguous run of JsVars is free', () => {
  it('collects garbage, packs the free JsVars together and connects once more: the caller sees no failure', async () => {
    failAllocations = 1;
    const net = espruinoNet(1);
    const { seen } = open(net);
    expect([connects, gcs, defrags]).toEqual([2, 1, 1]);
    sockets[0]!.emit('connect');
    await settle();
    expect(seen).toEqual({ connected: true });
  });

  it('a second refusal after packing is reported as the connect failure it is (IO, with Espruino\'s message)', async () => {
    failAllocations = 2;
    const net = espruinoNet(1);
    const { seen } = open(net);
    await settle();
    expect([connects, defrags]).toEqual([2, 1]);
    expect(seen.closed).toMatchObject({ code: 'IO', message: expect.stringContaining('allocate SSL socket') });
  });

  it('never packs while another TLS socket is alive (its state would move under the C code holding it)', async () => {
    failAllocations = 0;
    const net = espruinoNet(2);
    open(net);
    failAllocations = 1;
    const second = open(net);
    await settle();
    expect(defrags).toBe(0);
    expect(second.seen.closed).toMatchObject({ code: 'IO' });
  });

  it('other connect failures are not retried', async () => {
    g.require = () => ({
      connect() {
        connects++;
        throw new Error('Unable to locate host');
      },
    });
    const net = espruinoNet(1);
    const { seen } = open(net);
    await settle();
    expect([connects, defrags]).toEqual([1, 0]);
    expect(seen.closed).toMatchObject({ code: 'DNS' });
  });
});
