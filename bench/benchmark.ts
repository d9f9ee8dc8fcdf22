/** What every benchmark in bench/ provides to `run.ts`. */
export interface BenchmarkOptions {
  /** Concurrent clients (concurrent-logins). */
  clients: number;
  /** Measured round trips per series after warm-up (round-trip). */
  iterations: number;
  /** Progress lines go here (stderr), never into the table. */
  log: (message: string) => void;
}

export interface BenchmarkReport {
  /** The markdown table. */
  table: string;
  /** Notes printed under the table (one line each). */
  notes: string[];
  /** Everything measured, written to bench/results/<name>.json. */
  data: Record<string, unknown>;
}

export interface Benchmark {
  name: string;
  description: string;
  run(options: BenchmarkOptions): Promise<BenchmarkReport>;
}
