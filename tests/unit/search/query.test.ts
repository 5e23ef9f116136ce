import { describe, expect, it } from 'vitest';
import { AliasTable, stemWord } from '../../../src/search/analyze.js';
import { parseQuestion } from '../../../src/search/query.js';

const table = new AliasTable([
  { terms: ['UN', 'United Nations'], kind: 'alias' },
  { terms: ['UNSC', 'UN Security Council', 'Security Council'], kind: 'alias' },
  { terms: ['US', 'U.S.', 'United States'], kind: 'alias' },
  { terms: ['envoy', 'diplomat', 'ambassador'], kind: 'related' },
  { terms: ['secret', 'back channel'], kind: 'related' },
]);

describe('parseQuestion', () => {
  it('turns content words into one concept each, labelled with the words as asked', () => {
    const question = 'Why were the talks in Geneva suspended?';
    const concepts = parseQuestion(question, table);
    expect(concepts.map((c) => c.label)).toEqual(['talks', 'Geneva', 'suspended']);
    // Each word keeps its spelling, for typo tolerance when the stem is unknown.
    expect(concepts.map((c) => c.terms)).toEqual([
      [{ term: 'talk', weight: 1, spelling: 'talks' }],
      [{ term: 'geneva', weight: 1, spelling: 'geneva' }],
      [{ term: stemWord('suspended'), weight: 1, spelling: 'suspended' }],
    ]);
    expect(stemWord('suspended')).not.toBe('suspended');
    for (const concept of concepts) expect(question.slice(concept.start, concept.end)).toBe(concept.label);
  });

  it('takes the longest alias phrase, with its words as lower-weight parts', () => {
    const concepts = parseQuestion('Did the UN Security Council vote?', table);
    expect(concepts.map((c) => c.label)).toEqual(['UN Security Council', 'vote']);
    const [phrase] = concepts;
    expect(phrase!.terms.map((t) => t.term)).toEqual(['=unsc', 'un', 'secur', 'council']);
    expect(phrase!.terms[0]!.weight).toBe(1);
    const part = phrase!.terms[1]!.weight;
    expect(part).toBeGreaterThan(0);
    expect(part).toBeLessThan(1);
    expect(phrase!.terms.slice(1).map((t) => t.weight)).toEqual([part, part, part]);
  });

  it('reads "US" as the country and "us" as a stop word', () => {
    expect(parseQuestion('What does the US want from us?', table).map((c) => [c.label, c.terms[0]!.term])).toEqual([
      ['US', '=us'],
      ['want', 'want'],
    ]);
  });

  it('widens a related word with the rest of its group at a lower weight', () => {
    const [concept] = parseQuestion('diplomats', table);
    expect(concept!.terms.map((t) => t.term)).toEqual(['diplomat', stemWord('envoy'), 'ambassador']);
    expect(concept!.terms[0]!.weight).toBe(1);
    const related = concept!.terms[1]!.weight;
    expect(related).toBeGreaterThan(0);
    expect(related).toBeLessThan(1);
    expect(concept!.terms[2]!.weight).toBe(related);
    const [phrase] = parseQuestion('a secret', table);
    expect(phrase!.terms).toEqual([
      { term: 'secret', weight: 1 },
      { term: 'back_channel', weight: related },
    ]);
  });

  it('counts a word asked twice as one idea', () => {
    expect(parseQuestion('Iran, Iran and Iranian talks', table).map((c) => c.label)).toEqual(['Iran', 'Iranian', 'talks']);
    expect(parseQuestion('UN and United Nations', table).map((c) => c.label)).toEqual(['UN']);
  });

  it('returns no concepts for stop words and punctuation', () => {
    expect(parseQuestion('What is it, and why?', table)).toEqual([]);
    expect(parseQuestion(' ?!… ', table)).toEqual([]);
    expect(parseQuestion('', table)).toEqual([]);
  });
});
