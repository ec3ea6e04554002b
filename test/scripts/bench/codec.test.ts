// The codec section's rows and budgets: every row says what both sides do, and every budget names a figure the
// section reports. Speed is not judged here (that is the bench's job); tiny windows only exercise the rows.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBudgets } from '../../../scripts/bench/budgets';
import { benchCodec } from '../../../scripts/bench/codec';
import { codecFigures } from '../../../scripts/bench/codec-section';
import { projectRoot } from '../../../scripts/project-root';

const rows = benchCodec({ rounds: 2, windowMs: 2, warmupMs: 1 });

describe('the codec bench', () => {
  it('has one row per packet type and direction, PUBLISH at 64 B, 512 B and 4 KB, decode both as view and copy', () => {
    expect(rows.map((r) => r.key)).toEqual([
      'publishEncode64', 'publishEncode512', 'publishEncode4096',
      'publishDecode64', 'publishDecodeCopy64', 'publishDecode512', 'publishDecodeCopy512', 'publishDecode4096', 'publishDecodeCopy4096',
      'connectEncode', 'connackDecode', 'subackDecode', 'pubackEncode', 'pubackDecode',
    ]);
  });

  it('says in each row what both sides do: a new Buffer per encode, a view or a copy of each PUBLISH payload', () => {
    for (const r of rows) {
      expect(r.comparison.what).toBe(r.what);
      if (r.key.endsWith('Encode') || r.key.startsWith('publishEncode')) expect(r.what).toContain('new Buffer.allocUnsafe()');
      if (r.key.startsWith('publishDecodeCopy')) expect(r.what).toContain('both end with a copy of the payload');
      else if (r.key.startsWith('publishDecode')) expect(r.what).toContain('both return a view of the input');
    }
  });

  it('reports each row\'s median ratio as <key>Ratio, and the lowest as minRatio', () => {
    const figures = codecFigures(rows);
    for (const r of rows) expect(figures[`${r.key}Ratio`]).toBe(r.comparison.ratio);
    expect(figures.minRatio).toBe(Math.min(...rows.map((r) => r.comparison.ratio)));
  });

  it('budgets every row in bench/budgets.json, each with the measured range it rests on', () => {
    const codec = parseBudgets(readFileSync(path.join(projectRoot, 'bench/budgets.json'), 'utf8')).codec!;
    const figures = codecFigures(rows);
    for (const name of Object.keys(codec)) expect(Object.keys(figures), name).toContain(name);
    for (const r of rows) {
      const budget = codec[`${r.key}Ratio`];
      expect(budget, r.key).toBeDefined();
      expect(budget!.min, r.key).toBeGreaterThan(0);
      expect(budget!.why, r.key).toMatch(/measured/);
    }
  });
});
