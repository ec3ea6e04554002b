// Memory of the real esp32 image on the virtual ESP32, per phase, against a local cloud on loopback:
//   boot (before the link starts), registering (HTTPS dynamic registration in flight), online idle (two seconds
//   after connecting), online under load (the cloud sends property sets as fast as the board answers them: each
//   one is a reply and a property post) — and the largest reading of all.
// Units: QuickJS memory_used_size in bytes, the compiled image included (Espruino keeps code in flash), so these
// figures track regressions; they are not an ESP32's JsVar count.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import esp32 from '../../boards/esp32';
import { createVirtualEsp32 } from '../board/virtual';
import { startCloud } from '../cloud/index';
import { encodeFactoryRecord } from '../../src/provision/store/factory';
import { thingTopics } from '../../src/thing/topics';
import { projectRoot } from '../project-root';

export interface VirtualMemoryResult {
  bootBytes: number;
  registeringBytes: number;
  onlineIdleBytes: number;
  onlineLoadBytes: number;
  largestBytes: number;
  budgetBytes: number;
  loadMessages: number;
  loadReplies: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function benchVirtualMemory(loadMessages = 300): Promise<VirtualMemoryResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'aliot-bench-mem-'));
  const cloud = await startCloud({ dataDir: path.join(dir, 'cloud'), httpsPort: 0, mqttTlsPort: 0, mqttTcpPort: 0, adminPort: 0 });
  const lines: string[] = [];
  const board = createVirtualEsp32({ storageDir: path.join(dir, 'board'), hostMap: cloud.hostMap, onLine: (l) => lines.push(l) });
  try {
    const product = cloud.registry.products.add({ dynamicRegistration: true }, Date.now());
    const dn = '240AC4002F90';
    cloud.registry.devices.add(product.productKey, [dn], Date.now());
    const record = encodeFactoryRecord({ productKey: product.productKey, productSecret: product.productSecret });
    if (!record.ok) throw new Error(record.message);
    board.storage.write('aliot.factory', Buffer.from(record.value, 'latin1'));
    board.storage.write('.bootcde', readFileSync(path.join(projectRoot, 'dist', 'esp32', 'image.js')));
    await board.boot();
    for (let i = 0; i < 400 && !lines.includes('aliot: online'); i++) await sleep(25);
    if (!lines.includes('aliot: online')) throw new Error(`the virtual ESP32 did not come online: ${lines.slice(-3).join(' | ')}`);
    const marks = board.memory()!.marks;
    const mark = (name: string) => marks.find((m) => m.name === name)?.usedBytes ?? NaN;
    await sleep(2000);
    const onlineIdleBytes = board.memory()!.usedBytes;

    const topics = thingTopics(product.productKey, dn);
    let replies = 0;
    const off = cloud.events.subscribe((e) => {
      if (e.type === 'published' && e.topic === topics.propertySetReply) replies++;
    });
    let onlineLoadBytes = 0;
    for (let i = 0; i < loadMessages; i++) {
      const set = `{"id":"${i + 1}","version":"1.0","params":{"Brightness":${i % 100}},"method":"thing.service.property.set"}`;
      await cloud.publishToDevice(product.productKey, dn, topics.propertySet, set, 1);
      if (i % 10 === 0) onlineLoadBytes = Math.max(onlineLoadBytes, board.memory()!.usedBytes);
      await sleep(2);
    }
    for (let i = 0; i < 200 && replies < loadMessages; i++) {
      onlineLoadBytes = Math.max(onlineLoadBytes, board.memory()!.usedBytes);
      await sleep(25);
    }
    off();
    const memory = board.memory()!;
    return {
      bootBytes: mark('boot'),
      registeringBytes: mark('registering'),
      onlineIdleBytes,
      onlineLoadBytes,
      largestBytes: memory.peakBytes,
      budgetBytes: esp32.memoryBudget.virtualLimitBytes!,
      loadMessages,
      loadReplies: replies,
    };
  } finally {
    board.dispose();
    await cloud.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
