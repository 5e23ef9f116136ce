import { type AliasTable, scan, termsOf, type Token } from './analyze.js';
import { MONTHS } from './metadata.js';

/** A year as a question or a passage writes it. */
export const YEAR = /^(1[89]|20)\d\d$/;

const NUMBER_WORDS = new Set([
  ...['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'twenty', 'thirty'],
  ...['forty', 'fifty', 'hundred', 'hundreds', 'thousand', 'thousands', 'million', 'millions', 'billion', 'billions', 'dozen', 'dozens'],
]);
const DIGIT = /^\d/;

/** Whether a token states an amount: a number that is not a year, or a number word. */
export function isAmount(token: Token): boolean {
  if (NUMBER_WORDS.has(token.norm)) return true;
  return DIGIT.test(token.norm) && !YEAR.test(token.norm);
}

/** Month names and their three-letter forms, as tokens fold them. */
const MONTH_WORDS = new Set(MONTHS.flatMap((m) => [m.toLowerCase(), m.slice(0, 3).toLowerCase()]));
/** Nouns English follows with a number that names one of a series rather than counting: "paragraph 4", "round 5". */
const LABEL_NOUNS = new Set(
  [
    ...['paragraph', 'para', 'question', 'section', 'chapter', 'page', 'part', 'item', 'step', 'number', 'no', 'phase', 'stage'],
    ...['level', 'tier', 'round', 'type', 'track', 'article', 'resolution', 'figure', 'table', 'line', 'verse', 'room', 'flight'],
  ].flatMap((w) => [w, `${w}s`]),
);

/**
 * Whether `tokens[i]` states an amount where it stands: a number (isAmount) that is not the day of a date ("11
 * October", "October 11") nor the label of one of a series ("paragraph 4", "Question 3"), which count nothing.
 */
export function statesAmountAt(tokens: readonly Token[], i: number): boolean {
  const token = tokens[i];
  if (!token || !isAmount(token)) return false;
  const before = tokens[i - 1]?.norm;
  const after = tokens[i + 1]?.norm;
  if ((before !== undefined && MONTH_WORDS.has(before)) || (after !== undefined && MONTH_WORDS.has(after))) return false;
  return before === undefined || !LABEL_NOUNS.has(before);
}

/**
 * What answering needs of a passage's text whatever the question: its index terms with their spans (what an excerpt
 * marks), its sentences (what an excerpt is cut from) and its words' stems and amounts (what "how many" checks).
 * Kept compact: a library holds many of these at once.
 */
export interface PassageText {
  /** indexTerms of the text, in text order. */
  readonly terms: readonly string[];
  /** The span of `terms[i]` is `[spans[2i], spans[2i + 1])`. */
  readonly spans: Int32Array;
  /** Sentence `k` is `[sentences[2k], sentences[2k + 1])`, trailing white space left out. */
  readonly sentences: Int32Array;
  /** The stem of every word, stop words included. */
  readonly stems: readonly string[];
  /** Indexes into `stems` of the words stating an amount (statesAmountAt). */
  readonly amounts: readonly number[];
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
const NONE: readonly number[] = Object.freeze([]);

/** Analyses a passage's text for excerpts and answer-type checks (see PassageText). */
export function analysePassageText(text: string, aliases: AliasTable): PassageText {
  const tokens = scan(text);
  const terms = termsOf(tokens, aliases);
  const spans = new Int32Array(terms.length * 2);
  terms.forEach((term, i) => {
    spans[2 * i] = term.start;
    spans[2 * i + 1] = term.end;
  });
  const bounds: number[] = [];
  for (const segment of segmenter.segment(text)) bounds.push(segment.index, segment.index + segment.segment.trimEnd().length);
  const amounts: number[] = [];
  tokens.forEach((_, i) => {
    if (statesAmountAt(tokens, i)) amounts.push(i);
  });
  return {
    terms: terms.map((t) => t.term),
    spans,
    sentences: Int32Array.from(bounds),
    stems: tokens.map((t) => t.stem),
    amounts: amounts.length > 0 ? amounts : NONE,
  };
}
