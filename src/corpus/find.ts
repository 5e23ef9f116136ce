import { fold } from '../text/fold.js';
import type { Corpus, CorpusDocument } from './types.js';

/** Documents whose id or title contains what was typed (folded), articles first, then by title. */
export function matchDocuments(corpus: Corpus, typed: string): CorpusDocument[] {
  const needle = fold(typed.trim());
  const words = needle.split(/\s+/).filter(Boolean);
  return corpus.documents
    .filter((d) => {
      const hay = fold(`${d.id} ${d.title} ${d.tags.join(' ')}`);
      return words.every((w) => hay.includes(w));
    })
    .sort((a, b) => (a.kind === b.kind ? a.title.localeCompare(b.title) : a.kind === 'article' ? -1 : 1));
}

/** The document a user meant: its exact id (what autocomplete sends), else the only one matching the text. */
export function resolveDocument(corpus: Corpus, text: string): CorpusDocument | undefined {
  const exact = corpus.documents.find((d) => d.id === text.trim());
  if (exact) return exact;
  const matches = matchDocuments(corpus, text);
  const byTitle = matches.find((d) => fold(d.title) === fold(text.trim()));
  return byTitle ?? (matches.length === 1 ? matches[0] : undefined);
}
