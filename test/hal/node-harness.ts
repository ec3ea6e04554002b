import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as tls from 'node:tls';
import { createNodeBoard } from '../../hal/node';
import { encodeKeyName } from '../../hal/node/key-names';
import { issueServerCert } from './certs';
import { concatBytes, type BoardFactory, type ContractBoard, type ContractPeer, type Endpoint } from './harness';

const WAIT_LIMIT_MS = 10_000;

function adaptSocket(sock: net.Socket): ContractPeer {
  const chunks: Uint8Array[] = [];
  let length = 0;
  let listener: ((bytes: Uint8Array) => void) | undefined;
  sock.on('data', (chunk: Buffer) => {
    const bytes = new Uint8Array(chunk);
    chunks.push(bytes);
    length += bytes.length;
    listener?.(bytes);
  });
  sock.on('error', () => {});
  return {
    servername: (sock as tls.TLSSocket).servername || undefined,
    onData(l) {
      listener = l;
    },
    send: (bytes) => void sock.write(bytes),
    end: () => void sock.end(),
    reset: () => void sock.resetAndDestroy(),
    pause: () => void sock.pause(),
    resume: () => void sock.resume(),
    received: () => concatBytes(chunks),
    receivedLength: () => length,
  };
}

function listen(server: net.Server): Promise<Endpoint> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as net.AddressInfo;
      resolve({ host: '127.0.0.1', port: address.port });
    });
  });
}

/** The Node simulation board for the contract suite: real files, loopback servers, real time. */
export const nodeFactory: BoardFactory = {
  name: 'hal/node',
  async create(options = {}) {
    const dir = mkdtempSync(join(tmpdir(), 'aliot-hal-node-'));
    const board = createNodeBoard({
      kvDir: join(dir, 'kv'),
      hostMap: options.hostMap,
      kvCapacity: options.kvCapacity,
      caps: { maxTlsSockets: options.maxTlsSockets ?? 4 },
      log: { write() {} },
      connectTimeoutMs: 5000,
    });
    const servers: net.Server[] = [];
    const sockets = new Set<net.Socket>();
    const track = (sock: net.Socket) => {
      sockets.add(sock);
      sock.on('close', () => sockets.delete(sock));
    };
    const contract: ContractBoard = {
      hal: board.hal,
      async waitFor(cond, what) {
        const deadline = Date.now() + WAIT_LIMIT_MS;
        while (!cond()) {
          if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
          await new Promise((r) => setTimeout(r, 2));
        }
      },
      async pass(ms) {
        const until = performance.now() + ms;
        while (performance.now() < until) await new Promise((r) => setTimeout(r, Math.max(1, Math.ceil(until - performance.now()))));
      },
      async serve(spec, onPeer) {
        let server: net.Server;
        if (spec.tls) {
          const { cert, key } = await issueServerCert(spec.tls.ca, spec.tls.names);
          server = tls.createServer({ cert, key }, (sock) => {
            track(sock);
            onPeer?.(adaptSocket(sock));
          });
          server.on('tlsClientError', () => {});
        } else {
          server = net.createServer((sock) => {
            track(sock);
            onPeer?.(adaptSocket(sock));
          });
        }
        servers.push(server);
        return listen(server);
      },
      async closedEndpoint() {
        const server = net.createServer();
        const ep = await listen(server);
        await new Promise((r) => server.close(r));
        return ep;
      },
      unresolvableHost: 'no-such-host.invalid',
      // A crash between writing the temporary file and the rename: the partial new value is left in a
      // stray temporary file next to the old value's file.
      interruptReplace(key, value) {
        const stray = join(board.kv.dir, `.tmp-${encodeKeyName(key)}-99999-1`);
        writeFileSync(stray, Buffer.from(value.slice(0, Math.ceil(value.length / 2)), 'latin1'), { mode: 0o600 });
      },
      async dispose() {
        board.dispose();
        for (const sock of sockets) sock.destroy();
        await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
        rmSync(dir, { recursive: true, force: true });
      },
    };
    return contract;
  },
};
