import { Document } from 'flexsearch';
import { splitTerms, unweightedQuery } from '../analysis.js';
import type { AnalysedRetriever, Retriever } from './retriever.js';

// A type alias rather than PassageRecord: FlexSearch's DocumentData wants an index signature, which only
// object type aliases satisfy implicitly.
type FlexRecord = { id: string; title: string; tags: string; text: string };

function newDocument(): Document<FlexRecord> {
  // Merged results keep field order as a strict priority. Title first would rank every paragraph of a document
  // whose title shares one word with the question above every text match (recall@1 0.19 against 0.61 on
  // eval/questions.jsonl), far from a 2x boost; text first, with title and tags breaking ties and filling up,
  // is the nearest to modest boosts that merging allows.
  return new Document<FlexRecord>({ document: { id: 'id', index: ['text', 'title', 'tags'] } });
}

/**
 * FlexSearch 0.8 Document index with its default tokenizer and encoder, searched with `suggest` (without it
 * every word must match, so most natural questions find nothing) and `merge` (one list across fields).
 * Numeric field boosts exist only in its Resolver, which its maintainer calls limited for documents
 * (nextapps-de/flexsearch#499) and which here returned nothing whenever one field matched nothing; field order
 * (below) is the only working lever.
 */
export function createFlexSearch(): Retriever {
  let index = newDocument();
  return {
    name: 'FlexSearch',
    build(records) {
      for (const record of records) index.add({ id: record.id, title: record.title, tags: record.tags, text: record.text });
    },
    search(query, k) {
      // `limit` applies per field before merging, so the merged list can be longer than k.
      const merged = index.search(query, { suggest: true, merge: true, limit: k });
      return merged.slice(0, k).map((result) => String(result.id));
    },
    async serialize() {
      const parts: Array<[string, string]> = [];
      // Export hands over the index in named chunks; one JSON array of them makes a single file.
      index.export((key, data) => {
        parts.push([key, data]);
      });
      return JSON.stringify(parts);
    },
    async load(serialised) {
      index = newDocument();
      for (const [key, data] of JSON.parse(serialised) as Array<[string, string]>) index.import(key, data);
    },
  };
}

/**
 * FlexSearch as above, with an `encode` that only splits on spaces: no case folding, normalisation or charset
 * rules touch the project's terms. Its search takes a string, so related words (weight below 1) are left out.
 */
export function createFlexSearchAnalysed(): AnalysedRetriever {
  const index = new Document<FlexRecord>({ document: { id: 'id', index: ['text', 'title', 'tags'] }, encode: splitTerms });
  return {
    name: 'FlexSearch (project analysis)',
    build(records) {
      for (const record of records) index.add({ id: record.id, title: record.title, tags: record.tags, text: record.text });
    },
    search(terms, k) {
      const query = unweightedQuery(terms);
      if (query === '') return [];
      return index
        .search(query, { suggest: true, merge: true, limit: k })
        .slice(0, k)
        .map((result) => String(result.id));
    },
  };
}
