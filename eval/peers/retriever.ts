import type { WeightedTerm } from '../analysis.js';
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

/**
 * A peer fed the project's analysis instead of its own: it indexes records whose fields are already the project's
 * index terms (eval/analysis.ts) and searches the project's query terms, with its own tokenising, stop words and
 * stemming turned off. Only the evaluation uses it, so it needs no persistence.
 */
export interface AnalysedRetriever {
  readonly name: string;
  /** Indexes records made by `ProjectAnalysis.records`; called once per instance. */
  build(records: readonly PassageRecord[]): void;
  /** Keys of the best `k` passages for the project's query terms, best first; empty when nothing matches. */
  search(terms: readonly WeightedTerm[], k: number): string[];
}

/** Makes a fresh, empty peer in its project-analysis form. */
export type AnalysedRetrieverFactory = () => AnalysedRetriever;
