import { describe, expect, it } from 'vitest';
import type { ClientEvent } from '../../../../src/mqtt/client';
import { publishPacket, rig, type Rig } from './broker';

/** connect + subscribe + QoS1 publish acknowledged + an incoming QoS1 message acknowledged + a ping. */
function scenario(r: Rig): number {
  r.connect({ clean: false });
  r.client.subscribe('in/#', 1);
  const ref = r.client.publish('out/telemetry', '{"t":21}', { qos: 1 }) as number;
  r.settle();
  if (r.broker.peers.length > 0 && r.broker.peer.open) r.broker.send(publishPacket('in/cmd', 'go', 1, 77));
  r.settle();
  r.board.clock.advance(45_000);
  r.board.clock.advance(1);
  return ref;
}

/** Every connection that started ended with exactly one 'closed', and events come in a legal order. */
function checkEventGrammar(events: ClientEvent[]): void {
  let up = false;
  for (const e of events) {
    if (e.type === 'connected') {
      expect(up).toBe(false);
      up = true;
    } else if (e.type === 'closed') up = false;
    else if (e.type === 'message' || e.type === 'acked' || e.type === 'subscribed') expect(up).toBe(true);
  }
}

describe('MQTT client: fail the k-th HAL call', () => {
  const good = rig();
  scenario(good);
  const total = good.board.recorder.countFailable();

  it('the good run makes failable HAL calls (socket open and writes) and ends connected and acknowledged', () => {
    expect(total).toBeGreaterThanOrEqual(6);
    expect(good.client.state()).toBe('CONNECTED');
    expect(good.ofType('acked')).toHaveLength(1);
    expect(good.broker.of('puback').map((p) => p.messageId)).toEqual([77]);
  });

  it('fail the k-th HAL call during a connect+publish+ack scenario for every k: no exception escapes, the client ends in a defined state and recovers', () => {
    for (let k = 1; k <= total; k++) {
      const r = rig();
      r.board.failNthCall(k);
      let ref = 0;
      expect(() => {
        ref = scenario(r);
      }, `k=${k}`).not.toThrow();
      expect(r.board.recorder.failures(), `k=${k}`).toHaveLength(1);
      const state = r.client.state();
      expect(['IDLE', 'CONNECTED'], `k=${k}`).toContain(state);
      checkEventGrammar(r.events);
      const s = r.client.stats();
      expect(s.inflight + s.queued, `k=${k}`).toBeLessThanOrEqual(1);
      if (state === 'IDLE') {
        expect(r.events.at(-1)?.type === 'closed' || r.ofType('closed').length > 0, `k=${k}`).toBe(true);
        expect(r.board.clock.pendingTimers(), `k=${k}`).toEqual([]);
        expect(r.board.net.openConnections(), `k=${k}`).toBe(0);
        // The link state machine would reconnect: the QoS1 publish still gets through and is acknowledged.
        r.connect({ clean: false });
        r.settle();
      }
      expect(r.client.state(), `k=${k}`).toBe('CONNECTED');
      expect(r.ofType('acked').map((e) => e.ref), `k=${k}`).toEqual([ref]);
      expect(r.broker.of('publish').filter((p) => p.topic === 'out/telemetry').length, `k=${k}`).toBeGreaterThanOrEqual(1);
      expect(r.client.stats().inflight + r.client.stats().queued, `k=${k}`).toBe(0);
      checkEventGrammar(r.events);
    }
  });
});
