import type { QueryCombination } from 'minisearch';
import { FIELD_BOOSTS, type Library } from './library.js';
import { isName, specificity } from './english.js';
import { scan, stemWord, type Token } from './analyze.js';
import { type Concept, conceptsOf, parseQuestion, type QueryTerm } from './query.js';
import { detailWords } from './metadata.js';
import { type PassageText, YEAR } from './passage-text.js';
import { positionOf, type PositionRef } from './position.js';
import type { Scope } from './scope.js';
import type { CorpusDocument } from '../corpus/types.js';

/** At most this many corrections per unknown word: enough for a typo, too few to flood the results. */
const MAX_CORRECTIONS = 3;

/** A ranked passage with what it matched. */
export interface Hit {
  /** Index into `library.passages`. */
  passage: number;
  score: number;
  /** Share of the question's ideas this passage contains, 0..1 (partial credit for related words and guesses). */
  coverage: number;
  /** Like coverage, but each idea weighted by how specific it is in everyday English: decides whether to answer at all. */
  confidence: number;
  /**
   * Required ideas of the question this passage lacks: a year the question names, or a name or term that is
   * neither everyday English nor in the library ("Stuxnet"). Lacking one, the passage does not answer.
   */
  missingRequired: number;
  /** Some word matched in the paragraph's own text, not only in its document's title or tags. */
  inText: boolean;
  /** Per idea of the question (SearchResult.concepts), the credit this passage earned for it, 0..1. */
  credit?: readonly number[];
  /** Index terms of the passage that matched, including typo corrections: what excerpts mark. */
  matched: readonly string[];
  /** Matched terms found in the document's title: the question is about the note's own subject there. */
  inTitle?: readonly string[];
}

export interface SearchResult {
  concepts: Concept[];
  hits: Hit[];
  /** The document(s) the question is about, and the front matter it asks for. */
  scope: Scope;
  /** When the question asks who wrote a document, when or where it appeared: that document's id. */
  detailsOf?: string;
}

/** Ranking and confidence constants, in one place: `npm run eval` measures any change to them. */
export const RANKING = {
  /** A fuzzy or prefix match is a guess: it counts for less than the word itself. */
  guessCredit: 0.7,
  /** Final score = BM25 × (coverageFloor + coverage) ^ coveragePower. */
  coverageFloor: 0.25,
  coveragePower: 2,
  /**
   * Confidence weighs each idea by its everyday-English specificity raised to this power: the higher, the more a
   * missing name or technical word ("Stuxnet", "sourdough") counts against answering, and a missing common word
   * ("happened", "confronted": the asker's phrasing) does not.
   */
  specificityPower: 3,
  /**
   * A concept whose own word is in at least this many passages is not widened with related words or phrase parts:
   * it has evidence enough, and each extra term costs a scan of its postings.
   */
  expandBelowDf: 20,
  /**
   * A note's paragraph that matches the question and comments on a passage (a note saying "in paragraph 4 Adler
   * argues...") lends that passage this share of its score: the primary text is what the note is evidence for.
   */
  commentaryCredit: 1,
  /**
   * Passages of the document a question names ("the op-ed", "Adler", its title or publication) are multiplied by
   * this: large enough that they come first whenever they match at all.
   */
  scopeBoost: 20,
  /** ...provided they hold this much of the question (the answer threshold, CONFIDENCE.answer). */
  scopeConfidence: 0.4,
  /** For "what does it propose?", a passage of that text saying what should or must be done is multiplied by this. */
  recommendBoost: 1.5,
  /** For a question after a text's thesis, its opening and concluding paragraphs are multiplied by this. */
  thesisBoost: 2,
  /**
   * A word of the question found in at most this share of a text's paragraphs says what it is asked about
   * ("squeezing", "talking"): the question is about that part of the argument, not the thesis. Words in more of
   * them are the text's actors ("Iran", "the US").
   */
  topicalShare: 2 / 3,
  /** BM25 parameters (MiniSearch's defaults are k 1.2, b 0.7, d 0.5). */
  bm25: { k: 1.2, b: 0.7, d: 0.5 },
};

/** Typo tolerance, bounded: one edit from 5 letters, two from 10; never for numbers or short words. */
function editBudget(word: string): number {
  if (/\d/.test(word)) return 0;
  if (word.length >= 10) return 2;
  if (word.length >= 5) return 1;
  return 0;
}

