// The codec section: our MQTT codec beside mqtt-packet, one fair comparison per packet type and direction
// (scripts/bench/codec.ts, scripts/bench/compare.ts). Figures: each row's median ratio, and the lowest of them.

import { benchCodec, type CodecRow } from './codec';
import { describeRatio } from './compare';
import type { BenchSection } from './types';

/** The section's figures: `<key>Ratio` per row (its median ratio), the lowest of them, and how many the order decided. */
export function codecFigures(rows: CodecRow[]): Record<string, number> {
  const figures: Record<string, number> = {};
  for (const r of rows) figures[`${r.key}Ratio`] = r.comparison.ratio;
  figures.minRatio = Math.min(...rows.map((r) => r.comparison.ratio));
  figures.orderDecides = rows.filter((r) => r.comparison.orderDecides).length;
  return figures;
}

export const codecSection: BenchSection = {
  name: 'codec',
  title: 'MQTT codec per packet type and direction, ours vs mqtt-packet (same packets, same output, alternating order)',
  run(options) {
    // --iterations scales the rounds (default 6: each side goes first three times).
    const rows = benchCodec({ rounds: options.iterations ?? 6 });
    const figures = codecFigures(rows);
    return {
      table: {
        columns: ['packet', 'ours ops/s', 'mqtt-packet ops/s', 'ours / mqtt-packet (median, spread, by order)'],
        rows: rows.map((r) => [r.name, r.comparison.ours.medianOpsPerSec, r.comparison.theirs.medianOpsPerSec, describeRatio(r.comparison)]),
      },
      figures,
      json: rows,
      note:
        'each row: the same packet on both sides, checked byte for byte (encode) or field by field (decode) first; every ' +
        'encode returns a new Buffer.allocUnsafe() holding the packet (mqtt-packet sizes it exactly, ours by an upper ' +
        'bound and returns its subarray); a PUBLISH decode row says whether both sides return a view of the input as ' +
        'the payload (ours with views on, as mqtt-packet does) or both copy it (ours as on a device; mqtt-packet\'s ' +
        'view copied by Buffer.from); warm-up 300 ms, then rounds of a 1 s window per side, ours first in even rounds',
    };
  },
};
