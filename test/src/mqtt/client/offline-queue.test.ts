import { describe, expect, it } from 'vitest';
import { rig, text } from './broker';

describe('MQTT client: offline queue', () => {
  it('holds publishes made while offline and sends them in order once connected', () => {
    const r = rig({ sizes: { offlineQueue: 3, qos1Window: 2 } });
    const refs = [r.client.publish('t/0', 'a'), r.client.publish('t/1', 'b', { qos: 1 }), r.client.publish('t/2', 'c')];
    expect(r.client.stats().queued).toBe(3);
    expect(r.ofType('published')).toEqual([]);
    r.connect();
    expect(r.broker.of('publish').map((p) => [p.topic, p.qos, text(p.payload)])).toEqual([
      ['t/0', 0, 'a'],
      ['t/1', 1, 'b'],
      ['t/2', 0, 'c'],
    ]);
    expect(r.ofType('published').map((e) => e.ref)).toEqual(refs);
    expect(r.ofType('acked').map((e) => e.ref)).toEqual([refs[1]]);
    expect(r.client.stats()).toMatchObject({ queued: 0, inflight: 0 });
  });

  it('offline queue bound and drop event: drop-oldest keeps the newest offlineQueue publishes', () => {
    const r = rig({ sizes: { offlineQueue: 3 } });
    const refs: number[] = [];
    for (let i = 0; i < 5; i++) refs.push(r.client.publish('t/' + i, 'm' + i, { qos: 1 }) as number);
    expect(r.client.stats().queued).toBe(3);
    expect(r.ofType('dropped')).toEqual([
      { type: 'dropped', reason: 'queue-full', ref: refs[0], topic: 't/0', qos: 1 },
      { type: 'dropped', reason: 'queue-full', ref: refs[1], topic: 't/1', qos: 1 },
    ]);
    r.connect();
    expect(r.broker.of('publish').map((p) => p.topic)).toEqual(['t/2', 't/3', 't/4']);
  });

  it('a queue of size 0 drops every publish made offline', () => {
    const r = rig({ sizes: { offlineQueue: 0 } });
    const ref = r.client.publish('t', 'x', { qos: 1 });
    expect(r.ofType('dropped')).toEqual([{ type: 'dropped', reason: 'queue-full', ref, topic: 't', qos: 1 }]);
    r.connect();
    expect(r.broker.of('publish')).toEqual([]);
  });

  it('keeps order while connected: a QoS0 publish waits behind queued QoS1 publishes blocked by a full window', () => {
    const r = rig({ sizes: { qos1Window: 1, offlineQueue: 4 } });
    r.broker.behaviour.puback = false;
    r.connect();
    r.client.publish('t/q1a', 'a', { qos: 1 });
    r.client.publish('t/q1b', 'b', { qos: 1 });
    r.client.publish('t/q0', 'c');
    r.settle();
    expect(r.broker.of('publish').map((p) => p.topic)).toEqual(['t/q1a']);
    r.broker.send({ cmd: 'puback', messageId: r.broker.of('publish')[0]!.messageId });
    r.settle();
    expect(r.broker.of('publish').map((p) => p.topic)).toEqual(['t/q1a', 't/q1b', 't/q0']);
  });

  it('queue and window never exceed their board sizes, whatever is published', () => {
    const r = rig({ sizes: { qos1Window: 2, offlineQueue: 3 } });
    r.broker.behaviour.puback = false;
    r.connect();
    for (let i = 0; i < 50; i++) {
      r.client.publish('t/' + i, 'x', { qos: (i % 2) as 0 | 1 });
      const s = r.client.stats();
      expect(s.inflight).toBeLessThanOrEqual(2);
      expect(s.queued).toBeLessThanOrEqual(3);
    }
    r.settle();
    expect(r.ofType('dropped').length).toBeGreaterThan(0);
  });
});