/**
 * Ranks passages for a question: BM25 over the analysed fields (MiniSearch), then re-weighted by how much of
 * the question each passage covers, so a passage holding every idea beats one repeating a single common word.
 */
export function search(library: Library, question: string, options: { prefixLast?: boolean } = {}): SearchResult {
  const tokens = correctNames(library, scan(question));
  const scope = library.names.scope(tokens);
  const only = scope.documents.size === 1 ? library.document([...scope.documents][0]!) : undefined;
  // "What does paragraph 7 say?", "how does the op-ed end?": paragraphs asked for by where they stand, in the text
  // the question names (or, for paragraph numbers, the library's only article, as notes cite it).
  const position = positionOf(question, tokens);
  const articles = library.names.articles;
  const numbered = only ?? (scope.documents.size === 0 && articles.length === 1 ? articles[0] : undefined);
  const pointed = { document: numbered, refs: [] as PositionRef[] };
  const skip = new Set(scope.designators);
  if (numbered && position.paragraphs.refs.length > 0) {
    pointed.refs.push(...position.paragraphs.refs);
    for (const i of position.paragraphs.tokens) skip.add(i);
  }
  if (only && position.parts.refs.length > 0) {
    pointed.refs.push(...position.parts.refs);
    for (const i of position.parts.tokens) skip.add(i);
  }
  let concepts = conceptsOf(question, tokens, library.aliases, skip);
  // "What does the op-ed propose?", "what's Adler's main point?": asked what a text argues, about nothing in
  // particular, the question is after its thesis. The title of an argued text states it, and the text argues it
  // where an argument is made: its opening and its conclusion.
  const thesis = scope.argument && only !== undefined && (scope.whole || !concepts.some((c) => isTopical(library, only, c)));
  if (thesis) {
    const seen = new Set(concepts.map((c) => c.terms[0]!.term));
    for (const concept of parseQuestion(only.title, library.aliases)) {
      if (!seen.has(concept.terms[0]!.term)) concepts.push({ ...concept, start: 0, end: 0 });
    }
  }
  // "Who wrote the op-ed?": the passage that says it holds the author's name (the date, the publication).
  const details = scope.asks
    ? (only ?? [...scope.documents].map((id) => library.document(id)).find((d) => d?.kind === 'article'))
    : undefined;
  const extra = new Set<number>();
  if (details && scope.asks) {
    const seen = new Set(concepts.map((c) => c.terms[0]!.term));
    for (const concept of parseQuestion(detailWords(library, details, scope.asks), library.aliases)) {
      if (seen.has(concept.terms[0]!.term)) continue;
      extra.add(concepts.length);
      concepts.push({ ...concept, start: 0, end: 0 });
    }
  }
  // A question that is nothing but the document's name ("Adler?") searches for the name after all.
  if (concepts.length === 0 && scope.designators.size > 0 && pointed.refs.length === 0) {
    concepts = conceptsOf(question, tokens, library.aliases);
  }
  if (concepts.length === 0) return { concepts, hits: pointedHits(library, pointed, []), scope };

  const owners = new Map<string, Array<{ concept: number; weight: number }>>();
  const queries: QueryCombination[] = [];
  concepts.forEach((concept, c) => {
    const last = c === concepts.length - 1;
    const wide = (library.documentFrequency.get(concept.terms[0]!.term) ?? 0) < RANKING.expandBelowDf;
    for (const { term, weight, spelling } of wide ? concept.terms : concept.terms.slice(0, 1)) {
      const variants: QueryTerm[] = [{ term, weight }];
      // A word the corpus never uses may be a typo: try the corpus words within the edit budget, at a discount.
      if (spelling && weight === 1 && !library.documentFrequency.has(term)) {
        for (const { stem } of library.corrections(spelling, editBudget(spelling)).slice(0, MAX_CORRECTIONS)) {
          variants.push({ term: stem, weight: weight * RANKING.guessCredit });
        }
      }
      for (const variant of variants) {
        const list = owners.get(variant.term) ?? [];
        list.push({ concept: c, weight: variant.weight });
        owners.set(variant.term, list);
        if (list.length > 1) continue; // already queried for an earlier concept
        const prefix = Boolean(
          options.prefixLast && last && variant.weight === 1 && variant.term.length >= 3 && !variant.term.startsWith('='),
        );
        queries.push({ queries: [variant.term], boostTerm: () => variant.weight, prefix });
      }
    }
  });

  const specificities = concepts.map((concept) => Math.max(...concept.words.map(specificity), 0));
  const specific = specificities.map((value) => value ** RANKING.specificityPower);
  // Ideas without which no passage answers: a year the question is pinned to ("in 2020"), and a word that is
  // neither everyday English nor anywhere in the library even allowing for a typo (a topic it never mentions).
  const inLibrary = (c: number) =>
    [...owners].some(([term, list]) => list.some((o) => o.concept === c) && library.documentFrequency.has(term));
  // A name English writes with a capital ("Australia", "North Korea") counts as such a word too.
  const required = concepts.map(
    (concept, c) =>
      !extra.has(c) && (YEAR.test(concept.words[0] ?? '') || ((specificities[c] === 1 || concept.words.some(isName)) && !inLibrary(c))),
  );
  const totalSpecific = specific.reduce((a, b) => a + b, 0) || 1;

  const results = library.index.search({ combineWith: 'OR', queries }, { bm25: RANKING.bm25, boost: FIELD_BOOSTS });
  const hits: Hit[] = results.map((result) => {
    const credit = new Array<number>(concepts.length).fill(0);
    for (const source of result.queryTerms) {
      // Exact when the passage holds the term itself; otherwise through a prefix (typo corrections are terms of their own).
      const exact = Object.hasOwn(result.match, source);
      for (const { concept, weight } of owners.get(source) ?? []) {
        credit[concept] = Math.max(credit[concept]!, exact ? weight : weight * RANKING.guessCredit);
      }
    }
    // Every idea counts the same for ranking: on a small library, corpus rarity is too noisy to weigh them.
    let covered = 0;
    let confident = 0;
    let missingRequired = 0;
    for (let i = 0; i < credit.length; i++) {
      const value = credit[i]!;
      covered += value;
      confident += value * specific[i]!;
      if (value === 0 && required[i]) missingRequired++;
    }
    const coverage = covered / concepts.length;
    const confidence = confident / totalSpecific;
    // MiniSearch multiplies by the number of query terms matched; undo that and use coverage instead, which
    // counts ideas rather than expansion terms.
    const bm25 = result.score / Math.max(1, result.queryTerms.length);
    // One pass over the matched terms, in their order, for both flags: no arrays of entries per passage.
    let inText = false;
    let inTitle: string[] | undefined;
    for (const term in result.match) {
      const fields = result.match[term]!;
      if (fields.includes('text')) inText = true;
      if (fields.includes('title')) (inTitle ??= []).push(term);
    }
    const hit: Hit = {
      passage: result.id as number,
      score: bm25 * library.prior(result.id as number) * (RANKING.coverageFloor + coverage) ** RANKING.coveragePower,
      coverage,
      confidence,
      missingRequired,
      credit,
      matched: result.terms,
      inText,
    };
    if (inTitle) hit.inTitle = inTitle;
    return hit;
  });
  // How much of the question a set of a passage's terms covers: the sentence of a note that comments on a passage.
  // Ideas the note's title holds are the note's own subject ("the P5+1" for the note on the P5+1): a question
  // about them asks about what the note explains, and lends nothing to the passage it quotes.
  // One scratch array for every call: a search may weigh hundreds of commenting sentences.
  const within = new Array<number>(concepts.length);
  const coverageWithin = (hit: Hit, terms: ReadonlySet<string> | undefined) => {
    within.fill(0);
    for (const term of hit.matched) {
      if ((terms && !terms.has(term)) || hit.inTitle?.includes(term)) continue;
      for (const { concept, weight } of owners.get(term) ?? []) within[concept] = Math.max(within[concept]!, weight);
    }
    let sum = 0;
    for (const value of within) sum += value;
    return sum / concepts.length;
  };
  // "What is a sherpa?", "demarche meaning": a definition is asked for, and a note that defines the term is the
  // answer, not the passage of the op-ed that uses it.
  if (!DEFINITION.test(question)) lendCredit(library, hits, coverageWithin);
  if (scope.documents.size > 0) {
    // For a question about a document's details, the passage of it that comes first is the one stating them.
    const detailTerms = new Set([...extra].flatMap((c) => concepts[c]!.terms.map((t) => t.term)));
    for (const hit of hits) {
      if (detailTerms.size > 0 && !hit.matched.some((term) => detailTerms.has(term))) continue;
      const passage = library.passages[hit.passage]!;
      // First among the passages that answer: a passage of the named text holding too little of the question stays put.
      if (!scope.documents.has(passage.document.id) || hit.confidence < RANKING.scopeConfidence) continue;
      hit.score *= RANKING.scopeBoost;
      if (scope.argument && RECOMMENDATION.test(passage.text)) hit.score *= RANKING.recommendBoost;
      if (thesis && library.thesisParagraphs(passage.document).has(passage.paragraph)) hit.score *= RANKING.thesisBoost;
    }
  }
  hits.sort((a, b) => b.score - a.score || a.passage - b.passage);
  const counted = amountAsked(tokens);
  if (counted) requireAnswerType(library, hits, (text) => statesAmount(text, counted));
  const ranked = pointed.refs.length > 0 ? pointedHits(library, pointed, hits) : hits;
  return details ? { concepts, hits: ranked, scope, detailsOf: details.id } : { concepts, hits: ranked, scope };
}

