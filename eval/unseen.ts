import type { Corpus } from '../src/corpus/types.js';

/** The corpus as notes that do not say what they comment on would make it. */
export function withoutReferences(corpus: Corpus): Corpus {
  return {
    ...corpus,
    documents: corpus.documents.map((d) => {
      if (d.kind !== 'note') return d;
      const { about: _about, links: _links, ...rest } = d;
      return rest;
    }),
  };
}
