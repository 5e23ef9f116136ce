import lunr from 'lunr';
import { PEER_BOOSTS } from '../records.js';
import type { AnalysedRetriever, Retriever } from './retriever.js';

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

/** Lunr with the field boosts and empty pipelines: the project's terms go in and are looked up as they are. */
export function createLunrAnalysed(): AnalysedRetriever {
  let index: lunr.Index | undefined;
  return {
    name: 'Lunr (project analysis)',
    build(records) {
      index = lunr(function () {
        // The default pipelines trim, drop stop words and stem; the trimmer alone would turn `=iaea` into `iaea`.
        this.pipeline.reset();
        this.searchPipeline.reset();
        this.ref('id');
        this.field('title', { boost: PEER_BOOSTS.title });
        this.field('tags', { boost: PEER_BOOSTS.tags });
        this.field('text', { boost: PEER_BOOSTS.text });
        for (const record of records) this.add(record);
      });
    },
    search(terms, k) {
      if (!index) throw new Error('Lunr: search before build');
      return index
        .query((q) => {
          for (const { term, weight } of terms) q.term(term, { boost: weight, usePipeline: false });
        })
        .slice(0, k)
        .map((result) => result.ref);
    },
  };
}
