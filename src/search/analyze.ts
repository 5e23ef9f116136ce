import { LRUCache } from 'lru-cache';
import type { AliasGroup } from '../corpus/types.js';
import { fold } from '../text/fold.js';
import { STOP_WORDS } from './stopwords.js';
import { baseForm } from './words.js';

/**
 * Bump when analysis changes the terms a text yields (folding, word splitting, stemming, stop words, aliases).
 * It is part of the fingerprint that names a persisted index, so an index built by older analysis is rebuilt.
 * The fingerprint also hashes this file's source; the number is the guard where the source cannot be read.
 */
export const ANALYSIS_VERSION = 2;

/** A word of the original text, with its folded form and where it stands. */
export interface Token {
  /** Case- and accent-folded, apostrophes and possessive `'s` removed. */
  norm: string;
  /** The index form of `norm` (see baseForm: digits for number words, lemma for irregular verbs, Porter stem). */
  stem: string;
  start: number;
  end: number;
  /** Written in capitals (`US`, `U.S.`): the only form in which a capitalised alias that is also a stop word matches. */
  upper: boolean;
  stop: boolean;
}

/** An index term and the span of text it came from (a word, or a whole alias phrase). */
export interface Term {
  term: string;
  start: number;
  end: number;
}

// Acronyms with dots (U.S., U.N.), then words whose parts are joined by an apostrophe, `+` (P5+1) or a decimal point (1.5).
const WORD = /(?:\p{L}\.){2,}|[\p{L}\p{N}]+(?:(?:['’‘ʼʻ]|\+|(?<=\p{N})\.(?=\p{N}))[\p{L}\p{N}]+)*/gu;

/** Splits text into tokens with offsets into the original text. */
export function scan(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD)) {
    const raw = match[0];
    const norm = fold(raw);
    if (!norm) continue;
    // Capitals matter only for the few aliases that are also stop words ("US"): check cheaply first.
    const letters = raw.length >= 2 && raw.charCodeAt(1) < 97 ? raw.replace(/[^\p{L}]/gu, '') : '';
    tokens.push({
      norm,
      stem: stemWord(norm),
      start: match.index,
      end: match.index + raw.length,
      upper: letters.length >= 2 && letters === letters.toUpperCase(),
      stop: STOP_WORDS.has(norm),
    });
  }
  return tokens;
}

/**
 * Entries the stem cache keeps. Every word members type passes through it, so it must not grow without end. This
 * library has about 2,300 distinct words; a 100,000-passage library about 126,000, of which the most recent 100,000
 * still give 97% hits while building its index (50,000 give 89% and a build 0.6 s slower), for at most a few MB.
 */
export const STEM_CACHE_SIZE = 100_000;
const stemCache = new LRUCache<string, string>({ max: STEM_CACHE_SIZE });

/** baseForm, memoised: the same few thousand words recur across every paragraph. */
export function stemWord(norm: string): string {
  let stem = stemCache.get(norm);
  if (stem === undefined) {
    stem = baseForm(norm);
    stemCache.set(norm, stem);
  }
  return stem;
}

/** How many words the stem cache holds now: for tests and monitoring. */
export function stemCacheSize(): number {
  return stemCache.size;
}

/** One term of an alias group, as the sequence of stems it must match. */
interface AliasEntry {
  stems: string[];
  /** The index term every member of an `alias` group adds; undefined for `related` groups. */
  canonical: string | undefined;
  /** The term this member itself stands for: its stem, or a phrase key for several words. */
  key: string;
  groupIndex: number;
  /** An all-capitals member whose folded form is a stop word ("US"): match capitals only. */
  capitalsOnly: boolean;
}

export interface PhraseMatch {
  entry: AliasEntry;
  /** Token indexes `[from, to)`. */
  from: number;
  to: number;
}

/** Phrase keys join stems with `_`, so they can never collide with a single stemmed word. */
export function phraseKey(stems: string[]): string {
  return stems.join('_');
}

/** The alias and related-word groups, compiled for matching against token streams. */
export class AliasTable {
  private readonly byFirstStem = new Map<string, AliasEntry[]>();
  /** For each group, the keys of its members: used to expand a question with related words. */
  readonly groupKeys: string[][] = [];
  /** Canonical or phrase key → a readable form, for suggestions and explanations. */
  readonly display = new Map<string, string>();

  constructor(readonly groups: readonly AliasGroup[]) {
    groups.forEach((group, groupIndex) => {
      const members = group.terms.map((term) => ({ term, tokens: scan(term) })).filter((m) => m.tokens.length > 0);
      const first = members[0];
      if (!first) return;
      const canonical = group.kind === 'alias' ? `=${phraseKey(first.tokens.map((t) => t.stem))}` : undefined;
      if (canonical) this.display.set(canonical, first.term);
      const keys: string[] = [];
      for (const { term, tokens } of members) {
        const stems = tokens.map((t) => t.stem);
        const key = stems.length === 1 ? stems[0]! : phraseKey(stems);
        keys.push(key);
        if (stems.length > 1) this.display.set(key, term);
        const only = tokens.length === 1 && tokens[0]!.stop && /\p{Lu}/u.test(term) && term === term.toUpperCase();
        const entry: AliasEntry = { stems, canonical, key, groupIndex, capitalsOnly: only };
        const list = this.byFirstStem.get(stems[0]!) ?? [];
        list.push(entry);
        // Longest phrases first, so the query side can take the longest match.
        list.sort((a, b) => b.stems.length - a.stems.length);
        this.byFirstStem.set(stems[0]!, list);
      }
      this.groupKeys[groupIndex] = keys;
    });
  }

  /** Every alias member that matches at token `i`, longest first. */
  matchesAt(tokens: readonly Token[], i: number): PhraseMatch[] {
    const head = tokens[i];
    if (!head) return [];
    const candidates = this.byFirstStem.get(head.stem);
    if (!candidates) return [];
    const out: PhraseMatch[] = [];
    for (const entry of candidates) {
      if (entry.capitalsOnly && !head.upper) continue;
      if (i + entry.stems.length > tokens.length) continue;
      let ok = true;
      for (let k = 1; k < entry.stems.length; k++) {
        if (tokens[i + k]!.stem !== entry.stems[k]) {
          ok = false;
          break;
        }
      }
      if (ok) out.push({ entry, from: i, to: i + entry.stems.length });
    }
    return out;
  }

  group(index: number): AliasGroup | undefined {
    return this.groups[index];
  }
}

/**
 * The terms the index stores for a text: each content word's stem, plus, wherever an alias member or related
 * phrase occurs, its canonical term and phrase key. Spans let excerpts mark exactly what matched.
 */
export function indexTerms(text: string, aliases: AliasTable, spellings?: Map<string, string>): Term[] {
  return termsOf(scan(text), aliases, spellings);
}

/** indexTerms of a text already scanned: callers that need its tokens too scan it once. */
export function termsOf(tokens: readonly Token[], aliases: AliasTable, spellings?: Map<string, string>): Term[] {
  const terms: Term[] = [];
  // Where each alias group's last match ended: "Ali Khamenei" also contains "Khamenei", one mention not two.
  const coveredUntil = new Map<number, number>();
  tokens.forEach((token, i) => {
    if (!token.stop) {
      terms.push({ term: token.stem, start: token.start, end: token.end });
      spellings?.set(token.norm, token.stem);
    }
    for (const match of aliases.matchesAt(tokens, i)) {
      const start = token.start;
      const end = tokens[match.to - 1]!.end;
      const group = match.entry.groupIndex;
      if (match.entry.canonical && (coveredUntil.get(group) ?? -1) < match.to - 1 && (coveredUntil.get(group) ?? -1) < i) {
        terms.push({ term: match.entry.canonical, start, end });
        coveredUntil.set(group, match.to - 1);
      }
      if (match.entry.stems.length > 1) terms.push({ term: match.entry.key, start, end });
    }
  });
  return terms;
}
