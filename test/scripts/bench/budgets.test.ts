import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBudgets, parseBudgets } from '../../../scripts/bench/budgets';
import { selectSections, sections } from '../../../scripts/bench/index';
import { formatChecks, formatTable } from '../../../scripts/bench/report';
import { projectRoot } from '../../../scripts/project-root';

describe('bench budgets', () => {
  const budgets = { codec: { ratio: { min: 0.5 } }, memory: { peakVars: { max: 6000 } } };

  it('passes figures within their budgets and ignores sections that did not run', () => {
    const checks = checkBudgets({ codec: { ratio: 0.9, oursOpsPerSec: 1 } }, budgets);
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ section: 'codec', figure: 'ratio', value: 0.9, ok: true });
  });

  it('fails a figure below its min or above its max, naming the figure, the value and the limit', () => {
    const checks = checkBudgets({ codec: { ratio: 0.49 }, memory: { peakVars: 6001 } }, budgets);
    expect(checks.map((c) => c.ok)).toEqual([false, false]);
    expect(checks[0]!.message).toBe('codec.ratio = 0.49 is below its budget (min 0.5)');
    expect(checks[1]!.message).toBe('memory.peakVars = 6001 is above its budget (max 6000)');
  });

  it('the limits themselves are within budget', () => {
    expect(checkBudgets({ codec: { ratio: 0.5 }, memory: { peakVars: 6000 } }, budgets).every((c) => c.ok)).toBe(true);
  });

  it('fails a budgeted figure that a section that ran did not report (or reported as NaN)', () => {
    expect(checkBudgets({ codec: {} }, budgets)[0]).toMatchObject({ ok: false, message: 'codec.ratio: not reported' });
    expect(checkBudgets({ codec: { ratio: Number.NaN } }, budgets)[0]!.ok).toBe(false);
  });

  it('reads bench/budgets.json: the codec\'s lowest row ratio has a floor', () => {
    const file = parseBudgets(readFileSync(path.join(projectRoot, 'bench/budgets.json'), 'utf8'));
    expect(file.codec!.minRatio!.min).toBeGreaterThan(0);
    expect(Object.keys(file)).not.toContain('//');
  });

  it('rejects budgets of the wrong shape', () => {
    expect(() => parseBudgets('[]')).toThrow(/object of sections/);
    expect(() => parseBudgets('{"codec":{"ratio":{"min":"fast"}}}')).toThrow(/codec\.ratio\.min must be a number/);
    expect(() => parseBudgets('{"codec":3}')).toThrow(/codec must map/);
  });

  it('formats the checks with FAIL and the reason for a budget', () => {
    const text = formatChecks(checkBudgets({ codec: { ratio: 0.1 } }, { codec: { ratio: { min: 0.5, why: 'keep up' } } }));
    expect(text).toBe('FAIL codec.ratio = 0.1 is below its budget (min 0.5) — keep up');
  });
});

describe('bench sections and tables', () => {
  it('every section has a unique name; the codec section is registered', () => {
    const names = sections.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('codec');
    expect(selectSections(['codec']).map((s) => s.name)).toEqual(['codec']);
    expect(() => selectSections(['nope'])).toThrow(/unknown bench section nope/);
  });

  it('prints a right-aligned table with a rule under the header', () => {
    expect(formatTable({ columns: ['a', 'ratio'], rows: [[1234567, 0.83]] })).toBe(['        a  ratio', '---------  -----', '1,234,567   0.83'].join('\n'));
  });
});
