import { createFlexSearch, createFlexSearchAnalysed } from './flexsearch.js';
import { createLunr, createLunrAnalysed } from './lunr.js';
import { createMiniSearch, createMiniSearchAnalysed } from './minisearch.js';
import { createOrama, createOramaAnalysed } from './orama.js';
import type { AnalysedRetrieverFactory, RetrieverFactory } from './retriever.js';
import { createWink, createWinkAnalysed } from './wink.js';

export type { AnalysedRetriever, AnalysedRetrieverFactory, Retriever, RetrieverFactory } from './retriever.js';

/** Every peer the evaluation compares against, in table order. */
export const EVAL_PEERS: readonly RetrieverFactory[] = [createMiniSearch, createLunr, createFlexSearch, createOrama, createWink];

/** The same peers fed the project's analysis (eval/analysis.ts), in the same order. */
export const EVAL_ANALYSED_PEERS: readonly AnalysedRetrieverFactory[] = [
  createMiniSearchAnalysed,
  createLunrAnalysed,
  createFlexSearchAnalysed,
  createOramaAnalysed,
  createWinkAnalysed,
];

/** The peers the benchmark times; wink-bm25 is compared on answer quality only. */
export const BENCH_PEERS: readonly RetrieverFactory[] = [createMiniSearch, createLunr, createFlexSearch, createOrama];
