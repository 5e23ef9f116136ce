// Synthetic corpora for the benchmark: the real corpus is a few hundred passages, the benchmark needs up to
// 100,000. Word frequencies follow Zipf's law over a vocabulary that starts with the real corpus's words (most
// frequent first) and grows with corpus size as Heaps' law predicts, so index sizes and posting-list lengths
// resemble real English text rather than uniform noise.
import { createHash } from 'node:crypto';
import type { AliasGroup, Corpus, CorpusDocument } from '../src/corpus/types.js';
import { mulberry32, randomInt, shuffle, zipfSampler } from './prng.js';

/** Zipf exponent: about 1 for English. */
const ZIPF_S = 1.0;
/** Heaps' law V = K·N^β (N tokens, V distinct words); K and β in the usual range for English text. */
const HEAPS_K = 40;
const HEAPS_BETA = 0.5;
/** Mean words per passage, used only to size the vocabulary before generating. */
const MEAN_PARAGRAPH_WORDS = 100;
/** Titles and tags skip this many of the most frequent words: they are content words, not "the" and "of". */
const FUNCTION_WORDS = 60;

/** Where generated text gets its real words and aliases from. */
export interface WordSource {
  /** Distinct lower-case words, most frequent first. */
  words: string[];
  aliases: AliasGroup[];
}

