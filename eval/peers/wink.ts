import bm25 from 'wink-bm25-text-search';
import nlp from 'wink-nlp-utils';
import { splitTerms, unweightedQuery } from '../analysis.js';
import { PEER_BOOSTS } from '../records.js';
import type { AnalysedRetriever, Retriever } from './retriever.js';

// The preparation pipeline wink documents for use with wink-nlp-utils (README of version 3.0.1). Its helpers are
// plain functions that never use `this`, which is how wink itself passes them around.
/* eslint-disable @typescript-eslint/unbound-method */
const PREP_TASKS = [nlp.string.lowerCase, nlp.string.tokenize0, nlp.tokens.removeWords, nlp.tokens.stem, nlp.tokens.propagateNegations];
/* eslint-enable @typescript-eslint/unbound-method */

/** BM25 needs collection statistics: wink refuses to consolidate fewer documents than this. */
const MIN_DOCUMENTS = 3;

/** wink-bm25-text-search (BM25F) with the field weights and wink-nlp-utils preparation. */
export function createWink(): Retriever {
  let engine = bm25();
  return {
    name: 'wink-bm25-text-search',
    build(records) {
      if (records.length < MIN_DOCUMENTS) throw new Error(`wink-bm25: needs at least ${MIN_DOCUMENTS} passages, got ${records.length}`);
      engine.defineConfig({ fldWeights: { ...PEER_BOOSTS } });
      engine.definePrepTasks(PREP_TASKS);
      for (const record of records) engine.addDoc({ title: record.title, tags: record.tags, text: record.text }, record.id);
      engine.consolidate();
    },
    search(query, k) {
      return engine.search(query, k).map(([id]) => id);
    },
    async serialize() {
      return engine.exportJSON();
    },
    async load(serialised) {
      engine = bm25();
      // importJSON restores the config, and prep tasks need a config, so they come second.
      engine.importJSON(serialised);
      engine.definePrepTasks(PREP_TASKS);
    },
  };
}

/** wink-bm25 with the field weights and one preparation task, splitting on spaces. Related words (weight below 1) are left out. */
export function createWinkAnalysed(): AnalysedRetriever {
  const engine = bm25();
  return {
    name: 'wink-bm25-text-search (project analysis)',
    build(records) {
      if (records.length < MIN_DOCUMENTS) throw new Error(`wink-bm25: needs at least ${MIN_DOCUMENTS} passages, got ${records.length}`);
      engine.defineConfig({ fldWeights: { ...PEER_BOOSTS } });
      engine.definePrepTasks([splitTerms]);
      for (const record of records) engine.addDoc({ title: record.title, tags: record.tags, text: record.text }, record.id);
      engine.consolidate();
    },
    search(terms, k) {
      const query = unweightedQuery(terms);
      if (query === '') return [];
      return engine.search(query, k).map(([id]) => id);
    },
  };
}
