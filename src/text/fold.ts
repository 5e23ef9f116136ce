/**
 * Text folding shared by the corpus (document lookup) and the search (analysis): one definition, so a title typed
 * in `/quote` and a word in a question are compared the same way.
 */

const ASCII_WORD = /^[A-Za-z0-9]+$/;

/** Folds case, accents and apostrophes the same way for documents and questions. */
export function fold(word: string): string {
  // Fast path: most words are plain ASCII letters and digits, with nothing to fold but case.
  if (ASCII_WORD.test(word)) return word.toLowerCase();
  return word
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’‘ʼʻ]s$/, '')
    .replace(/['’‘ʼʻ.]/g, (c) => (c === '.' ? (/\d\.\d/.test(word) ? '.' : '') : ''));
}
