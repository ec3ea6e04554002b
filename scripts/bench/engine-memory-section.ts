// The engine-memory section: aliot's image and Espruino's MQTT module on the real engine (engine-memory.ts).
import { benchEngineMemory } from './engine-memory';
import { engineMemoryFigures, engineMemoryNote, engineMemoryTable } from './engine-memory-readings';
import type { BenchSection } from './types';

export const engineMemorySection: BenchSection = {
  name: 'engineMemory',
  title: "JsVars on the real Espruino engine (ESP32 pools of 4,000 and 8,000, code from Storage): aliot's image beside Espruino's MQTT module",
  async run() {
    const result = await benchEngineMemory();
    return { table: engineMemoryTable(result), figures: engineMemoryFigures(result), json: result, note: engineMemoryNote(result) };
  },
};
