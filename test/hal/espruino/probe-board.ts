// The hal-probe image (test/fixtures/espruino/hal-probe.ts, built by the real image pipeline and gate) on a
// virtual ESP32: hal/espruino runs inside the Espruino profile, over the emulated modules, driven through
// the REPL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import esp32 from '../../../boards/esp32';
import type { VirtualEsp32Options } from '../../../scripts/board/virtual';
import { buildImages } from '../../../scripts/build/pipeline';
import { projectRoot } from '../../../scripts/project-root';
import { openSession, type Session } from '../../scripts/board/virtual-harness';

export const PROBE_ENTRY = 'test/fixtures/espruino/hal-probe.ts';

let built: Promise<string> | undefined;

/** Builds the probe image once per test file (lower → bundle → Espruino pass → gate); throws if the gate fails. */
export function probeImage(): Promise<string> {
  built ??= (async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'aliot-hal-probe-'));
    try {
      const board = { ...esp32, name: 'hal-probe', image: { entry: PROBE_ENTRY } };
      const result = await buildImages(projectRoot, [board], { lowerDir: path.join(work, 'es5'), distDir: path.join(work, 'dist') });
      if (!result.ok) throw new Error(`the hal-probe image did not build:\n${result.errors.join('\n')}`);
      return result.images[0]!.code;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  })();
  return built;
}

export interface ProbeReady {
  caps: { tlsVerifiesPeer: boolean; maxTlsSockets: number; hasNativeHash: boolean; maxKeyLength: number; maxValueLength: number };
  mac: string | null;
  serial: string | null;
}

/** A virtual ESP32 whose .bootcde is the probe image, booted; resolves with the session and the probe's hello. */
export async function bootProbe(options: Partial<VirtualEsp32Options> = {}): Promise<{ s: Session; ready: ProbeReady }> {
  const code = await probeImage();
  const s = openSession(options);
  s.board.storage.write('.bootcde', new Uint8Array(Buffer.from(code, 'latin1')));
  await s.board.boot();
  const ready = await s.probe<ProbeReady>('ready');
  return { s, ready };
}
