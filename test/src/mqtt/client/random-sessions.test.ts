// Random sessions: publishes, broker messages, lost connections, resumed or lost sessions, withheld acks and odd
// chunkings, in any order. Whatever happens, the bounds hold, no exception escapes, every connection ends with one
// 'closed', and every QoS1 publish ends either acknowledged or dropped with an event — never both, never neither.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { publishPacket, rig } from './broker';

type Action =
  | { kind: 'publish'; qos: 0 | 1 }
  | { kind: 'brokerPublish'; qos: 0 | 1 }
  | { kind: 'advance'; ms: number }
  | { kind: 'drop' }
  | { kind: 'connect'; sessionPresent: boolean }
  | { kind: 'withholdAcks'; on: boolean }
  | { kind: 'disconnect' };

const action: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('publish' as const), qos: fc.constantFrom(0 as const, 1 as const) }), weight: 5 },
  { arbitrary: fc.record({ kind: fc.constant('brokerPublish' as const), qos: fc.constantFrom(0 as const, 1 as const) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 60_000 }) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('drop' as const) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('connect' as const), sessionPresent: fc.boolean() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('withholdAcks' as const), on: fc.boolean() }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('disconnect' as const) }), weight: 1 },
);

describe('MQTT client: random sessions', () => {
  it('bounds hold and every QoS1 publish ends acked or dropped, exactly once', () => {
    fc.assert(
      fc.property(
        fc.array(action, { maxLength: 40 }),
        fc.constantFrom<'whole' | 'byte' | { seed: number; maxChunk: number }>('whole', 'byte', { seed: 7, maxChunk: 5 }),
        (actions, chunking) => {
          const r = rig({ board: { chunking }, sizes: { qos1Window: 2, offlineQueue: 3 }, client: { pingrespTimeoutMs: 5000 } });
          const qos1Refs: number[] = [];
          let messageId = 1;
          for (const a of actions) {
            if (a.kind === 'publish') {
              const ref = r.client.publish('t/x', 'p', { qos: a.qos });
              if (a.qos === 1) qos1Refs.push(ref as number);
            } else if (a.kind === 'brokerPublish') {
              if (r.broker.peers.length > 0 && r.broker.peer.open && r.client.state() === 'CONNECTED') {
                r.broker.send(publishPacket('in', 'm', a.qos, a.qos === 1 ? messageId++ : undefined));
              }
            } else if (a.kind === 'advance') r.board.clock.advance(a.ms);
            else if (a.kind === 'drop') {
              if (r.broker.peers.length > 0) r.broker.peer.reset();
            } else if (a.kind === 'connect') {
              r.broker.behaviour.sessionPresent = a.sessionPresent;
              if (r.client.state() === 'IDLE') r.client.connect({ ...creds(), clean: false });
            } else if (a.kind === 'withholdAcks') r.broker.behaviour.puback = !a.on;
            else r.client.disconnect();
            r.settle();
            const s = r.client.stats();
            expect(s.inflight).toBeLessThanOrEqual(2);
            expect(s.queued).toBeLessThanOrEqual(3);
            expect(s.owedAcks).toBeLessThanOrEqual(8);
          }
          // The link comes back for good and the broker acknowledges everything.
          r.broker.behaviour.puback = true;
          r.broker.behaviour.sessionPresent = true;
          if (r.client.state() !== 'IDLE') r.client.disconnect();
          r.client.connect({ ...creds(), clean: false });
          r.settle();
          expect(r.client.state()).toBe('CONNECTED');
          expect(r.client.stats()).toMatchObject({ inflight: 0, queued: 0 });
          const acked = r.ofType('acked').map((e) => e.ref);
          const dropped = r.ofType('dropped').map((e) => e.ref);
          expect(new Set(acked).size).toBe(acked.length);
          for (const ref of qos1Refs) expect(Number(acked.includes(ref)) + Number(dropped.includes(ref)), `ref ${ref}`).toBe(1);
          const connects = r.ofType('connected').length;
          const closes = r.ofType('closed').length;
          expect(closes).toBeGreaterThanOrEqual(connects - 1);
        },
      ),
      { numRuns: 300, seed: 20240517 },
    );
  });
});

function creds() {
  return {
    host: 'broker.test',
    port: 8883,
    tls: true,
    ca: ['test-ca'],
    clientId: 'pk.dn|securemode=2|',
    username: 'dn&pk',
    password: 'secret-secret',
    keepalive: 30,
    clean: false,
  };
}
