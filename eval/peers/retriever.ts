import type { PassageRecord } from '../records.js';

/**
 * A peer search library behind one small interface, so the evaluation and the benchmark drive every library the
 * same way. Each instance holds one index; `load` fills a fresh instance from another's `serialize` output.
 */
export interface Retriever {
  readonly name: string;
  /** Indexes the records; called once per instance. */
  build(records: readonly PassageRecord[]): void;
  /** Keys of the best `k` passages, best first; empty when nothing matches (the peer's only way to "refuse"). */
  search(query: string, k: number): string[];
  /** The index in the library's own persisted form. */
  serialize(): Promise<string>;
  /** Replaces this instance's index with one read from `serialize` output. */
  load(serialised: string): Promise<void>;
}

/** Makes a fresh, empty retriever: the benchmark needs two instances per peer (built and loaded). */
export type RetrieverFactory = () => Retriever;
