/** One document of the library: an article or a note, split into numbered paragraphs. */
export interface CorpusDocument {
  /** Path below the corpus folder without `.md`, with `/` separators: `notes/iaea`. */
  id: string;
  title: string;
  author?: string;
  /** Link to the original, when the document has one. */
  source?: string;
  /** ISO date, `YYYY-MM-DD`. */
  published?: string;
  kind: 'article' | 'note';
  tags: string[];
  /** Paragraph `n` (the citation) is `paragraphs[n - 1]`. */
  paragraphs: string[];
  /** What the document says it comments on (`about:` in its front matter), as written. */
  about?: Reference[];
  /** The passages it comments on, resolved and checked by the loader: from `about:` and from in-text references. */
  links?: PassageLink[];
}

/** A document (`document-id`) or one of its passages (`document-id#paragraph`). */
export interface Reference {
  documentId: string;
  paragraph?: number;
}

/** A passage of another document that this one comments on. */
export interface PassageLink {
  /** The commenting paragraph of this document; absent when the whole document comments on the passage. */
  from?: number;
  /** Where in that paragraph the reference is written (character offset): the sentence around it is the comment. */
  at?: number;
  documentId: string;
  paragraph: number;
}

/** A group of words or phrases that mean the same thing to the search. */
export interface AliasGroup {
  /** The first term is the canonical one; every term is matched as a phrase. */
  terms: string[];
  /**
   * `alias`: true equivalents (IAEA = International Atomic Energy Agency), full weight.
   * `related`: looser synonyms (envoy ~ diplomat), matched with a lower weight.
   */
  kind: 'alias' | 'related';
}

export interface Corpus {
  documents: CorpusDocument[];
  aliases: AliasGroup[];
  /** Short content hash of every file: names the corpus in footers and keys the persisted index. */
  version: string;
}
