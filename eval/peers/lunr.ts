import lunr from 'lunr';
import { PEER_BOOSTS, type PassageRecord } from '../records.js';
import type { Retriever } from './retriever.js';

/** Lunr with its default pipeline (stop words, stemmer) and the field boosts. */
export function createLunr(): Retriever {
  let index: lunr.Index | undefined;
  return {
    name: 'Lunr',
    build(records) {
      index = lunr(function () {
        this.ref('id');
        this.field('title', { boost: PEER_BOOSTS.title });
        this.field('tags', { boost: PEER_BOOSTS.tags });
        this.field('text', { boost: PEER_BOOSTS.text });
        for (const record of records) this.add(record);
      });
    },
    search(query, k) {
      if (!index) throw new Error('Lunr: search before build');
      // Terms go in through the query builder rather than `index.search(string)`: a question containing
      // Lunr's query syntax (`:`, `~`, `^`, `*`, a leading `-`) would otherwise throw a parse error or
      // change meaning. The search pipeline (stemmer, stop words) still runs on every term.
      const tokens = lunr.tokenizer(query);
      return index
        .query((q) => q.term(tokens, {}))
        .slice(0, k)
        .map((result) => result.ref);
    },
    async serialize() {
      if (!index) throw new Error('Lunr: serialize before build');
      return JSON.stringify(index);
    },
    async load(serialised) {
      index = lunr.Index.load(JSON.parse(serialised) as object);
    },
  };
}
