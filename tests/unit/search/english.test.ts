import { describe, expect, it } from 'vitest';
import { isName, specificity } from '../../../src/search/english.js';

describe('specificity: how rare a word is in everyday English', () => {
  it('knows words the frequency list spells with a capital ("Ambassador", "Michael", "June")', () => {
    for (const word of ['ambassador', 'michael', 'june', 'supreme']) expect(specificity(word)).toBeLessThan(1);
  });

  it('rates common words below rare ones, and words English does not know at 1', () => {
    expect(specificity('happened')).toBeLessThan(specificity('sanctions'));
    expect(specificity('ambassador')).toBeLessThan(specificity('plenipotentiary'));
    expect(specificity('stuxnet')).toBe(1);
  });
});

describe('isName: words English writes with a capital', () => {
  it('knows names of places and people, and not ordinary words', () => {
    for (const word of ['australia', 'korea', 'washington']) expect(isName(word)).toBe(true);
    for (const word of ['capital', 'king', 'sanctions']) expect(isName(word)).toBe(false);
    // The commonest words open sentences in films' subtitles, capital and all.
    for (const word of ['listen', 'shut', 'come']) expect(isName(word)).toBe(false);
  });

  it('wants evidence: a capital seen a few times may be a surname or a sentence opening ("Banning", "Fatwa")', () => {
    expect(isName('banning')).toBe(false);
    expect(isName('fatwa')).toBe(false);
  });
});
