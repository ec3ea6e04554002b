import { createMockBoard, type ChunkPolicy, type MockPeer } from '../../hal/mock';
import type { BoardFactory, ContractBoard, ContractPeer, Endpoint } from './harness';

/** Network conditions the contract suite runs the mock under. */
export interface MockProfile {
  label: string;
  latency: number;
  chunking: ChunkPolicy;
}

const MAX_STEPS = 100_000;

function adaptPeer(peer: MockPeer): ContractPeer {
  return {
    servername: peer.servername,
    onData(listener) {
      peer.onData = listener;
    },
    send: (bytes) => peer.send(bytes),
    end: () => peer.end(),
    reset: () => peer.reset(),
    pause: () => peer.pause(),
    resume: () => peer.resume(),
    received: () => peer.received(),
    receivedLength: () => peer.receivedLength(),
  };
}

/** The mock board for the contract suite: scripted peers, virtual time. */
export function mockFactory(profile: MockProfile): BoardFactory {
  return {
    name: `hal/mock (${profile.label})`,
    async create(options = {}) {
      const board = createMockBoard({
        hostMap: options.hostMap,
        kvCapacity: options.kvCapacity,
        caps: options.maxTlsSockets ? { maxTlsSockets: options.maxTlsSockets } : { maxTlsSockets: 4 },
        latency: profile.latency,
        chunking: profile.chunking,
      });
      let nextPort = 20000;
      const contract: ContractBoard = {
        hal: board.hal,
        async waitFor(cond, what) {
          board.clock.runDue();
          for (let step = 0; !cond(); step++) {
            if (step > MAX_STEPS || !board.clock.runNext()) throw new Error(`never happened: ${what}`);
          }
        },
        async pass(ms) {
          board.clock.advance(ms);
        },
        async serve(spec, onPeer) {
          const ep: Endpoint = { host: '127.0.0.1', port: nextPort++ };
          const tls = spec.tls ? { ca: spec.tls.ca.pem, names: spec.tls.names } : undefined;
          board.net.listen(`${ep.host}:${ep.port}`, (peer) => onPeer?.(adaptPeer(peer)), { tls });
          return ep;
        },
        async closedEndpoint() {
          const ep: Endpoint = { host: '127.0.0.1', port: nextPort++ };
          board.net.refuse(`${ep.host}:${ep.port}`);
          return ep;
        },
        unresolvableHost: 'no-such-host.invalid',
        // The mock's medium fails a write as a whole (WRITE_FAILED) before any byte is stored.
        interruptReplace(key, value) {
          board.kv.failWrite(1);
          if (board.hal.kv.set(key, value)?.code !== 'WRITE_FAILED') throw new Error('interruptReplace: write did not fail');
        },
        async dispose() {},
      };
      return contract;
    },
  };
}
