/** A marked excerpt: `text` plus the character ranges of the matched words. */
export interface Excerpt {
  text: string;
  /** Half-open `[start, end)` ranges into `text`, sorted, non-overlapping. */
  marks: Array<[number, number]>;
}

/** One cited passage: a paragraph of a document. */
export interface Passage {
  documentId: string;
  title: string;
  /** 1-based paragraph number: the citation. */
  paragraph: number;
  /** The whole paragraph. */
  text: string;
  excerpt: Excerpt;
  score: number;
  url?: string;
  author?: string;
  published?: string;
  kind: 'article' | 'note';
}

export interface Answer {
  query: string;
  /** False when the corpus does not cover the question: `passages` is then empty and `closest` may hold near misses. */
  answered: boolean;
  /** Best first; at most `limit`, starting at `offset`. */
  passages: Passage[];
  /** Only when not answered: at most two nearest passages, to be labelled as such. */
  closest: Passage[];
  /** Total passages that matched the question (for "more results"). */
  total: number;
  /** Why nothing was answered, when `answered` is false. */
  reason?: 'empty-question' | 'no-match' | 'weak-match';
  /** How many passages the library holds. */
  searched: number;
  corpusVersion: string;
}

export interface AnswerOptions {
  /** Passages per page, 1..10; default 3. */
  limit?: number;
  /** Passages to skip, for "More results"; default 0. */
  offset?: number;
}
