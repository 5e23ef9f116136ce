import { Document } from 'flexsearch';
import type { Retriever } from './retriever.js';

// A type alias rather than PassageRecord: FlexSearch's DocumentData wants an index signature, which only
// object type aliases satisfy implicitly.
type FlexRecord = { id: string; title: string; tags: string; text: string };

function newDocument(): Document<FlexRecord> {
  // Field order is the boost: merged results keep it, so title beats tags beats text.
  return new Document<FlexRecord>({ document: { id: 'id', index: ['title', 'tags', 'text'] } });
}

/**
 * FlexSearch 0.8 Document index with its default tokenizer and encoder, searched with `suggest` (without it
 * every word must match, so most natural questions find nothing) and `merge` (one list across fields).
 * Numeric field boosts exist only in its Resolver, which its maintainer calls limited for documents
 * (nextapps-de/flexsearch#499) and which here returned nothing whenever one field matched nothing; field order
 * is the nearest working equivalent.
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
