import { create, insert, load, type RawData, save, search } from '@orama/orama';
import { splitTerms, unweightedQuery } from '../analysis.js';
import { PEER_BOOSTS } from '../records.js';
import type { AnalysedRetriever, Retriever } from './retriever.js';

const SCHEMA = { title: 'string', tags: 'string', text: 'string' } as const;

function newDb() {
  return create({ schema: SCHEMA });
}

// Orama multiplies each field's score by its boost; text is the baseline (1) and need not be listed.
const BOOST = { title: PEER_BOOSTS.title, tags: PEER_BOOSTS.tags };

/** Orama 3 full-text search (BM25) with its default tokenizer and the field boosts. */
export function createOrama(): Retriever {
  let db = newDb();
  return {
    name: 'Orama',
    build(records) {
      for (const record of records) {
        const inserted = insert(db, { id: record.id, title: record.title, tags: record.tags, text: record.text });
        // Without async components Orama works synchronously; a promise here would mean it did not.
        if (typeof inserted !== 'string') throw new Error('Orama: insert unexpectedly asynchronous');
      }
    },
    search(query, k) {
      const results = search(db, { term: query, properties: ['title', 'tags', 'text'], boost: BOOST, limit: k });
      if (results instanceof Promise) throw new Error('Orama: search unexpectedly asynchronous');
      return results.hits.map((hit) => hit.id);
    },
    async serialize() {
      return JSON.stringify(save(db));
    },
    async load(serialised) {
      db = newDb();
      load(db, JSON.parse(serialised) as RawData);
    },
  };
}

/**
 * Orama as above with a tokenizer that only splits on spaces (no normalisation, stemming or stop words). Its
 * search takes a string, so related words (weight below 1) are left out.
 */
export function createOramaAnalysed(): AnalysedRetriever {
  const db = create({
    schema: SCHEMA,
    components: { tokenizer: { language: 'english', normalizationCache: new Map(), tokenize: (raw: string) => splitTerms(raw) } },
  });
  return {
    name: 'Orama (project analysis)',
    build(records) {
      for (const record of records) {
        const inserted = insert(db, { id: record.id, title: record.title, tags: record.tags, text: record.text });
        if (typeof inserted !== 'string') throw new Error('Orama: insert unexpectedly asynchronous');
      }
    },
    search(terms, k) {
      const query = unweightedQuery(terms);
      if (query === '') return [];
      const results = search(db, { term: query, properties: ['title', 'tags', 'text'], boost: BOOST, limit: k });
      if (results instanceof Promise) throw new Error('Orama: search unexpectedly asynchronous');
      return results.hits.map((hit) => hit.id);
    },
  };
}
