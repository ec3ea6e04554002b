// The hostile-CONNECT bench on a small scale: every peer claiming a 268 MB CONNECT is cut off and the figures
// are there. (Its memory figure is the bench's; this test asserts only what does not depend on timing.)

import { describe, expect, it } from 'vitest';
import { benchHostileConnect } from '../../../scripts/bench/hostile-connect';

describe('bench: hostile CONNECTs', () => {
  it('cuts off every peer and reports RSS before, at peak and the growth', async () => {
    const r = await benchHostileConnect({ peers: 3, bytesPerPeer: 8 * 1024 * 1024 });
    expect(r.peers).toBe(3);
    expect(r.peersLeftOpen).toBe(0);
    expect(r.rssPeakMb).toBeGreaterThanOrEqual(r.rssBeforeMb);
    expect(r.rssGrowthMb).toBeCloseTo(r.rssPeakMb - r.rssBeforeMb, 0);
  });
});
