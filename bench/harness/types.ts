/** How much time a run may spend: `quick` fits a CI machine in a couple of minutes, `full` is for release figures. */
export type BenchMode = 'quick' | 'full';

export interface Machine {
  cpu: string;
  cores: number;
  node: string;
}

/** One markdown table of a benchmark's report. */
export interface ReportTable {
  title: string;
  columns: readonly string[];
  rows: readonly (readonly string[])[];
  /** Lines printed under the table: targets, caveats, how a figure was obtained. */
  notes?: readonly string[];
}

/** What a benchmark hands back: its tables, or the reason it could not run on this checkout. */
export interface BenchSection {
  title: string;
  tables: readonly ReportTable[];
  notes?: readonly string[];
  skipped?: string;
  /** The benchmark's key figures, as rows of the summary table: what, flow-sms, peer, peer figure, ratio. */
  headline?: readonly (readonly string[])[];
}

export interface BenchContext {
  mode: BenchMode;
  machine: Machine;
  /** Progress lines go to stderr, so stdout carries only the markdown. */
  log(message: string): void;
}

export interface Benchmark {
  /** Short name for `--only`. */
  id: string;
  title: string;
  run(context: BenchContext): Promise<BenchSection>;
}
