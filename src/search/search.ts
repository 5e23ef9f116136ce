import type { QueryCombination } from 'minisearch';
import type { Library } from './library.js';
import { type Concept, parseQuestion } from './query.js';

/** A ranked passage with what it matched. */
export interface Hit {
  /** Index into `library.passages`. */
  passage: number;
  score: number;
  /** Share of the question's ideas (weighted by rarity) this passage contains, 0..1: the confidence signal. */
  coverage: number;
  /** Index terms of the passage that matched, including fuzzy corrections: what excerpts mark. */
  matched: Set<string>;
}

export interface SearchResult {
  concepts: Concept[];
  hits: Hit[];
}

/** A fuzzy or prefix match is a guess: it counts for less than the word itself. */
const GUESS_CREDIT = 0.7;

/** Typo tolerance, bounded: only for words the corpus does not contain, one edit from 5 letters, two from 10. */
function fuzziness(term: string, library: Library): number | false {
  if (term.startsWith('=') || term.includes('_') || /\d/.test(term)) return false;
  if (library.documentFrequency.has(term)) return false;
  if (term.length >= 10) return 2;
  if (term.length >= 5) return 1;
  return false;
}

/**
 * Ranks passages for a question: BM25 over the analysed fields (MiniSearch), then re-weighted by how much of
 * the question each passage covers, so a passage holding every idea beats one repeating a single common word.
 */
export function search(library: Library, question: string, options: { prefixLast?: boolean } = {}): SearchResult {
  const concepts = parseQuestion(question, library.aliases);
  if (concepts.length === 0) return { concepts, hits: [] };

  const owners = new Map<string, Array<{ concept: number; weight: number }>>();
  const queries: QueryCombination[] = [];
  concepts.forEach((concept, c) => {
    const last = c === concepts.length - 1;
    for (const { term, weight } of concept.terms) {
      const list = owners.get(term) ?? [];
      list.push({ concept: c, weight });
      owners.set(term, list);
      if (list.length > 1) continue; // already queried for an earlier concept
      const fuzzy = weight === 1 ? fuzziness(term, library) : false;
      const prefix = Boolean(options.prefixLast && last && weight === 1 && term.length >= 3 && !term.startsWith('='));
      queries.push({ queries: [term], boostTerm: () => weight, fuzzy, prefix });
    }
  });

  const weights = concepts.map((concept) => library.idf(concept.terms[0]!.term));
  const totalWeight = weights.reduce((a, b) => a + b, 0) || 1;

  const results = library.index.search({ combineWith: 'OR', queries });
  const hits: Hit[] = results.map((result) => {
    const credit = new Array<number>(concepts.length).fill(0);
    const matched = new Set<string>(result.terms);
    for (const source of result.queryTerms) {
      // The source term matched exactly when the passage holds it; otherwise through a fuzzy or prefix variant.
      const exact = Object.hasOwn(result.match, source);
      for (const { concept, weight } of owners.get(source) ?? []) {
        credit[concept] = Math.max(credit[concept]!, exact ? weight : weight * GUESS_CREDIT);
      }
    }
    const coverage = credit.reduce((sum, value, i) => sum + value * weights[i]!, 0) / totalWeight;
    // MiniSearch multiplies by the number of query terms matched; undo that and use coverage instead, which
    // counts ideas rather than expansion terms.
    const bm25 = result.score / Math.max(1, result.queryTerms.length);
    return { passage: result.id as number, score: bm25 * (0.25 + coverage) ** 2, coverage, matched };
  });
  hits.sort((a, b) => b.score - a.score || a.passage - b.passage);
  return { concepts, hits };
}