/** The paragraphs a question asked for by position, first and in the order asked, then the other hits. */
function pointedHits(
  library: Library,
  pointed: { document: CorpusDocument | undefined; refs: readonly PositionRef[] },
  hits: Hit[],
): Hit[] {
  const { document } = pointed;
  if (!document) return hits;
  const n = document.paragraphs.length;
  const conclusion = library.bylineParagraph(document) === n ? n - 1 : n;
  const paragraphs = [
    ...new Set(pointed.refs.map((ref) => (ref === 'last' ? n : ref === 'conclusion' ? conclusion : ref)).filter((p) => p >= 1 && p <= n)),
  ];
  const first = paragraphs.map((paragraph): Hit => {
    const passage = library.passageOf(document.id, paragraph)!;
    const own = hits.find((h) => h.passage === passage);
    // Asked for by name, the paragraph is the answer whatever words it holds.
    return { ...(own ?? { matched: [] }), passage, score: own?.score ?? 0, coverage: 1, confidence: 1, missingRequired: 0, inText: true };
  });
  const taken = new Set(first.map((h) => h.passage));
  return [...first, ...hits.filter((h) => !taken.has(h.passage))];
}

/** Whether a concept of the question picks out some of a document's paragraphs rather than all or none. */
function isTopical(library: Library, document: CorpusDocument, concept: Concept): boolean {
  const count = library.paragraphFrequency(document).get(concept.terms[0]!.term) ?? 0;
  return count > 0 && count <= RANKING.topicalShare * document.paragraphs.length;
}

