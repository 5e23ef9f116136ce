import { isServerNote } from '../notes/document.js';
import { excerptOf } from '../search/excerpt.js';
import type { Library } from '../search/library.js';
import { type Hit, search } from '../search/search.js';
import { publicationName } from '../search/metadata.js';
import type { Answer, AnswerOptions, DocumentCard, Passage } from './types.js';

/**
 * Least share of a question's ideas (weighted by rarity) the best passage must contain to count as an answer.
 * Below it the corpus does not cover the question, and the reply says so instead of offering the least bad paragraph.
 */
export const CONFIDENCE = { answer: 0.4, related: 0.3 };
/** Questions longer than this are cut: the extra words add nothing but time. */
export const MAX_QUESTION_LENGTH = 1000;

/** Notes shown under a passage as commentary on it, at most. */
export const MAX_COMMENTARY = 2;

export const DEFAULT_LIMIT = 3;
export const MAX_LIMIT = 10;

/** Answers a question from the library: the passages that answer it, best first, each with a marked excerpt. */
export function answerQuestion(question: string, options: AnswerOptions & { library: Library }): Answer {
  const { library } = options;
  const limit = clamp(options.limit ?? DEFAULT_LIMIT, 1, MAX_LIMIT);
  const offset = Math.max(0, Math.floor(options.offset ?? 0));
  const query = question.trim().slice(0, MAX_QUESTION_LENGTH);
  const base = { query, searched: library.passageCount, corpusVersion: library.version };

  const found = search(library, query);
  const { concepts, scope } = found;
  // Left-out documents go before the confidence test: the answer is judged on what this server may cite.
  const excluded = new Set(options.exclude ?? []);
  const hits = excluded.size === 0 ? found.hits : found.hits.filter((h) => !excluded.has(library.passages[h.passage]!.document.id));
  const detailsOf = found.detailsOf !== undefined && !excluded.has(found.detailsOf) ? found.detailsOf : undefined;
  // "Who wrote the op-ed?" is answered by the document's own details, whatever the passages hold.
  const card = detailsOf !== undefined && scope.asks ? cardOf(library, detailsOf, scope.asks) : undefined;
  if (concepts.length === 0 && hits.length === 0 && !card) return { ...base, answered: false, reason: 'empty-question', closest: [] };
  if (hits.length === 0 && !card) return { ...base, answered: false, reason: 'no-match', closest: [] };

  const top = hits[0];
  if (!card && (!top || top.confidence < CONFIDENCE.answer || top.missingRequired > 0)) {
    return { ...base, answered: false, reason: 'weak-match', closest: hits.slice(0, 2).map((h) => toPassage(library, h)) };
  }
  // A paragraph found only through its document's title or tags does not answer by itself: it is not offered
  // as a further result (the best hit is kept whatever it is, having passed the confidence test).
  const relevant = hits.filter((h, i) => (i === 0 && !card) || (h.inText && h.coverage >= CONFIDENCE.related));
  const entries = withCommentary(library, relevant);
  return {
    ...base,
    answered: true,
    ...(card && offset === 0 ? { card } : {}),
    passages: entries.slice(offset, offset + limit).map(({ hit, commentary }) => {
      const passage = toPassage(library, hit);
      if (commentary.length > 0) passage.commentary = commentary.map((h) => toPassage(library, h));
      return passage;
    }),
    total: entries.length,
  };
}

/**
 * Groups ranked hits into answer entries: a note that comments on a passage ranked above it is shown under that
 * passage as commentary (at most MAX_COMMENTARY each) rather than as a result of its own. A note ranked above the
 * passage it discusses stays a result: the question was about what the note adds.
 */
function withCommentary(library: Library, hits: readonly Hit[]): Array<{ hit: Hit; commentary: Hit[] }> {
  const entries: Array<{ hit: Hit; commentary: Hit[] }> = [];
  const shown = new Map<number, { hit: Hit; commentary: Hit[] }>();
  for (const hit of hits) {
    let under: { hit: Hit; commentary: Hit[] } | undefined;
    for (const comment of library.commentsOn(hit.passage)) {
      const entry = shown.get(comment.target);
      if (entry !== undefined && entry.commentary.length < MAX_COMMENTARY) {
        under = entry;
        break;
      }
    }
    if (under) {
      under.commentary.push(hit);
      continue;
    }
    const entry = { hit, commentary: [] };
    entries.push(entry);
    shown.set(hit.passage, entry);
  }
  return entries;
}

function cardOf(library: Library, documentId: string, asked: DocumentCard['asked']): DocumentCard | undefined {
  const document = library.document(documentId);
  if (!document) return undefined;
  const card: DocumentCard = { kind: 'metadata', documentId, title: document.title, asked };
  if (document.author !== undefined) card.author = document.author;
  if (document.published !== undefined) card.published = document.published;
  if (document.source !== undefined) {
    card.url = document.source;
    card.publication = publicationName(library, document) ?? new URL(document.source).hostname.replace(/^www\./, '');
  }
  if (isServerNote(document)) card.origin = 'server';
  // A card that cannot say what was asked (no author in the front matter) is no answer.
  const has = asked === 'author' ? card.author : asked === 'published' ? card.published : card.publication;
  return has === undefined ? undefined : card;
}

function toPassage(library: Library, hit: Hit): Passage {
  const record = library.passages[hit.passage]!;
  const { document } = record;
  const passage: Passage = {
    documentId: document.id,
    title: document.title,
    paragraph: record.paragraph,
    text: record.text,
    excerpt: excerptOf(record.text, library.passageText(hit.passage), new Set(hit.matched), (t) => library.idf(t)),
    score: Math.round(hit.score * 1000) / 1000,
    kind: document.kind,
  };
  if (document.source !== undefined) passage.url = document.source;
  if (document.author !== undefined) passage.author = document.author;
  if (document.published !== undefined) passage.published = document.published;
  if (isServerNote(document)) passage.origin = 'server';
  return passage;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.floor(Number.isFinite(value) ? value : min)));
}
