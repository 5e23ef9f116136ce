import type { Corpus } from '../src/corpus/types.js';

/** One paragraph as the peer libraries index it: flat strings, keyed like a citation. */
export interface PassageRecord {
  /** `${documentId}#${paragraph}`: the same key the evaluation uses for expected passages. */
  id: string;
  title: string;
  /** The document's tags joined by spaces: peers index plain text, not arrays. */
  tags: string;
  text: string;
}

/** Field boosts for peers that support them: the same weights the project gives title, tags and text. */
export const PEER_BOOSTS = { title: 2, tags: 1.5, text: 1 } as const;

/** The key of a passage: document id and 1-based paragraph number. */
export function passageKey(documentId: string, paragraph: number): string {
  return `${documentId}#${paragraph}`;
}

/** Every paragraph of the corpus as a record, in citation order. */
export function recordsOf(corpus: Corpus): PassageRecord[] {
  return corpus.documents.flatMap((doc) => {
    const tags = doc.tags.join(' ');
    return doc.paragraphs.map((text, i) => ({ id: passageKey(doc.id, i + 1), title: doc.title, tags, text }));
  });
}
