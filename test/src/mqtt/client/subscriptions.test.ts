import { describe, expect, it } from 'vitest';
import { MAX_SUBSCRIPTIONS } from '../../../../src/mqtt/client';
import { rig } from './broker';

describe('MQTT client: subscriptions', () => {
  it('subscribes and reports the SUBACK with the granted QoS', () => {
    const r = rig();
    r.connect();
    expect(r.client.subscribe('/sys/pk/dn/thing/service/+', 1)).toBeNull();
    r.settle();
    expect(r.broker.of('subscribe')).toEqual([
      expect.objectContaining({ subscriptions: [{ topic: '/sys/pk/dn/thing/service/+', qos: 1 }] }),
    ]);
    expect(r.ofType('subscribed')).toEqual([{ type: 'subscribed', topic: '/sys/pk/dn/thing/service/+', ok: true, granted: 1 }]);
  });

  it('subscriptions made offline go out once connected', () => {
    const r = rig();
    r.client.subscribe('a/#', 0);
    r.client.subscribe('b/+', 1);
    r.connect();
    expect(r.broker.of('subscribe').map((p) => p.subscriptions[0]!.topic)).toEqual(['a/#', 'b/+']);
    expect(r.ofType('subscribed').map((e) => e.topic)).toEqual(['a/#', 'b/+']);
  });

  it('subscriptions re-sent after reconnect with sessionPresent=0', () => {
    const r = rig();
    r.connect({ clean: false });
    r.client.subscribe('a/#', 1);
    r.client.subscribe('b/+', 0);
    r.settle();
    r.broker.peer.reset();
    r.settle();
    r.connect({ clean: false });
    const again = r.broker.of('subscribe').filter((p) => p.conn === 2);
    expect(again.map((p) => p.subscriptions)).toEqual([[{ topic: 'a/#', qos: 1 }], [{ topic: 'b/+', qos: 0 }]]);
  });

  it('subscriptions are not re-sent when the broker resumed the session (sessionPresent=1)', () => {
    const r = rig();
    r.connect({ clean: false });
    r.client.subscribe('a/#', 1);
    r.settle();
    r.broker.peer.reset();
    r.settle();
    r.broker.behaviour.sessionPresent = true;
    r.connect({ clean: false });
    expect(r.broker.of('subscribe').filter((p) => p.conn === 2)).toEqual([]);
  });

  it('a SUBSCRIBE whose SUBACK was lost with the connection is sent again even when the session resumed', () => {
    const r = rig();
    r.broker.behaviour.granted = null;
    r.connect({ clean: false });
    r.client.subscribe('a/#', 1);
    r.settle();
    r.broker.peer.reset();
    r.settle();
    r.broker.behaviour = { ...r.broker.behaviour, granted: 'requested', sessionPresent: true };
    r.connect({ clean: false });
    expect(r.broker.of('subscribe').filter((p) => p.conn === 2)).toHaveLength(1);
    expect(r.ofType('subscribed')).toHaveLength(1);
  });

  it('a refused subscription (SUBACK 0x80) is reported and forgotten', () => {
    const r = rig();
    r.broker.behaviour.granted = 0x80;
    r.connect();
    r.client.subscribe('forbidden/#', 1);
    r.settle();
    expect(r.ofType('subscribed')).toEqual([{ type: 'subscribed', topic: 'forbidden/#', ok: false, granted: 0x80 }]);
    expect(r.client.stats().subscriptions).toBe(0);
  });

  it('unsubscribe sends UNSUBSCRIBE, reports the UNSUBACK and stops restoring the filter', () => {
    const r = rig();
    r.connect();
    r.client.subscribe('a/#', 1);
    r.settle();
    expect(r.client.unsubscribe('a/#')).toBeNull();
    r.settle();
    expect(r.broker.of('unsubscribe')).toEqual([expect.objectContaining({ unsubscriptions: ['a/#'] })]);
    expect(r.ofType('unsubscribed')).toEqual([{ type: 'unsubscribed', topic: 'a/#' }]);
    r.broker.peer.reset();
    r.settle();
    r.connect();
    expect(r.broker.of('subscribe').filter((p) => p.conn === 2)).toEqual([]);
  });

  it('unsubscribing a filter the broker never saw needs no packet; an unknown filter is an error', () => {
    const r = rig();
    r.client.subscribe('a/#');
    expect(r.client.unsubscribe('a/#')).toBeNull();
    expect(r.ofType('unsubscribed')).toEqual([{ type: 'unsubscribed', topic: 'a/#' }]);
    expect(r.client.unsubscribe('a/#')).toMatchObject({ code: 'NOT_SUBSCRIBED' });
    r.connect();
    expect(r.broker.of('subscribe')).toEqual([]);
    expect(r.broker.of('unsubscribe')).toEqual([]);
  });

  it('an unsubscription pending when the session is lost completes without a packet', () => {
    const r = rig();
    r.connect({ clean: false });
    r.client.subscribe('a/#');
    r.settle();
    r.broker.peer.reset();
    r.settle();
    r.client.unsubscribe('a/#');
    expect(r.ofType('unsubscribed')).toEqual([]);
    r.connect({ clean: false });
    expect(r.ofType('unsubscribed')).toEqual([{ type: 'unsubscribed', topic: 'a/#' }]);
    expect(r.broker.of('unsubscribe')).toEqual([]);
    expect(r.broker.of('subscribe').filter((p) => p.conn === 2)).toEqual([]);
  });

  it(`holds at most MAX_SUBSCRIPTIONS (${MAX_SUBSCRIPTIONS}) filters and refuses an invalid filter`, () => {
    const r = rig();
    for (let i = 0; i < MAX_SUBSCRIPTIONS; i++) expect(r.client.subscribe('f/' + i)).toBeNull();
    expect(r.client.subscribe('f/0', 1)).toBeNull(); // re-subscribing a held filter takes no room
    expect(r.client.subscribe('g')).toMatchObject({ code: 'TOO_MANY_SUBSCRIPTIONS' });
    expect(r.client.subscribe('a/#/b')).toMatchObject({ code: 'INVALID_TOPIC_FILTER' });
    expect(r.client.stats().subscriptions).toBe(MAX_SUBSCRIPTIONS);
  });
});
