// The project's own text analysis, packaged for the peer libraries: so that "ahead of every peer" can be read as
// a comparison of search and ranking, each peer also runs on exactly the terms the project indexes and queries.
// Everything here calls src/search read-only; nothing in src depends on it.
import type { Corpus } from '../src/corpus/types.js';
import { AliasTable, indexTerms } from '../src/search/analyze.js';
import { parseQuestion } from '../src/search/query.js';
import { type PassageRecord, passageKey } from './records.js';

/** A query term as the project searches it: its weight is 1 for the question's own words and aliases, less for related words. */
export interface WeightedTerm {
  term: string;
  weight: number;
}

/**
 * The project's analysis (folding, stop words, Porter stemming, alias and related-word expansion) of passages and
 * questions. Index terms never contain spaces (stems, `=canonical` alias terms, `a_b` phrase keys), so a peer that
 * splits on spaces and processes nothing further sees exactly the project's terms.
 */
export class ProjectAnalysis {
  private readonly aliases: AliasTable;

  constructor(private readonly corpus: Corpus) {
    this.aliases = new AliasTable(corpus.aliases);
  }

  /** Every paragraph as a record whose title, tags and text are the project's index terms joined by spaces. */
  records(): PassageRecord[] {
    return this.corpus.documents.flatMap((doc) => {
      // The same inputs src/search/library.ts analyses: tags are joined with a comma so no alias phrase spans two tags.
      const title = this.terms(doc.title);
      const tags = this.terms(doc.tags.join(' , '));
      return doc.paragraphs.map((text, i) => ({ id: passageKey(doc.id, i + 1), title, tags, text: this.terms(text) }));
    });
  }

  /** The question's terms as the project searches them, each once at its highest weight; empty when only stop words remain. */
  query(question: string): WeightedTerm[] {
    const weights = new Map<string, number>();
    for (const concept of parseQuestion(question, this.aliases)) {
      for (const { term, weight } of concept.terms) weights.set(term, Math.max(weight, weights.get(term) ?? 0));
    }
    return [...weights].map(([term, weight]) => ({ term, weight }));
  }

  private terms(text: string): string {
    return indexTerms(text, this.aliases)
      .map((t) => t.term)
      .join(' ');
  }
}

/**
 * The query as one string, for peers that take a string and cannot weight its terms. Such peers would give a
 * related word ("envoy" for "diplomat") the weight of the word asked, which the project's analysis never does,
 * so they get the full-weight terms only.
 */
export function unweightedQuery(terms: readonly WeightedTerm[]): string {
  return terms
    .filter((t) => t.weight >= 1)
    .map((t) => t.term)
    .join(' ');
}

/** Splits an analysed field or query on spaces: the only tokenisation a peer needs for pre-analysed text. */
export function splitTerms(text: string): string[] {
  return text.split(' ').filter((term) => term !== '');
}
