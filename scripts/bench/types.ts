// The shape every benchmark section has, so `aliot bench` can run, print, record and budget-check them alike.

/** A printed table: one header row, then rows of cells. */
export interface BenchTable {
  columns: string[];
  rows: (string | number)[][];
}

export interface SectionResult {
  table: BenchTable;
  /** Named numbers that budgets may constrain (e.g. { ratio: 0.83 }). */
  figures: Record<string, number>;
  /** What goes into bench/results.json for this section. */
  json: unknown;
  /** One line describing what was measured. */
  note?: string;
}

export interface BenchOptions {
  /** Scales the work (iterations); sections choose their own default. */
  iterations?: number;
  /** How many simulated devices the fleet and load sections run (default 1,000). */
  devices?: number;
}

export interface BenchSection {
  /** Key in results.json and budgets.json. */
  name: string;
  title: string;
  run(options: BenchOptions): SectionResult | Promise<SectionResult>;
}
