import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import esp32 from '../../../boards/esp32';
import { silentNarrator } from '../../../scripts/demo/narrator';
import { runStory, STEPS } from '../../../scripts/demo/story';
import { projectRoot } from '../../../scripts/project-root';

// The npm start story, on the virtual ESP32 running the real dist/esp32/image.js (built by npm test first)
// against the local cloud. Each step checks its own milestone; here the whole run must complete.

const work = mkdtempSync(path.join(tmpdir(), 'aliot-story-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the seed story on the virtual ESP32 (the real image)', () => {
  it('registers, posts, is set, reuses its secret after a reboot, halts on 6289 after a wipe, and registers after ResetThing', async () => {
    const result = await runStory({
      workDir: path.join(work, 'story'),
      image: path.join(projectRoot, 'dist', 'esp32', 'image.js'),
      narrator: silentNarrator,
    });
    expect(result.steps).toEqual([...STEPS]);
    expect(result.registrations).toBe(2); // first boot and after ResetThing; none on reboot, none while halted
    expect(result.memory.map((m) => m.phase)).toEqual(['boot', 'registering', 'online']);
    for (const m of result.memory) {
      expect(m.unit).toBe('bytes');
      expect(m.used).toBeLessThanOrEqual(esp32.memoryBudget.virtualLimitBytes!);
    }
  }, 120_000);

  it('stops after the step asked for and can leave the board online', async () => {
    const result = await runStory({
      workDir: path.join(work, 'until'),
      image: path.join(projectRoot, 'dist', 'esp32', 'image.js'),
      narrator: silentNarrator,
      until: 'property-post',
      keepOnline: true,
    });
    try {
      expect(result.steps).toEqual(['first-boot', 'property-post']);
      expect(result.cloud.isOnline(result.cloud.registry.products.list()[0]!.productKey, '240AC4002F90')).toBe(true);
      expect(result.board!.memory()!.peakBytes).toBeLessThanOrEqual(esp32.memoryBudget.virtualLimitBytes!);
    } finally {
      await result.stop();
    }
  }, 120_000);
});
