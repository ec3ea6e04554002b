// The comparison side of the fleet: per device, HTTPS registration with node:https, the secret written to a file
// durably (temp file, fsync, rename, directory fsync: what a careful Node program does, as a device must keep its secret — a second
// registration is refused), then a login with the `mqtt` npm client (mqttjs-device.ts). The same work as ours: one
// registration, one durable store, one TLS MQTT session, QoS1 publishes; the same TLS: one context per process.

import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import { createSecureContext, type SecureContext } from 'node:tls';
import type { MqttClient } from 'mqtt';
import { connectMqttJs, registerWithHttps } from './mqttjs-device';
import { timedInto, type FleetContext, type FleetSide } from './fleet-side';

/**
 * Writes text to file atomically and durably (synchronously, as ours does): temp file, fsync, rename, then an fsync
 * of the directory so the rename itself survives a power cut — the same two fsyncs as hal/node's FileKv.set.
 */
export function writeDurably(file: string, text: string): void {
  const temp = `${file}.tmp`;
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
  const dir = openSync(path.dirname(file), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

/** One TLS context per CA in the process, made on first use: the same TLS set-up as ours (hal/node/tls-contexts.ts). */
const contexts = new Map<string, SecureContext>();

function contextFor(caPem: string): SecureContext {
  let context = contexts.get(caPem);
  if (!context) contexts.set(caPem, (context = createSecureContext({ ca: caPem })));
  return context;
}

export function theirsSide(ctx: FleetContext): FleetSide {
  const clients: MqttClient[] = [];
  const trust = { hostMap: ctx.cloud.hostMap, caPem: ctx.cloud.caPem, secureContext: contextFor(ctx.cloud.caPem) };
  let unacked = 0;
  const store = { ms: 0 };
  return {
    async bringUp(i) {
      const id = { productKey: ctx.productKey, deviceName: ctx.deviceNames[i]! };
      try {
        const secret = await registerWithHttps(trust, id, ctx.productSecret);
        timedInto(store, () => writeDurably(path.join(ctx.workDir, `secret-${i}`), secret));
        const { client } = await connectMqttJs(trust, id, secret, ctx.bringUpTimeoutMs);
        clients[i] = client;
        return true;
      } catch {
        return false;
      }
    },
    publish(i, topic, payload) {
      const client = clients[i];
      if (!client) return false;
      unacked++;
      client.publish(topic, payload, { qos: 1 }, () => {
        unacked--;
      });
      return true;
    },
    unacked() {
      return unacked;
    },
    storeMs() {
      return store.ms;
    },
    async close() {
      await Promise.all(clients.map((c) => c?.endAsync(true).catch(() => undefined)));
    },
  };
}