/**
 * Reads a word next to a known name's other half as that name, within one edit: "Susan Rise" is Susan Rice and
 * "Dennis Roth" Dennis Ross, though "rise" is an English word the typo tolerance would never touch.
 */
function correctNames(library: Library, tokens: Token[]): Token[] {
  if (library.namePairs.size === 0) return tokens;
  for (let i = 0; i + 1 < tokens.length; i++) {
    const a = tokens[i]!;
    const b = tokens[i + 1]!;
    if (a.stop || b.stop) continue;
    const seconds = library.namePairs.get(a.norm);
    if (seconds?.has(b.norm)) continue;
    // A plural or other inflection of the name's word ("channels") is the same word already.
    const second = seconds && b.norm.length >= 4 ? [...seconds].find((s) => oneEdit(s, b.norm) && stemWord(s) !== b.stem) : undefined;
    if (second !== undefined) {
      tokens[i + 1] = { ...b, norm: second, stem: stemWord(second) };
      continue;
    }
    const first = a.norm.length >= 4 ? library.firstNamesOf(b.norm).find((f) => oneEdit(f, a.norm) && stemWord(f) !== a.stem) : undefined;
    if (first !== undefined) tokens[i] = { ...a, norm: first, stem: stemWord(first) };
  }
  return tokens;
}

/** Whether two different words are one substitution, insertion, deletion or swap of neighbours apart. */
function oneEdit(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1 || a[0] !== b[0]) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length)
    return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

