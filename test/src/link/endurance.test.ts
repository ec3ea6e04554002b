import { describe, expect, it } from 'vitest';
import { createMockBoard } from '../../../hal/mock';
import { thingTopics } from '../../../src';
import { BOARD, boot, MOCK_DEVICE_NAME } from './harness';
import { MQTT_HOST, PK, ScriptedCloud } from './scripted-cloud';

// 10,000 virtual hours of a flapping network: the cloud drops the session every few minutes, now and then
// refuses connections for a while, and the device publishes all along. Nothing may grow: not the link's state,
// not its timers, not its queues.


describe('link endurance on the virtual clock', () => {
  it('keeps state, timers and queues bounded through 10,000 hours of a flapping network', () => {
    const cloud = new ScriptedCloud();
    const board = createMockBoard({ seed: 42 });
    board.recorder.keep = false;
    board.log.limit = 200;
    cloud.kickAfterMs = 7 * 60_000;
    const d = boot(cloud, { existing: board });
    d.events.length = 0;
    let onlineCount = 0;
    d.link.on('online', () => onlineCount++);
    d.link.subscribe(thingTopics(PK, MOCK_DEVICE_NAME).propertySet, 1);

    const samples: { timers: number; queued: number; inflight: number; pending: number; subs: number }[] = [];
    for (let hour = 0; hour < 10_000; hour++) {
      // Every 97 hours the cloud refuses connections for 40 minutes.
      const outage = hour % 97 === 13;
      if (outage) board.net.refuse(`${MQTT_HOST}:8883`);
      for (let minute = 0; minute < 60; minute += 5) {
        d.link.publish(thingTopics(PK, MOCK_DEVICE_NAME).propertyPost, `{"h":${hour},"m":${minute}}`, { qos: 1 });
        board.clock.advance(5 * 60_000);
        if (outage && minute === 40) cloud.attach(board);
      }
      d.events.length = 0; // the test's own record, not the device's
      if (hour % 100 === 0) {
        const s = d.link.stats();
        samples.push({
          timers: board.clock.pendingTimers().length,
          queued: s.client!.queued,
          inflight: s.client!.inflight,
          pending: s.pendingEvents + s.client!.pendingEvents,
          subs: s.client!.subscriptions,
        });
      }
    }
    expect(onlineCount).toBeGreaterThan(50_000); // it really flapped, for the whole run
    for (const s of samples) {
      expect(s.timers).toBeLessThanOrEqual(3);
      expect(s.queued).toBeLessThanOrEqual(BOARD.sizes.offlineQueue);
      expect(s.inflight).toBeLessThanOrEqual(BOARD.sizes.qos1Window);
      expect(s.pending).toBe(0);
      expect(s.subs).toBe(1);
    }
    // Publishing went on all along (12 an hour; those dropped by the bounded queue during outages are the rest).
    expect(cloud.received.length).toBeGreaterThan(100_000);
    expect(d.link.stats().attempts).toBeLessThanOrEqual(62);
  }, 300_000);
});
