import { describe, expect, it } from 'vitest';
import { expectedSignature } from '../../../scripts/bench/crypto';
import { buildHmacImage, profileHmacRates } from '../../../scripts/bench/crypto-profile';

// The crypto benchmark's image: built by the real pipeline (lower, bundle, Espruino pass, gate) and signing
// correctly in the Espruino profile on both paths. How fast is for `aliot bench`, not for this test.

describe('HMAC bench image', () => {
  it('builds, passes the dialect gate and signs like node:crypto on the pure and the host-native path', async () => {
    const image = await buildHmacImage();
    expect(image.bytes).toBeGreaterThan(0);
    const r = await profileHmacRates(image.code, { minMs: 1 });
    expect(r.pureSignature).toBe(expectedSignature());
    expect(r.nativeSignature).toBe(expectedSignature());
  }, 60_000);
});
