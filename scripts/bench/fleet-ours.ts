// Our side of the fleet: one hal/node board per device (its own KV directory, real TLS with verification through
// the host map) running createLink with the ProductSecret: HTTPS registration → PERSIST → MQTT → ONLINE.

import path from 'node:path';
import esp32 from '../../boards/esp32';
import nodeSim from '../../boards/node-sim';
import { createNodeBoard, type NodeBoard } from '../../hal/node/board';
import { createLink, type Link, type LinkEvent } from '../../src/index';
import type { BoardDescriptor, Kv } from '../../hal/types';
import { timedInto, type FleetContext, type FleetSide } from './fleet-side';

const silentLog = { write() {} };

/**
 * A fleet device: the node-sim board with the MQTT buffers of the ESP32 it stands for (receive 2048, transmit 1024
 * bytes), allocated once per device and never grown. The fleet's traffic (CONNACK, property posts under 100 bytes,
 * PUBACKs) fits with room; node-sim's own 4 KiB each way is for simulating larger Alink messages.
 */
export const fleetBoard: BoardDescriptor = {
  ...nodeSim,
  sizes: { ...nodeSim.sizes, mqttRxBuffer: esp32.sizes.mqttRxBuffer, mqttTxBuffer: esp32.sizes.mqttTxBuffer },
};

/** A device's KV store with the time spent in it added up (prototype methods: no closures held per device). */
class TimedKv implements Kv {
  constructor(
    private readonly kv: Kv,
    private readonly total: { ms: number },
  ) {}
  get(key: string) {
    return timedInto(this.total, () => this.kv.get(key));
  }
  set(key: string, value: string) {
    return timedInto(this.total, () => this.kv.set(key, value));
  }
  remove(key: string) {
    return timedInto(this.total, () => this.kv.remove(key));
  }
}

export function oursSide(ctx: FleetContext): FleetSide {
  const boards: NodeBoard[] = [];
  const links: Link[] = [];
  const store = { ms: 0 };
  // One CA list for the fleet, as an application starting many links would pass it.
  const ca = [ctx.cloud.caPem];
  return {
    bringUp(i) {
      const board = createNodeBoard({
        kvDir: path.join(ctx.workDir, `kv-${i}`),
        mac: ctx.macs[i],
        hostMap: ctx.cloud.hostMap,
        unrefTimers: true,
        log: silentLog,
      });
      board.hal.kv = new TimedKv(board.hal.kv, store);
      const link = createLink(board.hal, fleetBoard, { productKey: ctx.productKey, productSecret: ctx.productSecret, ca });
      boards[i] = board;
      links[i] = link;
      return new Promise<boolean>((resolve) => {
        // The bench's own listeners and timer go once the bring-up is decided: they are not the device's memory.
        const done = (ok: boolean) => {
          clearTimeout(timer);
          link.off('online', onOnline);
          link.off('state', onState);
          resolve(ok);
        };
        const onOnline = () => done(true);
        const onState = (e: LinkEvent) => {
          if (e.type === 'state' && e.to === 'HALTED') done(false);
        };
        const timer = setTimeout(() => done(false), ctx.bringUpTimeoutMs);
        link.on('online', onOnline);
        link.on('state', onState);
        link.start();
      });
    },
    publish(i, topic, payload) {
      const link = links[i];
      return link !== undefined && typeof link.publish(topic, payload, { qos: 1 }) === 'number';
    },
    unacked() {
      let n = 0;
      for (const link of links) {
        const client = link?.stats().client;
        if (client) n += client.inflight + client.queued;
      }
      return n;
    },
    storeMs() {
      return store.ms;
    },
    async close() {
      for (const link of links) link?.stop();
      for (const board of boards) board?.dispose();
    },
  };
}
