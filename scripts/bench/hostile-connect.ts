// The broker's memory under hostile CONNECTs (issue 17 row 4): peers each open a raw TCP connection, send a
// CONNECT fixed header claiming 268 MB and then junk as fast as the socket takes it. The broker must cut each off
// at the header, so its RSS stays where it was. Peers and broker share this process; the peers write only as
// fast as the socket drains, so they hold no more than one chunk each.

import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCloud } from '../cloud/index';

export interface HostileConnectOptions {
  /** Peers at once. Default 10. */
  peers?: number;
  /** Junk each peer tries to send after its header. Default 20 MB. */
  bytesPerPeer?: number;
}

export interface HostileConnectResult {
  peers: number;
  bytesTriedPerPeer: number;
  /** Most bytes one peer got written before the broker closed it. */
  maxBytesWrittenPerPeer: number;
  /** Slowest close after the header, ms. */
  maxCutMs: number;
  /** Peers still connected at the end (must be 0). */
  peersLeftOpen: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  rssGrowthMb: number;
}

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** CONNECT with Remaining Length 268,435,455, the largest MQTT can express. */
const HEADER = Buffer.from([0x10, 0xff, 0xff, 0xff, 0x7f]);

function hostilePeer(port: number, bytes: number): Promise<{ written: number; cutMs: number; open: boolean }> {
  return new Promise((resolve) => {
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    let written = 0;
    let start = 0;
    const socket = connect(port, '127.0.0.1', () => {
      start = performance.now();
      socket.write(HEADER);
      pump();
    });
    const pump = (): void => {
      while (!socket.destroyed && written < bytes) {
        written += chunk.length;
        if (!socket.write(chunk)) return void socket.once('drain', pump);
      }
      if (written >= bytes) {
        // Sent everything and the broker still holds the connection: that is the failure this measures.
        setTimeout(() => {
          const open = !socket.destroyed;
          socket.destroy();
          resolve({ written, cutMs: performance.now() - start, open });
        }, 500);
      }
    };
    socket.on('error', () => {});
    socket.once('close', () => resolve({ written, cutMs: performance.now() - start, open: false }));
  });
}

export async function benchHostileConnect(options: HostileConnectOptions = {}): Promise<HostileConnectResult> {
  const peers = options.peers ?? 10;
  const bytes = options.bytesPerPeer ?? 20 * 1024 * 1024;
  const dataDir = mkdtempSync(join(tmpdir(), 'aliot-hostile-'));
  const cloud = await startCloud({ dataDir, httpsPort: 0, mqttTlsPort: 0, mqttTcpPort: 0, adminPort: 0 });
  try {
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    const results = await Promise.all(Array.from({ length: peers }, () => hostilePeer(cloud.mqttTcpPort, bytes)));
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    return {
      peers,
      bytesTriedPerPeer: bytes,
      maxBytesWrittenPerPeer: Math.max(...results.map((r) => r.written)),
      maxCutMs: Math.round(Math.max(...results.map((r) => r.cutMs))),
      peersLeftOpen: results.filter((r) => r.open).length,
      rssBeforeMb: mb(before),
      rssPeakMb: mb(peak),
      rssGrowthMb: mb(peak - before),
    };
  } finally {
    await cloud.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
