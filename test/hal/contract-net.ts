import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HostMap } from '../../hal/node/host-map';
import { makeCa, type TestCa } from './certs';
import {
  bytesOf,
  concatBytes,
  firstDifference,
  recordingHandlers,
  tcp,
  tlsTo,
  type BoardFactory,
  type ContractBoard,
  type ContractPeer,
} from './harness';

const AUTH_HOST = 'iot-auth.cn-shanghai.aliyuncs.com';
const MQTT_HOST = 'a1b2c3d4e5f.iot-as-mqtt.cn-shanghai.aliyuncs.com';
const TEST_NAME = 'device-test.local';

function pattern(length: number, offset = 0): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (offset + i) % 251;
  return out;
}

export function netContract(factory: BoardFactory): void {
  let ca: TestCa;
  let otherCa: TestCa;
  beforeAll(async () => {
    ca = await makeCa('aliot test CA');
    otherCa = await makeCa('some other CA');
  });

  describe('net', () => {
    let board: ContractBoard;
    let hostMap: HostMap;
    let peers: ContractPeer[];
    const collect = (peer: ContractPeer) => void peers.push(peer);
    beforeEach(async () => {
      hostMap = {};
      peers = [];
      board = await factory.create({ hostMap, maxTlsSockets: 1 });
    });
    afterEach(async () => {
      await board.dispose();
    });

    it('TCP: connects, carries bytes both ways, and reports an orderly peer close as onClose(null) once', async () => {
      const ep = await board.serve({}, (peer) => {
        collect(peer);
        peer.onData((bytes) => peer.send(bytes)); // echo
      });
      const { handlers, rec } = recordingHandlers();
      const socket = board.hal.net.open(tcp(ep), handlers);
      await board.waitFor(() => rec.connected, 'onConnect');
      expect(socket.write(bytesOf('hello, peer'))).toBeNull();
      await board.waitFor(() => rec.text() === 'hello, peer', 'echo');
      peers[0].end();
      await board.waitFor(() => rec.closed, 'onClose');
      await board.pass(20);
      expect(rec.error).toBeNull();
      expect(rec.events.filter((e) => e.startsWith('close'))).toEqual(['close:null']);
      expect(rec.events[0]).toBe('connect');
      expect(socket.write(bytesOf('late'))?.code).toBe('CLOSED');
    });

    it('delivers a large transfer intact, in whatever chunks the network makes', async () => {
      const payload = pattern(100_000, 7);
      const ep = await board.serve({}, (peer) => peer.send(payload));
      const { handlers, rec } = recordingHandlers();
      board.hal.net.open(tcp(ep), handlers);
      await board.waitFor(() => rec.length() >= payload.length, 'all bytes');
      expect(firstDifference(rec.bytes(), payload)).toBe(-1);
      expect(rec.events[0]).toBe('connect');
    });

    it('hands each chunk over for good: an array given to onData is never written again, whatever the peer does with what it sent', async () => {
      // A Buffer, whose own slice is a view: a HAL that cut chunks with it would hand over the peer's memory.
      const sent = Buffer.from(pattern(4000, 3));
      const original = Uint8Array.from(sent);
      const ep = await board.serve({}, (peer) => {
        peer.send(sent);
        sent.fill(0); // the peer reuses its buffer at once
        peer.send(sent);
      });
      const kept: Uint8Array[] = [];
      let got = 0;
      const { handlers } = recordingHandlers();
      board.hal.net.open(tcp(ep), {
        ...handlers,
        onData(bytes) {
          kept.push(bytes);
          got += bytes.length;
        },
      });
      await board.waitFor(() => got >= 2 * sent.length, 'both sends');
      const all = concatBytes(kept);
      expect(firstDifference(all.subarray(0, original.length), original)).toBe(-1);
      expect(all.subarray(original.length).every((b) => b === 0)).toBe(true);
    });

    it('TLS: connects when the certificate chains to the given CA and names the server', async () => {
      const ep = await board.serve({ tls: { ca, names: [TEST_NAME] } }, (peer) => {
        collect(peer);
        peer.onData((bytes) => peer.send(bytes));
      });
      const { handlers, rec } = recordingHandlers();
      const socket = board.hal.net.open(tlsTo(ep, ca, TEST_NAME), handlers);
      await board.waitFor(() => rec.connected && peers.length === 1, 'onConnect');
      expect(peers[0].servername).toBe(TEST_NAME);
      socket.write(bytesOf('over tls'));
      await board.waitFor(() => rec.text() === 'over tls', 'echo over TLS');
      socket.close();
    });

    it('TLS: refuses with TLS_VERIFY when the certificate is from a CA not in the list', async () => {
      const ep = await board.serve({ tls: { ca: otherCa, names: [TEST_NAME] } }, collect);
      const { handlers, rec } = recordingHandlers();
      board.hal.net.open(tlsTo(ep, ca, TEST_NAME), handlers);
      await board.waitFor(() => rec.closed, 'onClose');
      expect(rec.connected).toBe(false);
      expect(rec.error?.code).toBe('TLS_VERIFY');
    });

    it('TLS: refuses with TLS_VERIFY when the certificate does not name the server', async () => {
      const ep = await board.serve({ tls: { ca, names: ['someone-else.local'] } }, collect);
      const { handlers, rec } = recordingHandlers();
      board.hal.net.open(tlsTo(ep, ca, TEST_NAME), handlers);
      await board.waitFor(() => rec.closed, 'onClose');
      expect(rec.connected).toBe(false);
      expect(rec.error?.code).toBe('TLS_VERIFY');
    });

    it('TLS: fails with TLS_HANDSHAKE against a server that does not speak TLS', async () => {
      const ep = await board.serve({}, (peer) => peer.send(bytesOf('220 plain text service\r\n')));
      const { handlers, rec } = recordingHandlers();
      board.hal.net.open(tlsTo(ep, ca, TEST_NAME), handlers);
      await board.waitFor(() => rec.closed, 'onClose');
      expect(rec.connected).toBe(false);
      expect(rec.error?.code).toBe('TLS_HANDSHAKE');
    });

    it('host map: the real name goes to the mapped address, and that name is what gets verified and sent as SNI', async () => {
      const ep = await board.serve({ tls: { ca, names: [AUTH_HOST] } }, collect);
      hostMap[AUTH_HOST] = `${ep.host}:${ep.port}`;
      const { handlers, rec } = recordingHandlers();
      const socket = board.hal.net.open({ host: AUTH_HOST, port: 443, tls: true, ca: [ca.pem] }, handlers);
      await board.waitFor(() => rec.connected && peers.length === 1, 'onConnect via host map');
      expect(peers[0].servername).toBe(AUTH_HOST);
      socket.close();
    });

    it('host map: a wildcard entry maps every product host, keeping the port when none is given', async () => {
      const ep = await board.serve({ tls: { ca, names: ['*.iot-as-mqtt.cn-shanghai.aliyuncs.com'] } }, collect);
      hostMap['*.iot-as-mqtt.cn-shanghai.aliyuncs.com'] = ep.host;
      const { handlers, rec } = recordingHandlers();
      const socket = board.hal.net.open({ host: MQTT_HOST, port: ep.port, tls: true, ca: [ca.pem] }, handlers);
      await board.waitFor(() => rec.connected && peers.length === 1, 'onConnect via wildcard');
      expect(peers[0].servername).toBe(MQTT_HOST);
      socket.close();
    });

    it('host map: a mapped server whose certificate names another host is refused with TLS_VERIFY', async () => {
      const ep = await board.serve({ tls: { ca, names: ['not-alibaba.local'] } }, collect);
      hostMap[AUTH_HOST] = `${ep.host}:${ep.port}`;
      const { handlers, rec } = recordingHandlers();
      board.hal.net.open({ host: AUTH_HOST, port: 443, tls: true, ca: [ca.pem] }, handlers);
      await board.waitFor(() => rec.closed, 'onClose');
      expect(rec.connected).toBe(false);
      expect(rec.error?.code).toBe('TLS_VERIFY');
    });

    it('reports a refused connection as REFUSED without onConnect', async () => {
      const ep = await board.closedEndpoint();
      const { handlers, rec } = recordingHandlers();
      board.hal.net.open(tcp(ep), handlers);
      await board.waitFor(() => rec.closed, 'onClose');
      expect(rec.events).toEqual(['close:REFUSED']);
    });

    it('reports a name that does not resolve as DNS', async () => {
      const { handlers, rec } = recordingHandlers();
      board.hal.net.open({ host: board.unresolvableHost, port: 80, tls: false }, handlers);
      await board.waitFor(() => rec.closed, 'onClose');
      expect(rec.events).toEqual(['close:DNS']);
    });

    it('reports a connection reset by the peer as RESET, after the bytes sent before it', async () => {
      const ep = await board.serve({}, collect);
      const { handlers, rec } = recordingHandlers();
      board.hal.net.open(tcp(ep), handlers);
      await board.waitFor(() => rec.connected && peers.length === 1, 'connected');
      peers[0].send(bytesOf('partial'));
      await board.waitFor(() => rec.text() === 'partial', 'partial data');
      peers[0].reset();
      await board.waitFor(() => rec.closed, 'onClose');
      expect(rec.error?.code).toBe('RESET');
    });

    it('never calls a handler inside open() or write()', async () => {
      const ep = await board.serve({}, collect);
      const { handlers, rec } = recordingHandlers();
      const socket = board.hal.net.open(tcp(ep), handlers);
      expect(rec.events).toEqual([]);
      const refused = recordingHandlers();
      board.hal.net.open(tcp(await board.closedEndpoint()), refused.handlers);
      expect(refused.rec.events).toEqual([]);
      await board.waitFor(() => rec.connected, 'onConnect');
      const before = rec.events.length;
      socket.write(bytesOf('x'));
      expect(rec.events.length).toBe(before);
      socket.close();
    });

    it('refuses a write before onConnect with CLOSED', async () => {
      const ep = await board.serve({}, collect);
      const { handlers, rec } = recordingHandlers();
      const socket = board.hal.net.open(tcp(ep), handlers);
      expect(socket.write(bytesOf('too early'))?.code).toBe('CLOSED');
      await board.waitFor(() => rec.connected && peers.length === 1, 'connected');
      await board.pass(20);
      expect(peers[0].receivedLength()).toBe(0);
      socket.close();
    });

    it('calls no handler after the owner closed the socket, and close() is idempotent', async () => {
      const ep = await board.serve({}, collect);
      const { handlers, rec } = recordingHandlers();
      const socket = board.hal.net.open(tcp(ep), handlers);
      await board.waitFor(() => rec.connected && peers.length === 1, 'connected');
      const before = rec.events.slice();
      socket.close();
      socket.close();
      peers[0].send(bytesOf('too late'));
      peers[0].end();
      await board.pass(50);
      expect(rec.events).toEqual(before);
      expect(socket.write(bytesOf('x'))?.code).toBe('CLOSED');
    });

    it('refuses writes with BUSY under back-pressure, then calls onDrain, and every accepted byte arrives in order', async () => {
      const ep = await board.serve({}, (peer) => {
        peer.pause();
        collect(peer);
      });
      const { handlers, rec } = recordingHandlers();
      const socket = board.hal.net.open(tcp(ep), handlers);
      await board.waitFor(() => rec.connected && peers.length === 1, 'connected');
      const chunk = 64 * 1024;
      let sent = 0;
      let busy = false;
      for (let i = 0; i < 2048 && !busy; i++) {
        const error = socket.write(pattern(chunk, sent));
        if (error) {
          expect(error.code).toBe('BUSY');
          busy = true;
        } else {
          sent += chunk;
        }
      }
      expect(busy).toBe(true);
      expect(rec.drains).toBe(0);
      peers[0].resume();
      await board.waitFor(() => rec.drains === 1, 'onDrain');
      await board.waitFor(() => peers[0].receivedLength() === sent, 'all accepted bytes');
      expect(firstDifference(peers[0].received(), pattern(sent, 0))).toBe(-1);
      socket.close();
    });

    it('enforces caps.maxTlsSockets: one more TLS socket fails with LIMIT until one closes', async () => {
      const ep = await board.serve({ tls: { ca, names: [TEST_NAME] } }, collect);
      const first = recordingHandlers();
      const socket = board.hal.net.open(tlsTo(ep, ca, TEST_NAME), first.handlers);
      await board.waitFor(() => first.rec.connected, 'first connects');
      const second = recordingHandlers();
      board.hal.net.open(tlsTo(ep, ca, TEST_NAME), second.handlers);
      await board.waitFor(() => second.rec.closed, 'second refused');
      expect(second.rec.events).toEqual(['close:LIMIT']);
      socket.close();
      const third = recordingHandlers();
      const again = board.hal.net.open(tlsTo(ep, ca, TEST_NAME), third.handlers);
      await board.waitFor(() => third.rec.connected, 'third connects after close');
      again.close();
    });
  });
}