const DEFINITION =
  /^\s*(what(?:'s| is| are| was| were) (?!the\b|this\b|that\b)(?:an? )?\S+(?: \S+){0,2}\s*\??\s*$|what does \S+(?: \S+)? mean\b|define\b|definition of\b)|\bmeaning\s*\??\s*$/i;

/** English ways of saying what should be done: the sentences where a text makes its recommendation. */
const RECOMMENDATION =
  /\b(should|must|ought to|needs? to|need an?|has to|have to|it is (folly|important|time|urgent|essential|vital)|more important)\b/i;

/**
 * Brings in the passages that matching notes comment on, each with a share of its best commenting note's score
 * (added to its own), and with that note's coverage and confidence when they are higher than its own: a passage
 * a note explains answers what the note answers.
 */
function lendCredit(library: Library, hits: Hit[], coverageWithin: (hit: Hit, terms: ReadonlySet<string> | undefined) => number): void {
  // The credit a note lends is its score scaled to what the commenting sentence itself matches: a note on the IAEA
  // whose last sentence mentions the op-ed lends little to the op-ed for a question about the agency's founding.
  const lenders = new Map<number, { note: Hit; credit: number; coverage: number; share: number }>();
  for (const hit of hits) {
    for (const { target, terms, credit: implicit } of library.commentsOn(hit.passage)) {
      const coverage = coverageWithin(hit, terms);
      if (coverage === 0) continue;
      const share = ((RANKING.coverageFloor + coverage) / (RANKING.coverageFloor + hit.coverage)) ** RANKING.coveragePower;
      // The target's own prior replaces the note's: an article discussed by a note ranks as an article.
      const credit =
        ((hit.score * RANKING.commentaryCredit * (implicit ?? 1) * share) / library.prior(hit.passage)) * library.prior(target);
      const best = lenders.get(target);
      if (!best || best.credit < credit) lenders.set(target, { note: hit, credit, coverage, share });
    }
  }
  if (lenders.size === 0) return;
  // Only the hits lent to are looked up: most searches have far more hits than lenders.
  const byPassage = new Map<number, Hit>();
  for (const hit of hits) if (lenders.has(hit.passage)) byPassage.set(hit.passage, hit);
  for (const [target, { note, credit, coverage, share }] of lenders) {
    const own = byPassage.get(target);
    const confidence = note.confidence * Math.min(1, share);
    if (!own) {
      hits.push({ passage: target, score: credit, coverage, confidence, missingRequired: note.missingRequired, inText: true, matched: [] });
      continue;
    }
    own.score += credit;
    own.coverage = Math.max(own.coverage, coverage);
    own.confidence = Math.max(own.confidence, confidence);
    own.missingRequired = Math.min(own.missingRequired, note.missingRequired);
    own.inText ||= note.inText;
  }
}

const AMOUNT_WORDS = new Set(['many', 'much']);

/**
 * "How many nuclear weapons...", "how much sanctions relief...": the question asks for an amount, and of what (the
 * last content word before the verb: "weapons", "relief"; none in "how much does it cost"). Undefined otherwise.
 */
export function amountAsked(tokens: readonly Token[]): { of: string | undefined } | undefined {
  const at = tokens.findIndex((t, i) => t.norm === 'how' && AMOUNT_WORDS.has(tokens[i + 1]?.norm ?? ''));
  if (at < 0) return undefined;
  let of: string | undefined;
  for (let i = at + 2; i < tokens.length && !tokens[i]!.stop; i++) of = tokens[i]!.stem;
  return { of };
}

/** Passages ranked this high are checked for an amount; below them the order is of no consequence. */
const AMOUNT_CHECKED = 30;
/** How close (in words) the amount must stand to what is counted: "the 35-member board", "relief valued at 7 billion". */
const AMOUNT_WINDOW = 10;

/** Whether a passage states an amount, of the thing counted when the question says what it counts, near it. */
function statesAmount({ stems, amounts }: PassageText, counted: { of: string | undefined }): boolean {
  if (counted.of === undefined) return amounts.length > 0;
  for (let i = 0; i < stems.length; i++) {
    if (stems[i] !== counted.of) continue;
    for (const a of amounts) if (Math.abs(a - i) <= AMOUNT_WINDOW) return true;
  }
  return false;
}

/**
 * A passage that does not state what kind of answer the question wants (an amount for "how many") lacks a required idea: among the best it comes after those that state it, and the question is refused
 * when none does.
 */
function requireAnswerType(library: Library, hits: Hit[], states: (text: PassageText) => boolean): void {
  const top = hits.slice(0, AMOUNT_CHECKED);
  for (const hit of top) if (!states(library.passageText(hit.passage))) hit.missingRequired += 1;
  top.sort((a, b) => a.missingRequired - b.missingRequired || b.score - a.score || a.passage - b.passage);
  hits.splice(0, top.length, ...top);
}
