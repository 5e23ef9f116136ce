import { describe, expect, it } from 'vitest';
import { fold } from '../../../src/text/fold.js';

describe('fold', () => {
  it('lower-cases and strips diacritics', () => {
    expect(fold('Zürich')).toBe('zurich');
    expect(fold('ÉCOLE')).toBe('ecole');
    expect(fold('Rohānī')).toBe('rohani');
    expect(fold('São')).toBe('sao');
  });

  it("drops straight and curly apostrophes, and a possessive 's", () => {
    expect(fold("Iran's")).toBe('iran');
    expect(fold('Iran’s')).toBe('iran');
    expect(fold('IRAN’S')).toBe('iran');
    expect(fold('don’t')).toBe('dont');
    expect(fold("Khamene'i")).toBe('khamenei');
  });

  // U+02BC MODIFIER LETTER APOSTROPHE is the usual transliteration mark in "Khāmeneʼi".
  it('folds a transliterated name with a modifier-letter apostrophe like a plain one', () => {
    expect(fold('Khāmeneʼi')).toBe('khamenei');
  });

  it('removes the dots of an acronym but keeps a decimal point', () => {
    expect(fold('U.S.')).toBe('us');
    expect(fold('U.N.')).toBe('un');
    expect(fold('1.5')).toBe('1.5');
    expect(fold('P5+1')).toBe('p5+1');
  });

  it('folds compatibility characters (NFKD)', () => {
    expect(fold('ﬁnance')).toBe('finance');
  });
});
