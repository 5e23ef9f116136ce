import { describe, expect, it } from 'vitest';
import { collectNames, type Library } from '../../../src/search/library.js';
import { loadLibrary, serializeLibrary } from '../../../src/search/persist.js';
import { search } from '../../../src/search/search.js';
import { doc, useLibraryOf } from '../helpers/fixture-corpus.js';

// "rise" and "ross" are words of the library too: only the name beside them says which is meant.
const FILES = {
  'notes/un.md': doc('At the UN', ['Ambassador Susan Rice warned the envoy in October.', 'Prices rise when the harvest fails.']),
  'notes/ross.md': doc('Advisers', ['Dennis Ross wrote in the newspaper on Tuesday.', 'The ross of the ship was painted red.']),
};

let library: Library;
useLibraryOf(FILES, (built) => (library = built));

const top = (lib: Library, question: string) => {
  const hit = search(lib, question).hits[0]!;
  const p = lib.passages[hit.passage]!;
  return `${p.document.id}#${p.paragraph}`;
};

describe('names known from the library', () => {
  it('are collected from capitalised word pairs, not from stop words or lower case', () => {
    const names = new Map<string, Set<string>>();
    collectNames('Ambassador Susan Rice met The Envoy and dennis ross.', names);
    expect(names).toEqual(
      new Map([
        ['ambassador', new Set(['susan'])],
        ['susan', new Set(['rice'])],
      ]),
    );
  });

  it('correct a word beside the other half of a name, even an English word', () => {
    const words = (question: string) => search(library, question).concepts.flatMap((c) => c.words);
    expect(words('what did susan rise warn about')).toEqual(['susan', 'rice', 'warn']);
    expect(words('what did dennis rass write')).toEqual(['dennis', 'ross', 'write']);
    expect(words('what did denis ross write')).toEqual(['dennis', 'ross', 'write']);
    expect(words('why do prices rise')).toEqual(['prices', 'rise']);
    // The name wins over the English word: "rise" alone is in another passage.
    expect(top(library, 'susan rise')).toBe('notes/un#1');
    expect(top(library, 'what did susan rise warn about')).toBe('notes/un#1');
    expect(top(library, 'what did dennis rass write')).toBe('notes/ross#1');
    expect(top(library, 'what did denis ross write')).toBe('notes/ross#1');
    // Without the name beside it, "rise" is the word.
    expect(top(library, 'why do prices rise')).toBe('notes/un#2');
  });

  it('are kept in the persisted index', () => {
    const loaded = loadLibrary(serializeLibrary(library), library.corpus);
    expect(loaded.namePairs).toEqual(library.namePairs);
  });
});
