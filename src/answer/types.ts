import type { Excerpt } from '../search/excerpt.js';

export type { Excerpt };

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
  /**
   * `server`: a note the asking server's moderators wrote (`documentId` `server/<note id>`; `author` is who wrote it,
   * with their display name then, `published` the day). Absent for the shipped library's documents.
   */
  origin?: 'server';
  /** Notes that discuss this passage and match the question, shown under it (never nested further). */
  commentary?: Passage[];
}

/**
 * A document's own details, for "who wrote it", "when was it published", "where did it appear": cited from its
 * front matter, shown before the passages.
 */
export interface DocumentCard {
  kind: 'metadata';
  documentId: string;
  title: string;
  /** What the question asked for. */
  asked: 'author' | 'published' | 'source';
  author?: string;
  /** ISO date, `YYYY-MM-DD`. */
  published?: string;
  /** The publication's name as the library writes it ("Breaking Defense"), else the source link's host. */
  publication?: string;
  url?: string;
  /** `server`: the document is a note of the asking server (see `Passage.origin`). */
  origin?: 'server';
}

interface AnswerBase {
  query: string;
  /** How many passages the library holds. */
  searched: number;
  corpusVersion: string;
}

/** The library answers the question: the passages that do, best first. */
export interface Answered extends AnswerBase {
  answered: true;
  /** Best first; at most `limit`, starting at `offset`. */
  passages: Passage[];
  /** Total passages that answer the question (for "More results"). */
  total: number;
  /** The document's details when the question asks who wrote it, when or where it appeared (first page only). */
  card?: DocumentCard;
}

/** Why the library gives no answer: no words to search for, nothing matched, or nothing matched well enough. */
export type NoAnswerReason = 'empty-question' | 'no-match' | 'weak-match';

/** The library does not answer the question; `closest` holds at most two near misses, to be labelled as such. */
export interface NotAnswered extends AnswerBase {
  answered: false;
  reason: NoAnswerReason;
  closest: Passage[];
}

/** What `answerQuestion` returns: the compiler makes every consumer handle both cases. */
export type Answer = Answered | NotAnswered;

export interface AnswerOptions {
  /** Passages per page, 1..10; default 3. */
  limit?: number;
  /** Passages to skip, for "More results"; default 0. */
  offset?: number;
  /**
   * Ids of documents to leave out (a server's settings): none of their passages is cited, as a result, a closest
   * passage or commentary, and no card is made from their details.
   */
  exclude?: readonly string[];
}
