import MiniSearch from 'minisearch';
import { splitTerms } from '../analysis.js';
import type { PassageRecord } from '../records.js';
import type { AnalysedRetriever, Retriever } from './retriever.js';

// Deliberately MiniSearch out of the box (no boosts, no fuzzy, no prefix): the baseline the project builds on,
// so the difference shows what the project's own analysis and ranking add.
const OPTIONS = { fields: ['title', 'tags', 'text'] };

/** MiniSearch with its default options. */
export function createMiniSearch(): Retriever {
  let index = new MiniSearch<PassageRecord>(OPTIONS);
  return {
    name: 'MiniSearch (defaults)',
    build(records) {
      index.addAll(records);
    },
    search(query, k) {
      return index
        .search(query)
        .slice(0, k)
        .map((result) => String(result.id));
    },
    async serialize() {
      return JSON.stringify(index);
    },
    async load(serialised) {
      index = MiniSearch.loadJSON<PassageRecord>(serialised, OPTIONS);
    },
  };
}

/** MiniSearch with its default options, except that it indexes and searches the project's terms as they are. */
export function createMiniSearchAnalysed(): AnalysedRetriever {
  const index = new MiniSearch<PassageRecord>({
    ...OPTIONS,
    tokenize: splitTerms,
    processTerm: (term) => term,
    searchOptions: { tokenize: splitTerms, processTerm: (term) => term },
  });
  return {
    name: 'MiniSearch (project analysis)',
    build(records) {
      index.addAll(records);
    },
    search(terms, k) {
      const weights = new Map(terms.map((t) => [t.term, t.weight]));
      return index
        .search(terms.map((t) => t.term).join(' '), { boostTerm: (term) => weights.get(term) ?? 1 })
        .slice(0, k)
        .map((result) => String(result.id));
    },
  };
}
