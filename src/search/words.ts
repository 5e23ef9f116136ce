import { createRequire } from 'node:module';
import { stemmer } from 'stemmer';

// wink-lemmatizer (WordNet's exception lists and rules) is CommonJS; only its verb lemmatiser is used.
const lemmatize = createRequire(import.meta.url)('wink-lemmatizer') as { verb(word: string): string };

const CARDINALS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
  'twenty',
];
const ORDINALS = [
  'zeroth',
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
  'eleventh',
  'twelfth',
  'thirteenth',
  'fourteenth',
  'fifteenth',
  'sixteenth',
  'seventeenth',
  'eighteenth',
  'nineteenth',
  'twentieth',
];
const TENS: Array<[string, string, number]> = [
  ['thirty', 'thirtieth', 30],
  ['forty', 'fortieth', 40],
  ['fifty', 'fiftieth', 50],
  ['sixty', 'sixtieth', 60],
  ['seventy', 'seventieth', 70],
  ['eighty', 'eightieth', 80],
  ['ninety', 'ninetieth', 90],
  ['hundred', 'hundredth', 100],
];

/** Number words and ordinals as digits: "three", "third" and "3rd" are all "3", as in "Question 3". */
const NUMBERS = new Map<string, string>([
  ...CARDINALS.map((w, i): [string, string] => [w, String(i)]),
  ...ORDINALS.map((w, i): [string, string] => [w, String(i)]),
  ...TENS.flatMap(([cardinal, ordinal, n]): Array<[string, string]> => [
    [cardinal, String(n)],
    [ordinal, String(n)],
  ]),
]);
const ORDINAL_DIGITS = /^(\d+)(st|nd|rd|th)$/;

/**
 * The index form of a folded word: digits for number words and ordinals; for an irregular verb form, the stem of
 * its lemma ("found" is "find", so that "founded" and "found" stay apart; "met" is "meet"); otherwise the Porter
 * stem. Acronyms and words of one or two letters pass through.
 */
export function baseForm(norm: string): string {
  const number = NUMBERS.get(norm) ?? ORDINAL_DIGITS.exec(norm)?.[1];
  if (number !== undefined) return number;
  if (!/^[a-z]+$/.test(norm) || norm.length <= 2) return norm;
  const stem = stemmer(norm);
  // Regular inflections (-s, -ed, -ing) are Porter's business; the lemmatiser only handles irregular forms, whose
  // Porter stem is another word's ("found", "left", "saw").
  if (/(s|ed|ing)$/.test(norm)) return stem;
  const lemma = lemmatize.verb(norm);
  return lemma === norm ? stem : stemmer(lemma);
}
