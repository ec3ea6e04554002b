import { describe, expect, it } from 'vitest';
import { memoryPerDevice } from '../../../scripts/bench/fleet-side-child';
import { fleetBoard } from '../../../scripts/bench/fleet-ours';
import esp32 from '../../../boards/esp32';

const usage = (heapUsed: number, heapTotal: number, external: number, arrayBuffers: number, rss: number): NodeJS.MemoryUsage => ({
  heapUsed,
  heapTotal,
  external,
  arrayBuffers,
  rss,
});

describe('fleet memory per device', () => {
  it('counts live heap plus everything resident outside V8 (rss − heapTotal) as whole memory, V8 reservations aside', () => {
    const before = usage(1000, 4000, 100, 50, 10_000);
    // 10 devices: +2000 heap used, +1000 heap reserved (not the devices'), +500 external, +300 ArrayBuffers, +9000 RSS.
    const after = usage(3000, 5000, 600, 350, 19_000);
    expect(memoryPerDevice(before, after, 10)).toEqual({
      heapBytesPerDevice: 200,
      arrayBufferBytesPerDevice: 30,
      memoryBytesPerDevice: 250,
      nativeBytesPerDevice: 800,
      wholeBytesPerDevice: 1000,
      rssBytesPerDevice: 900,
    });
  });

  it("sizes each of our fleet devices' MQTT buffers as the ESP32 it stands for", () => {
    expect(fleetBoard.sizes.mqttRxBuffer).toBe(esp32.sizes.mqttRxBuffer);
    expect(fleetBoard.sizes.mqttTxBuffer).toBe(esp32.sizes.mqttTxBuffer);
    expect(fleetBoard.binding).toBe('node');
  });
});
