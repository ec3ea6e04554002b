import { describe, expect, it } from 'vitest';
import { boards, esp32, findBoard, nodeSim, selftest } from '../../boards';
import { caRoots } from '../../boards/ca';
import { ALL_FEATURES, LEAN_FEATURES } from '../../boards/features';

describe('board descriptors', () => {
  it('lists every board once, by unique name', () => {
    expect(boards.map((b) => b.name).sort()).toEqual(['esp32', 'espruino-linux', 'espruino-linux-full', 'node-sim', 'selftest']);
    expect(findBoard('esp32')).toBe(esp32);
    expect(findBoard('selftest')).toBe(selftest);
    expect(findBoard('nope')).toBeUndefined();
  });

  it('sizes are positive integers on every board', () => {
    for (const board of boards) {
      for (const [field, value] of Object.entries(board.sizes)) {
        expect(Number.isInteger(value) && value > 0, `${board.name}.sizes.${field}`).toBe(true);
      }
      expect(board.memoryBudget.limit).toBeGreaterThan(0);
    }
  });

  it('every CA a board names exists in boards/ca', () => {
    for (const board of boards) for (const name of board.caBundle) expect(caRoots[name], `${board.name}: ${name}`).toBeDefined();
  });

  it('esp32: Espruino binding, unverified TLS, one TLS socket, 28-character keys, MAC upper-case DeviceName', () => {
    expect(esp32.binding).toBe('espruino');
    expect(esp32.caps).toMatchObject({ tlsVerifiesPeer: false, maxTlsSockets: 1, maxKeyLength: 28 });
    expect(esp32.identity).toEqual({ source: 'mac', deviceNameFormat: 'mac-upper' });
    expect(esp32.memoryBudget.unit).toBe('jsvars');
    expect(esp32.memoryBudget.limit).toBeLessThanOrEqual(16383);
    expect(esp32.image).toEqual({ entry: 'firmware/esp32.ts', features: LEAN_FEATURES });
  });

  it('espruino-linux: the ESP32 binding, identity from the serial (no Wifi module), MQTT buffers halved for a pool that is its whole memory, and a head cap that leaves the lent receive buffer room for a registration reply', () => {
    const linux = findBoard('espruino-linux')!;
    expect(linux.binding).toBe('espruino');
    expect(linux.sizes).toEqual({ ...esp32.sizes, mqttRxBuffer: 1024, mqttTxBuffer: 512, httpHeaderCap: 768 });
    expect(linux.sizes.mqttRxBuffer - linux.sizes.httpHeaderCap).toBeGreaterThanOrEqual(256);
    expect(linux.identity).toEqual({ source: 'serial', deviceNameFormat: 'serial' });
    expect(linux.image).toEqual({ entry: 'firmware/espruino-linux.ts', features: LEAN_FEATURES });
  });

  it('espruino-linux-full: the same board with every feature in its image', () => {
    const full = findBoard('espruino-linux-full')!;
    expect({ ...full, name: 'espruino-linux', image: undefined }).toEqual({ ...findBoard('espruino-linux')!, image: undefined });
    expect(full.image).toEqual({ entry: 'firmware/espruino-linux-full.ts', features: ALL_FEATURES });
  });

  it('node-sim: Node binding with verified TLS and the Alibaba roots', () => {
    expect(nodeSim.binding).toBe('node');
    expect(nodeSim.caps.tlsVerifiesPeer).toBe(true);
    expect(nodeSim.caBundle).toEqual(['globalsign-r1', 'globalsign-r6']);
    expect(nodeSim.memoryBudget.unit).toBe('bytes');
    expect(nodeSim.image).toBeUndefined();
  });

  it('the ESP32 buffers fit its memory budget with room to spare', () => {
    const bufferBytes = esp32.sizes.mqttRxBuffer + esp32.sizes.mqttTxBuffer + esp32.sizes.httpBodyCap + esp32.sizes.httpHeaderCap;
    const budgetBytes = esp32.memoryBudget.limit * 14; // 14 bytes per JsVar at 16383 vars
    expect(bufferBytes).toBeLessThan(budgetBytes / 10);
  });
});
