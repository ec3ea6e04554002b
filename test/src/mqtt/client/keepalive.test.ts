import { describe, expect, it } from 'vitest';
import { defaultPingrespTimeout, PING_FRACTION } from '../../../../src/mqtt/client';
import { rig } from './broker';

const KEEPALIVE = 60;
const PING_AFTER = KEEPALIVE * 1000 * PING_FRACTION; // 45 000 ms

describe('MQTT client: keep-alive', () => {
  it('sends PINGREQ after 3/4 of the keep-alive interval without a write, and not a millisecond before', () => {
    const r = rig();
    r.connect({ keepalive: KEEPALIVE });
    r.board.clock.advance(PING_AFTER - 1);
    expect(r.broker.of('pingreq')).toHaveLength(0);
    r.board.clock.advance(1);
    expect(r.broker.of('pingreq')).toHaveLength(1);
  });

  it('keeps pinging every 3/4 interval while PINGRESPs come back, and stays connected', () => {
    const r = rig();
    r.connect({ keepalive: KEEPALIVE });
    r.board.clock.advance(PING_AFTER * 10);
    expect(r.broker.of('pingreq')).toHaveLength(10);
    expect(r.client.state()).toBe('CONNECTED');
    expect(r.board.clock.pendingTimers()).toHaveLength(1);
  });

  it('counts idle time from the last write: a publish postpones the PINGREQ', () => {
    const r = rig();
    r.connect({ keepalive: KEEPALIVE });
    r.board.clock.advance(30_000);
    r.client.publish('t/a', 'x');
    r.board.clock.advance(PING_AFTER - 1);
    expect(r.broker.of('pingreq')).toHaveLength(0);
    r.board.clock.advance(1);
    expect(r.broker.of('pingreq')).toHaveLength(1);
  });

  it('declares the link dead exactly pingrespTimeoutMs after an unanswered PINGREQ', () => {
    const r = rig({ client: { pingrespTimeoutMs: 5000 } });
    r.broker.behaviour.pingresp = false;
    r.connect({ keepalive: KEEPALIVE });
    r.board.clock.advance(PING_AFTER);
    expect(r.broker.of('pingreq')).toHaveLength(1);
    r.board.clock.advance(4999);
    expect(r.client.state()).toBe('CONNECTED');
    r.board.clock.advance(1);
    expect(r.client.state()).toBe('IDLE');
    expect(r.ofType('closed')).toEqual([expect.objectContaining({ reason: 'PING_TIMEOUT' })]);
    expect(r.ofType('closed')[0]!.message).toMatch(/no PINGRESP within 5000 ms/);
    r.settle();
    expect(r.broker.peer.open).toBe(false);
  });

  it('by default allows a PINGRESP a quarter of the interval, at most 10 s: dead within one keep-alive interval', () => {
    expect(defaultPingrespTimeout(30)).toBe(7500);
    expect(defaultPingrespTimeout(60)).toBe(10_000);
    expect(defaultPingrespTimeout(1200)).toBe(10_000);
    const r = rig();
    r.broker.behaviour.pingresp = false;
    r.connect({ keepalive: 30 });
    r.board.clock.advance(30_000 - 1);
    expect(r.client.state()).toBe('CONNECTED');
    r.board.clock.advance(1);
    expect(r.ofType('closed')[0]).toMatchObject({ reason: 'PING_TIMEOUT' });
  });

  it('other traffic does not stand in for the PINGRESP', () => {
    const r = rig({ client: { pingrespTimeoutMs: 5000 } });
    r.broker.behaviour.pingresp = false;
    r.connect({ keepalive: KEEPALIVE });
    r.board.clock.advance(PING_AFTER + 1000);
    r.broker.send({ cmd: 'publish', topic: 't', payload: Buffer.from('x'), qos: 0, retain: false, dup: false });
    r.board.clock.advance(4000);
    expect(r.ofType('message')).toHaveLength(1);
    expect(r.ofType('closed')[0]).toMatchObject({ reason: 'PING_TIMEOUT' });
  });

  it('is correct across the wrap of the 32-bit millisecond clock', () => {
    const r = rig({ board: { clockStart: 2 ** 32 - 20_000 }, client: { pingrespTimeoutMs: 5000 } });
    r.broker.behaviour.pingresp = false;
    r.connect({ keepalive: KEEPALIVE });
    r.board.clock.advance(PING_AFTER - 1);
    expect(r.broker.of('pingreq')).toHaveLength(0);
    r.board.clock.advance(1);
    expect(r.broker.of('pingreq')).toHaveLength(1);
    r.board.clock.advance(5000);
    expect(r.ofType('closed')[0]).toMatchObject({ reason: 'PING_TIMEOUT' });
  });

  it('keep-alive 0 sends no PINGREQ and arms no timer', () => {
    const r = rig();
    r.connect({ keepalive: 0 });
    expect(r.board.clock.pendingTimers()).toEqual([]);
    r.board.clock.advance(10 * 3600_000);
    expect(r.broker.of('pingreq')).toHaveLength(0);
    expect(r.client.state()).toBe('CONNECTED');
  });
});
