// The hostile-CONNECT section: broker RSS while peers claim 268 MB CONNECTs (scripts/bench/hostile-connect.ts).
// Peers left open must be 0; the RSS growth is the figure the issue asked for.

import { benchHostileConnect } from './hostile-connect';
import type { BenchSection } from './types';

export const hostileConnectSection: BenchSection = {
  name: 'hostileConnect',
  title: 'Local cloud under oversize CONNECTs: broker memory while peers claim 268 MB before login',
  async run() {
    const r = await benchHostileConnect();
    return {
      table: {
        columns: ['peers', 'MB tried each', 'max MB written', 'max cut ms', 'left open', 'RSS before MB', 'RSS peak MB'],
        rows: [[r.peers, Math.round(r.bytesTriedPerPeer / 1024 / 1024), Math.round((r.maxBytesWrittenPerPeer / 1024 / 1024) * 10) / 10, r.maxCutMs, r.peersLeftOpen, r.rssBeforeMb, r.rssPeakMb]],
      },
      figures: { rssGrowthMb: r.rssGrowthMb, peersLeftOpen: r.peersLeftOpen, maxCutMs: r.maxCutMs },
      json: r,
      note: `broker and peers in one process; each peer sends the CONNECT header, then junk as the socket drains`,
    };
  },
};
