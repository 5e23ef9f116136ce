import MiniSearch from 'minisearch';
import type { PassageRecord } from '../records.js';
import type { Retriever } from './retriever.js';

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
