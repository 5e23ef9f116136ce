import { describe, expect, it } from 'vitest';
import { scan } from '../../../src/search/analyze.js';
import { baseForm } from '../../../src/search/words.js';

describe('baseForm', () => {
  it('keeps "founded" (of found) apart from "found" (of find)', () => {
    expect(baseForm('founded')).toBe(baseForm('founding'));
    expect(baseForm('found')).toBe(baseForm('finds'));
    expect(baseForm('found')).not.toBe(baseForm('founded'));
  });

  it('gives irregular verb forms their lemma, and leaves regular inflections to the stemmer', () => {
    expect(baseForm('met')).toBe(baseForm('meeting'));
    expect(baseForm('struck')).toBe(baseForm('strikes'));
    expect(baseForm('wrote')).toBe(baseForm('writes'));
    expect(baseForm('talks')).toBe(baseForm('talked'));
    // A name ending in -s is not a verb's third person.
    expect(baseForm('james')).toBe('jame');
  });

  it('writes number words and ordinals as digits', () => {
    for (const word of ['three', 'third', '3rd', '3']) expect(baseForm(word)).toBe('3');
    expect(baseForm('twentieth')).toBe('20');
    expect(baseForm('2nd')).toBe('2');
    expect(baseForm('fifty')).toBe('50');
    expect(baseForm('iaea')).toBe('iaea');
  });

  it('is what the index stores for every token', () => {
    expect(
      scan('the third question, Question 3')
        .filter((t) => !t.stop)
        .map((t) => t.stem),
    ).toEqual(['3', 'question', 'question', '3']);
  });
});
