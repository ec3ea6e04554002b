// One-shot run of a firmware image in a fresh Espruino profile: output, first error, memory figures.
import { EspruinoProfile, type ProfileOptions } from './engine';
import type { MemoryMark } from './memory';

export interface ImageRun {
  output: string[];
  /** The image's own failure, else an out-of-memory, else the first uncaught error of a timer callback. */
  error?: { name: string; message: string };
  memory: {
    /** bytes in use after the prelude, before the image */
    before: number;
    /** bytes in use when the run ended (the last reading before an out-of-memory) */
    after: number;
    /** largest reading at any sample point (entries, timer callbacks, marks, polls under a limit) */
    peakSeen: number;
    marks: MemoryMark[];
  };
}

/** Evaluates `code`, then runs its timers until idle or `maxMs` (engine clock), and disposes the engine. */
export async function runImage(code: string, options: ProfileOptions & { maxMs?: number } = {}): Promise<ImageRun> {
  const { maxMs, ...profileOptions } = options;
  const profile = await EspruinoProfile.create(profileOptions);
  try {
    const before = profile.memory().usedBytes;
    const result = profile.eval(code, 'image.js');
    if (!profile.fatalError()) await profile.runUntilIdle({ ...(maxMs !== undefined ? { maxMs } : {}) });
    const failure = (result.ok ? undefined : result.error) ?? profile.fatalError() ?? profile.uncaughtErrors()[0];
    const memory = profile.memory();
    return {
      output: profile.output(),
      ...(failure ? { error: { name: failure.name, message: failure.message } } : {}),
      memory: { before, after: memory.usedBytes, peakSeen: memory.peakBytes, marks: memory.marks },
    };
  } finally {
    profile.dispose();
  }
}
