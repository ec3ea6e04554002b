// Budgets: limits on benchmark figures (bench/budgets.json), checked by `aliot bench --check`.
//
// budgets.json: { "<section>": { "<figure>": { "min"?: n, "max"?: n, "why"?: "…" } } }. Only figures that a
// budget names are checked; a budgeted figure that a section did not report fails the check (a renamed figure must
// not silently escape its budget). A section that could not run on this machine (e.g. no Espruino engine) reports
// only the figure `skipped` = 1: its budgets are then listed as not measured, and do not fail.

export interface Budget {
  min?: number;
  max?: number;
  why?: string;
}

export type Budgets = Record<string, Record<string, Budget>>;

/** The figure a section reports, as 1, when it could not run here: its budgets are not checked. */
export const SKIPPED_FIGURE = 'skipped';

export interface BudgetCheck {
  section: string;
  figure: string;
  /** undefined when the section did not report the figure (or did not run). */
  value: number | undefined;
  budget: Budget;
  ok: boolean;
  /** The section was skipped: the figure was not measured, so the budget was not checked. */
  skipped?: boolean;
  message: string;
}

/** Checks the figures of the sections that ran against the budgets for those sections. */
export function checkBudgets(figures: Record<string, Record<string, number>>, budgets: Budgets): BudgetCheck[] {
  const checks: BudgetCheck[] = [];
  for (const section of Object.keys(budgets)) {
    if (!(section in figures)) continue;
    const skipped = figures[section]![SKIPPED_FIGURE] === 1;
    for (const figure of Object.keys(budgets[section]!)) {
      const budget = budgets[section]![figure]!;
      if (skipped) {
        checks.push({ section, figure, value: undefined, budget, ok: true, skipped: true, message: `${section}.${figure}: not measured (the section was skipped)` });
      } else {
        checks.push(checkOne(section, figure, figures[section]![figure], budget));
      }
    }
  }
  return checks;
}

function checkOne(section: string, figure: string, value: number | undefined, budget: Budget): BudgetCheck {
  const name = `${section}.${figure}`;
  const base = { section, figure, value, budget };
  if (value === undefined || !Number.isFinite(value)) return { ...base, ok: false, message: `${name}: not reported` };
  if (budget.min !== undefined && value < budget.min) {
    return { ...base, ok: false, message: `${name} = ${value} is below its budget (min ${budget.min})` };
  }
  if (budget.max !== undefined && value > budget.max) {
    return { ...base, ok: false, message: `${name} = ${value} is above its budget (max ${budget.max})` };
  }
  const bounds = [budget.min !== undefined ? `min ${budget.min}` : '', budget.max !== undefined ? `max ${budget.max}` : '']
    .filter(Boolean)
    .join(', ');
  return { ...base, ok: true, message: `${name} = ${value} within budget (${bounds})` };
}

/** Reads budgets from JSON text; throws with the reason when the shape is wrong (a tool, not device code). */
export function parseBudgets(text: string): Budgets {
  const data: unknown = JSON.parse(text);
  if (!isObject(data)) throw new Error('budgets: expected an object of sections');
  for (const [section, figures] of Object.entries(data)) {
    if (section.startsWith('//')) continue;
    if (!isObject(figures)) throw new Error(`budgets: ${section} must map figure names to budgets`);
    for (const [figure, budget] of Object.entries(figures)) {
      if (!isObject(budget)) throw new Error(`budgets: ${section}.${figure} must be { min?, max? }`);
      for (const key of ['min', 'max'] as const) {
        if (key in budget && typeof budget[key] !== 'number') throw new Error(`budgets: ${section}.${figure}.${key} must be a number`);
      }
    }
  }
  const budgets: Budgets = {};
  for (const [section, figures] of Object.entries(data)) if (!section.startsWith('//')) budgets[section] = figures as Record<string, Budget>;
  return budgets;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
