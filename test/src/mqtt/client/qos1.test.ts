import { describe, expect, it } from 'vitest';
import { nextPacketId } from '../../../../src/mqtt/client/packet-ids';
import { rig, text } from './broker';

describe('MQTT client: QoS1 publishing', () => {
  it('publishes QoS1 with a packet id and reports published then acked with the same ref', () => {
    const r = rig();
    r.connect();
    const ref = r.client.publish('/sys/pk/dn/thing/event/property/post', '{"a":1}', { qos: 1 });
    expect(typeof ref).toBe('number');
    r.settle();
    const [pub] = r.broker.of('publish');
    expect(pub).toMatchObject({ topic: '/sys/pk/dn/thing/event/property/post', qos: 1, dup: false, retain: false });
    expect(text(pub!.payload)).toBe('{"a":1}');
    expect(r.ofType('published')).toEqual([{ type: 'published', ref, id: pub!.messageId, topic: pub!.topic, qos: 1, dup: false }]);
    expect(r.ofType('acked')).toEqual([{ type: 'acked', ref, id: pub!.messageId, topic: pub!.topic }]);
    expect(r.client.stats().inflight).toBe(0);
  });

  it('QoS1 window limits the publishes in flight to qos1Window; the rest wait in the queue', () => {
    const r = rig({ sizes: { qos1Window: 2, offlineQueue: 8 } });
    r.broker.behaviour.puback = false;
    r.connect();
    for (let i = 0; i < 5; i++) r.client.publish('t/' + i, 'm' + i, { qos: 1 });
    r.settle();
    expect(r.broker.of('publish').map((p) => p.topic)).toEqual(['t/0', 't/1']);
    expect(r.client.stats()).toMatchObject({ inflight: 2, queued: 3 });
  });

  it('PUBACK frees a slot: the next queued publish goes out, in order', () => {
    const r = rig({ sizes: { qos1Window: 2, offlineQueue: 8 } });
    r.broker.behaviour.puback = false;
    r.connect();
    for (let i = 0; i < 4; i++) r.client.publish('t/' + i, 'm' + i, { qos: 1 });
    r.settle();
    const [first] = r.broker.of('publish');
    r.broker.send({ cmd: 'puback', messageId: first!.messageId });
    r.settle();
    expect(r.broker.of('publish').map((p) => p.topic)).toEqual(['t/0', 't/1', 't/2']);
    expect(r.ofType('acked').map((e) => e.topic)).toEqual(['t/0']);
    expect(r.client.stats()).toMatchObject({ inflight: 2, queued: 1 });
  });

  it('packet ids run 1, 2, 3… and a new publish never takes an id still in flight', () => {
    const r = rig({ sizes: { qos1Window: 2, offlineQueue: 0 } });
    r.broker.behaviour.puback = false;
    r.connect();
    r.client.publish('t/held', 'x', { qos: 1 });
    r.client.publish('t/1', 'x', { qos: 1 });
    r.settle();
    r.broker.send({ cmd: 'puback', messageId: 2 });
    r.settle();
    r.client.publish('t/2', 'x', { qos: 1 });
    r.settle();
    expect(r.broker.of('publish').map((p) => p.messageId)).toEqual([1, 2, 3]);
  });

  it('packet ids wrap from 65535 to 1 and skip the ids in use', () => {
    const window = [{ id: 1 }, { id: 0 }];
    const subs = [{ id: 3 }, { id: 65535 }];
    const taken: number[] = [];
    let last = 0;
    for (let i = 0; i < 65532; i++) taken.push((last = nextPacketId(last, window, subs)));
    expect(taken.slice(0, 3)).toEqual([2, 4, 5]);
    expect(taken.at(-1)).toBe(65534);
    expect(nextPacketId(last, window, subs)).toBe(2); // 65535 and 1 are in use
    const all = Array.from({ length: 65535 }, (_, i) => ({ id: i + 1 }));
    expect(nextPacketId(7, all.slice(1), all.slice(0, 1))).toBe(0);
  });

  it('ignores a PUBACK for an id not in flight, with an error event', () => {
    const r = rig();
    r.connect();
    r.broker.send({ cmd: 'puback', messageId: 999 });
    r.settle();
    expect(r.ofType('error')).toEqual([expect.objectContaining({ code: 'UNKNOWN_PACKET_ID' })]);
    expect(r.client.state()).toBe('CONNECTED');
  });

  it('resends unacknowledged QoS1 publishes with DUP and the same packet id after reconnect with sessionPresent=1', () => {
    const r = rig();
    r.broker.behaviour.puback = false;
    r.connect({ clean: false });
    const refA = r.client.publish('t/a', 'A', { qos: 1 });
    const refB = r.client.publish('t/b', 'B', { qos: 1 });
    r.settle();
    const firstSends = r.broker.of('publish');
    expect(firstSends.map((p) => p.dup)).toEqual([false, false]);
    r.broker.peer.reset();
    r.settle();
    expect(r.client.state()).toBe('IDLE');

    r.broker.behaviour.sessionPresent = true;
    r.broker.behaviour.puback = true;
    r.connect({ clean: false });
    const resends = r.broker.of('publish').filter((p) => p.conn === 2);
    expect(resends.map((p) => [p.topic, p.messageId, p.dup, text(p.payload)])).toEqual([
      ['t/a', firstSends[0]!.messageId, true, 'A'],
      ['t/b', firstSends[1]!.messageId, true, 'B'],
    ]);
    expect(r.ofType('connected').at(-1)).toEqual({ type: 'connected', sessionPresent: true });
    expect(r.ofType('acked').map((e) => e.ref)).toEqual([refA, refB]);
    expect(r.client.stats().inflight).toBe(0);
  });

  it('with sessionPresent=0 republishes unacknowledged QoS1 publishes as new messages (DUP clear) by default', () => {
    const r = rig();
    r.broker.behaviour.puback = false;
    r.connect({ clean: false });
    r.client.publish('t/a', 'A', { qos: 1 });
    r.settle();
    r.broker.peer.reset();
    r.settle();
    r.broker.behaviour.puback = true;
    r.connect({ clean: false });
    const again = r.broker.of('publish').filter((p) => p.conn === 2);
    expect(again.map((p) => [p.topic, p.dup])).toEqual([['t/a', false]]);
    expect(r.ofType('acked')).toHaveLength(1);
    expect(r.ofType('dropped')).toEqual([]);
  });

  it('publishes QoS0 at once, without a packet id, and reports published with id 0', () => {
    const r = rig();
    r.connect();
    const ref = r.client.publish('t/0', new Uint8Array([1, 2, 3]), { retain: true });
    r.settle();
    expect(r.broker.of('publish')).toEqual([expect.objectContaining({ topic: 't/0', qos: 0, retain: true })]);
    expect(r.ofType('published')).toEqual([{ type: 'published', ref, id: 0, topic: 't/0', qos: 0, dup: false }]);
  });

  it('refuses an invalid publish with a typed error and sends nothing', () => {
    const r = rig({ sizes: { mqttTxBuffer: 128 } });
    r.connect();
    expect(r.client.publish('t/+', 'x')).toMatchObject({ code: 'INVALID_TOPIC' });
    expect(r.client.publish('t', new Uint8Array(200))).toMatchObject({ code: 'BUFFER_TOO_SMALL' });
    expect(r.client.publish('t', 'x', { qos: 2 as 1 })).toMatchObject({ code: 'INVALID_QOS' });
    r.settle();
    expect(r.broker.of('publish')).toEqual([]);
  });
});
