// Text output of a benchmark run: one table per section, then the budget checks.

import type { BudgetCheck } from './budgets';
import type { BenchTable } from './types';

export function formatTable(table: BenchTable): string {
  const cells = [table.columns, ...table.rows.map((row) => row.map(formatCell))];
  const widths = table.columns.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) => row.map((cell, i) => cell.padStart(widths[i]!)).join('  ');
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

function formatCell(value: string | number): string {
  if (typeof value === 'string') return value;
  return Number.isInteger(value) ? value.toLocaleString('en-US') : String(value);
}

export function formatChecks(checks: BudgetCheck[]): string {
  if (checks.length === 0) return 'budgets: none apply to the sections that ran';
  return checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'} ${c.message}${!c.ok && c.budget.why ? ` — ${c.budget.why}` : ''}`).join('\n');
}