/** Distinct lower-case words of some texts, most frequent first (ties alphabetical, for determinism). */
export function wordsByFrequency(texts: Iterable<string>): string[] {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const match of text.toLowerCase().matchAll(/\p{L}+(?:['’]\p{L}+)?/gu)) counts.set(match[0], (counts.get(match[0]) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([word]) => word);
}

const ONSETS = [
  'b',
  'c',
  'd',
  'f',
  'g',
  'h',
  'j',
  'k',
  'l',
  'm',
  'n',
  'p',
  'r',
  's',
  't',
  'v',
  'w',
  'z',
  'br',
  'ch',
  'cl',
  'dr',
  'fr',
  'gr',
  'pl',
  'pr',
  'sh',
  'st',
  'th',
  'tr',
];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'ee', 'io', 'ou'];
const CODAS = ['', '', '', 'n', 'r', 's', 't', 'l', 'm', 'nd', 'st', 'rk', 'nt'];

/** Pronounceable pseudo-words, distinct from each other and from `taken`: the long tail of the vocabulary. */
function pseudoWords(rand: () => number, count: number, taken: ReadonlySet<string>): string[] {
  const out: string[] = [];
  const seen = new Set(taken);
  const pick = (list: readonly string[]) => list[Math.floor(rand() * list.length)]!;
  while (out.length < count) {
    let word = '';
    const syllables = randomInt(rand, 2, 4);
    for (let i = 0; i < syllables; i++) word += pick(ONSETS) + pick(VOWELS) + (i === syllables - 1 ? pick(CODAS) : '');
    if (!seen.has(word)) {
      seen.add(word);
      out.push(word);
    }
  }
  return out;
}

/** Vocabulary size Heaps' law expects for a corpus of this many passages. */
export function vocabularySize(passages: number): number {
  return Math.round(HEAPS_K * (passages * MEAN_PARAGRAPH_WORDS) ** HEAPS_BETA);
}

export interface GeneratedCorpus {
  corpus: Corpus;
  /** Distinct words the vocabulary offered (real + pseudo); fewer occur, as with real text. */
  vocabulary: number;
}

/**
 * Generates a corpus of exactly `passages` paragraphs: notes of 5-20 paragraphs of 40-160 words, titles of
 * 4-8 words, 2-4 tags. The same seed and source give the same corpus.
 */
export function generateCorpus(passages: number, source: WordSource, seed: number): GeneratedCorpus {
  const rand = mulberry32(seed ^ passages);
  const extra = Math.max(0, vocabularySize(passages) - source.words.length);
  const vocab = [...source.words, ...pseudoWords(rand, extra, new Set(source.words))];
  const rank = zipfSampler(rand, vocab.length, ZIPF_S);
  const word = () => vocab[rank()]!;
  const contentWord = () => vocab[Math.min(vocab.length - 1, rank() + FUNCTION_WORDS)]!;

  const documents: CorpusDocument[] = [];
  let remaining = passages;
  for (let d = 0; remaining > 0; d++) {
    const count = Math.min(remaining, randomInt(rand, 5, 20));
    remaining -= count;
    const paragraphs = Array.from({ length: count }, () => paragraph(rand, word));
    const title = Array.from({ length: randomInt(rand, 4, 8) }, () => capitalise(contentWord())).join(' ');
    const tags = [...new Set(Array.from({ length: randomInt(rand, 2, 4) }, contentWord))];
    documents.push({ id: `notes/bench-${String(d).padStart(6, '0')}`, title, kind: 'note', tags, paragraphs });
  }
  const version = createHash('sha256')
    .update(`${seed}:${passages}:${vocab.length}:${source.words.join(' ')}`)
    .digest('hex')
    .slice(0, 12);
  return { corpus: { documents, aliases: source.aliases, version }, vocabulary: vocab.length };
}

/** 40-160 words in sentences of 6-24 words, with capitals and full stops as in real prose. */
function paragraph(rand: () => number, word: () => string): string {
  const total = randomInt(rand, 40, 160);
  const sentences: string[] = [];
  for (let used = 0; used < total;) {
    const length = Math.min(total - used, randomInt(rand, 6, 24));
    const words = Array.from({ length }, word);
    words[0] = capitalise(words[0]!);
    sentences.push(`${words.join(' ')}.`);
    used += length;
  }
  return sentences.join(' ');
}

function capitalise(w: string): string {
  return w.charAt(0).toUpperCase() + w.slice(1);
}

/** A benchmark question and the passage it was drawn from. */
export interface BenchQuery {
  text: string;
  /** `${documentId}#${paragraph}` of the source passage. */
  source: string;
  /** One word carries a typo: the slow path for searches with typo tolerance. */
  typo: boolean;
}

const TYPO_RATE = 0.1;

/**
 * Questions drawn from the corpus the way people half-remember a passage: 3-7 of its words from one stretch,
 * a few dropped, the rest shuffled, and now and then a one-letter typo.
 */
export function generateQueries(corpus: Corpus, count: number, seed: number): BenchQuery[] {
  const rand = mulberry32(seed ^ 0x9e3779b9);
  const passages = corpus.documents.flatMap((doc) => doc.paragraphs.map((text, i) => ({ text, key: `${doc.id}#${i + 1}` })));
  return Array.from({ length: count }, () => {
    const passage = passages[Math.floor(rand() * passages.length)]!;
    const words = passage.text.toLowerCase().match(/\p{L}+(?:['’]\p{L}+)?/gu) ?? [];
    const keep = randomInt(rand, 3, 7);
    const window = Math.min(words.length, keep + randomInt(rand, 0, 3));
    const start = randomInt(rand, 0, words.length - window);
    const chosen = shuffle(rand, words.slice(start, start + window)).slice(0, keep);
    const typo = rand() < TYPO_RATE && addTypo(rand, chosen);
    return { text: chosen.join(' '), source: passage.key, typo };
  });
}

/**
 * Replaces one letter of one word of four letters or more (first letters stay: people rarely get those wrong).
 * False when no word is long enough.
 */
function addTypo(rand: () => number, words: string[]): boolean {
  const candidates = words.map((w, i) => (w.length >= 4 ? i : -1)).filter((i) => i >= 0);
  if (candidates.length === 0) return false;
  const i = candidates[Math.floor(rand() * candidates.length)]!;
  const w = words[i]!;
  const at = randomInt(rand, 1, w.length - 1);
  let letter = w[at]!;
  while (letter === w[at]) letter = String.fromCharCode(97 + Math.floor(rand() * 26));
  words[i] = w.slice(0, at) + letter + w.slice(at + 1);
  return true;
}
