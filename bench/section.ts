/** What the command line chose; every section reads the same options. */
export interface BenchOptions {
  /** Corpus sizes in passages. */
  sizes: number[];
  /** Timed queries per system and size (after a warm-up). */
  queries: number;
  quick: boolean;
  seed: number;
  /** The real corpus: source of the generated vocabulary. */
  corpusDir: string;
}

/**
 * One part of the benchmark. Sections run in order and each returns its Markdown; bench/RESULTS.md is the
 * machine header followed by every section's Markdown, so a new measurement is one more entry in SECTIONS.
 */
export interface BenchSection {
  title: string;
  run(options: BenchOptions, log: (line: string) => void): Promise<string>;
}
