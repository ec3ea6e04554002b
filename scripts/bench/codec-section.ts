// The codec section: our MQTT codec beside mqtt-packet on the same packet mix, in the same run (scripts/bench/codec.ts).
// benchCodec runs REPEATS times and the run with the median ratio is reported: one run on a busy machine can be off
// by a factor of two either way, the median of three much less.

import { benchCodec, type CodecBenchResult } from './codec';
import type { BenchSection } from './types';

export const REPEATS = 3;

/** The run whose ratio is the median of the runs (runs is not empty). */
export function medianRun(runs: CodecBenchResult[]): CodecBenchResult {
  const sorted = runs.slice().sort((a, b) => a.ratio - b.ratio);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

export const codecSection: BenchSection = {
  name: 'codec',
  title: 'MQTT codec: encode+decode throughput, ours vs mqtt-packet',
  run(options) {
    const runs: CodecBenchResult[] = [];
    for (let i = 0; i < REPEATS; i++) runs.push(benchCodec({ iterations: options.iterations }));
    const result = medianRun(runs);
    return {
      table: {
        columns: ['ours ops/s', 'mqtt-packet ops/s', 'ratio (ours / mqtt-packet)'],
        rows: [[result.ours.opsPerSec, result.mqttPacket.opsPerSec, result.ratio]],
      },
      figures: { oursOpsPerSec: result.ours.opsPerSec, mqttPacketOpsPerSec: result.mqttPacket.opsPerSec, ratio: result.ratio },
      json: { ...result, repeats: REPEATS, ratios: runs.map((r) => r.ratio) },
      note: `${result.packetMix}; median of ${REPEATS} runs by ratio, ratios ${runs.map((r) => r.ratio).join(', ')}`,
    };
  },
};
