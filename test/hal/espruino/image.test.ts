// hal/espruino is device code: built into an image, it must pass the dialect gate (spec/espruino.md §1g).
import { describe, expect, it } from 'vitest';
import { probeImage } from './probe-board';

describe('hal/espruino in an image', () => {
  it('the hal-probe image (the binding and nothing else) builds and passes the dialect gate', async () => {
    const code = await probeImage();
    expect(code.length).toBeGreaterThan(0);
    expect(code.length).toBeLessThan(24 * 1024);
  });

  it('loads modules with the plain require("Storage") Espruino documents (the source says global.require, for the bundler)', async () => {
    const code = await probeImage();
    expect(code).toMatch(/(^|[^.\w])require\("Storage"\)/);
    expect(code).not.toMatch(/global\.require/);
  });
});
