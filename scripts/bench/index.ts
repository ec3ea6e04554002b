// `aliot bench`: every benchmark section, in one run, with the environment it ran in. A later benchmark adds a
// BenchSection to `sections` (and, if it should be held to a limit, an entry in bench/budgets.json).

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkBudgets, parseBudgets, type BudgetCheck, type Budgets } from './budgets';
import { cloudLoadSection } from './cloud-load-section';
import { codecSection } from './codec-section';
import { cryptoSection } from './crypto-section';
import { engineMemorySection } from './engine-memory-section';
import { benchEnvironment, type BenchEnvironment } from './environment';
import { fleetSection } from './fleet-section';
import { hostileConnectSection } from './hostile-connect-section';
import { imageSizeSection } from './image-size-section';
import { timeToOnlineSection } from './time-to-online-section';
import type { BenchOptions, BenchSection, SectionResult } from './types';
import { virtualMemorySection } from './virtual-memory-section';

export const sections: BenchSection[] = [
  imageSizeSection,
  virtualMemorySection,
  engineMemorySection,
  codecSection,
  cryptoSection,
  timeToOnlineSection,
  fleetSection,
  cloudLoadSection,
  hostileConnectSection,
];

export const RESULTS_FILE = 'bench/results.json';
export const BUDGETS_FILE = 'bench/budgets.json';

export interface BenchRun {
  generatedAt: string;
  environment: BenchEnvironment;
  sections: Record<string, SectionResult & { title: string }>;
  checks: BudgetCheck[];
}

export interface RunOptions extends BenchOptions {
  /** Only these sections (by name); default all. */
  only?: string[];
  /** Budgets to check; default: read from bench/budgets.json under root. */
  budgets?: Budgets;
}

/** The sections to run, or an error naming the unknown ones. */
export function selectSections(only: string[] | undefined, all: BenchSection[] = sections): BenchSection[] {
  if (!only || only.length === 0) return all;
  const unknown = only.filter((name) => !all.some((s) => s.name === name));
  if (unknown.length > 0) throw new Error(`unknown bench section ${unknown.join(', ')} (known: ${all.map((s) => s.name).join(', ')})`);
  return all.filter((s) => only.includes(s.name));
}

export function loadBudgets(root: string): Budgets {
  return parseBudgets(readFileSync(path.join(root, BUDGETS_FILE), 'utf8'));
}

export async function runBenchmarks(root: string, options: RunOptions = {}): Promise<BenchRun> {
  const chosen = selectSections(options.only);
  const results: BenchRun['sections'] = {};
  const figures: Record<string, Record<string, number>> = {};
  for (const section of chosen) {
    const result = await section.run({ iterations: options.iterations, devices: options.devices });
    results[section.name] = { title: section.title, ...result };
    figures[section.name] = result.figures;
  }
  const budgets = options.budgets ?? loadBudgets(root);
  return {
    generatedAt: new Date().toISOString(),
    environment: benchEnvironment(root),
    sections: results,
    checks: checkBudgets(figures, budgets),
  };
}

/** Writes the run as JSON (default bench/results.json under root); returns the path written. */
export function writeResults(root: string, run: BenchRun, file: string = RESULTS_FILE): string {
  const out = path.resolve(root, file);
  mkdirSync(path.dirname(out), { recursive: true });
  const sectionsJson: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(run.sections)) sectionsJson[name] = { title: s.title, figures: s.figures, result: s.json };
  const json = { generatedAt: run.generatedAt, environment: run.environment, sections: sectionsJson, budgets: run.checks };
  writeFileSync(out, `${JSON.stringify(json, null, 2)}\n`);
  return out;
}
