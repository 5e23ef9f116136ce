import { createFlexSearch } from './flexsearch.js';
import { createLunr } from './lunr.js';
import { createMiniSearch } from './minisearch.js';
import { createOrama } from './orama.js';
import type { RetrieverFactory } from './retriever.js';
import { createWink } from './wink.js';

export type { Retriever, RetrieverFactory } from './retriever.js';

/** Every peer the evaluation compares against, in table order. */
export const EVAL_PEERS: readonly RetrieverFactory[] = [createMiniSearch, createLunr, createFlexSearch, createOrama, createWink];

/** The peers the benchmark times; wink-bm25 is compared on answer quality only. */
export const BENCH_PEERS: readonly RetrieverFactory[] = [createMiniSearch, createLunr, createFlexSearch, createOrama];
