// Build-time features: the board names what its image holds, and what it leaves out is not in the image at all.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import esp32 from '../../../boards/esp32';
import espruinoLinuxFull from '../../../boards/espruino-linux-full';
import { ALL_FEATURES, LEAN_FEATURES } from '../../../boards/features';
import { featureDefines } from '../../../scripts/build/features';
import { buildImages } from '../../../scripts/build/pipeline';
import { projectRoot } from '../../../scripts/project-root';

const work = mkdtempSync(path.join(tmpdir(), 'aliot-features-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Text that only the code of one feature carries (a topic, a path, a constant, a log line).
const MARKS: [feature: string, text: string][] = [
  ['MQTT registration', '/ext/register'],
  ['regnwl', '/ext/regnwl'],
  ['HTTPS authentication', '/auth/devicename'],
  ['our own SHA-256 (its first round constant)', '1116352408'],
  ['our own MD5 (its first round constant)', '3614090360'],
  ['debug log lines', 'Random Key: '],
  ['info log lines', 'mqtt connect success'],
];

describe('build-time features', () => {
  let lean = '';
  let full = '';
  beforeAll(async () => {
    const result = await buildImages(projectRoot, [esp32, espruinoLinuxFull], { lowerDir: path.join(work, 'es5'), distDir: path.join(work, 'dist') });
    expect(result.ok ? [] : result.errors).toEqual([]);
    lean = result.images.find((i) => i.board === 'esp32')!.code;
    full = result.images.find((i) => i.board === 'espruino-linux-full')!.code;
  }, 120_000);

  it('the esp32 board names the lean set, espruino-linux-full every feature; a board naming none gets every feature', () => {
    expect(esp32.image!.features).toEqual(LEAN_FEATURES);
    expect(espruinoLinuxFull.image!.features).toEqual(ALL_FEATURES);
    const unnamed = featureDefines({ ...esp32, image: { entry: 'x.ts' } });
    expect(Object.entries(unnamed).filter(([, v]) => v === 'false')).toEqual([['ALIOT_PURE_HASH', 'false']]); // it has native hashes
    expect(featureDefines({ ...esp32, caps: { ...esp32.caps, hasNativeHash: false } }).ALIOT_PURE_HASH).toBe('true');
    expect(featureDefines({ ...esp32, image: { entry: 'x.ts', features: ALL_FEATURES } }).ALIOT_LOG_DEBUG).toBe('true');
  });

  it.each(MARKS)('the lean esp32 image holds no %s; the full image does (where the board has no native hash, for the pure ones)', (feature, text) => {
    expect(lean).not.toContain(text);
    if (!feature.startsWith('our own SHA')) expect(full).toContain(text);
  });

  it('the lean image is smaller than the full one by the code it leaves out', () => {
    expect(lean.length).toBeLessThan(full.length - 15_000);
  });
});
