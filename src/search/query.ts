import { type AliasTable, scan, type Token } from './analyze.js';

/** One index term a concept may match, with the weight it scores at. */
export interface QueryTerm {
  term: string;
  weight: number;
  /** The word as written (folded): typo tolerance compares it with the corpus's words when the stem is unknown. */
  spelling?: string;
}

/**
 * One idea of the question: a content word or an alias phrase, with the terms that count as finding it.
 * `terms[0]` is the idea itself; the rest are its parts and related words, at lower weights.
 */
export interface Concept {
  label: string;
  terms: QueryTerm[];
  /** The words as written (folded), for judging how specific the idea is. */
  words: string[];
  /** Where in the question it stands, for autocomplete's "last word" handling. */
  start: number;
  end: number;
}

/** Weight of a related word (`envoy ~ diplomat`) relative to the word the question used. */
const RELATED_WEIGHT = 0.45;
/** Weight of each single word of an alias phrase, so partial matches rank but never beat the phrase. */
const PART_WEIGHT = 0.3;

/**
 * Turns a question into concepts: alias phrases (longest match first) become their canonical term, other
 * content words their stem; each is widened with its related words.
 */
export function parseQuestion(question: string, aliases: AliasTable): Concept[] {
  return conceptsOf(question, scan(question), aliases);
}

/** Concepts of already scanned tokens, leaving out `skip` (words that only name the document asked about). */
export function conceptsOf(
  question: string,
  tokens: readonly Token[],
  aliases: AliasTable,
  skip: ReadonlySet<number> = new Set(),
): Concept[] {
  const concepts: Concept[] = [];
  const seen = new Set<string>();
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i]!;
    const match = aliases.matchesAt(tokens, i)[0];
    if (match && skip.size > 0) {
      let designates = false;
      for (let k = match.from; k < match.to; k++) designates ||= skip.has(k);
      if (designates) {
        i = match.to;
        continue;
      }
    }
    if (match) {
      const span = tokens.slice(match.from, match.to);
      const terms: QueryTerm[] = [];
      if (match.entry.canonical) terms.push({ term: match.entry.canonical, weight: 1 });
      else terms.push({ term: match.entry.key, weight: 1 });
      if (span.length > 1) {
        for (const part of span) if (!part.stop) terms.push({ term: part.stem, weight: PART_WEIGHT });
      }
      addRelated(terms, match.entry.groupIndex, match.entry.key, aliases);
      pushConcept(concepts, seen, question, span, terms);
      i = match.to;
      continue;
    }
    if (!token.stop && !skip.has(i)) {
      const terms: QueryTerm[] = [{ term: token.stem, weight: 1, spelling: token.norm }];
      pushConcept(concepts, seen, question, [token], terms);
    }
    i++;
  }
  return concepts;
}

function addRelated(terms: QueryTerm[], groupIndex: number, ownKey: string, aliases: AliasTable): void {
  const group = aliases.group(groupIndex);
  if (group?.kind !== 'related') return;
  for (const key of aliases.groupKeys[groupIndex] ?? []) {
    if (key !== ownKey && !terms.some((t) => t.term === key)) terms.push({ term: key, weight: RELATED_WEIGHT });
  }
}

function pushConcept(concepts: Concept[], seen: Set<string>, question: string, span: Token[], terms: QueryTerm[]): void {
  const head = terms[0]!.term;
  // A word asked twice is one idea, not two.
  if (seen.has(head)) return;
  seen.add(head);
  const start = span[0]!.start;
  const end = span[span.length - 1]!.end;
  concepts.push({ label: question.slice(start, end), terms, words: span.filter((t) => !t.stop).map((t) => t.norm), start, end });
}
