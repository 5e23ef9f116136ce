import { describe, expect, it } from 'vitest';
import type { AliasGroup } from '../../../src/corpus/types.js';
import { AliasTable, indexTerms, phraseKey, scan, STEM_CACHE_SIZE, stemCacheSize, stemWord } from '../../../src/search/analyze.js';
import { STOP_WORDS } from '../../../src/search/stopwords.js';
import { fold } from '../../../src/text/fold.js';

const GROUPS: AliasGroup[] = [
  { terms: ['UN', 'United Nations'], kind: 'alias' },
  { terms: ['UNSC', 'UN Security Council', 'Security Council'], kind: 'alias' },
  { terms: ['US', 'U.S.', 'United States'], kind: 'alias' },
  { terms: ['IAEA', 'International Atomic Energy Agency'], kind: 'alias' },
  { terms: ['envoy', 'diplomat', 'ambassador'], kind: 'related' },
];

describe('scan', () => {
  it('gives offsets into the original text, outside curly quotes and punctuation', () => {
    const text = '“Negotiations” — Zürich’s banks; Iran’s “P5+1” talks.';
    const tokens = scan(text);
    expect(tokens.map((t) => t.norm)).toEqual(['negotiations', 'zurich', 'banks', 'iran', 'p5+1', 'talks']);
    expect(tokens.map((t) => text.slice(t.start, t.end))).toEqual(['Negotiations', 'Zürich’s', 'banks', 'Iran’s', 'P5+1', 'talks']);
    for (const token of tokens) expect(fold(text.slice(token.start, token.end))).toBe(token.norm);
  });

  it('keeps acronyms with dots, P5+1 and decimals as one token each', () => {
    const text = 'The U.S. and the P5+1 tried Track 1.5.';
    const tokens = scan(text);
    expect(tokens.map((t) => text.slice(t.start, t.end))).toEqual(['The', 'U.S.', 'and', 'the', 'P5+1', 'tried', 'Track', '1.5']);
    expect(tokens.map((t) => t.norm)).toEqual(['the', 'us', 'and', 'the', 'p5+1', 'tried', 'track', '1.5']);
  });

  it('splits a sentence-ending period from a number, and a plus between spaces from its operands', () => {
    expect(scan('in 2012. P5 + 1').map((t) => t.norm)).toEqual(['in', '2012', 'p5', '1']);
  });

  it('marks words written in capitals, and only those', () => {
    const upper = (text: string) => scan(text).map((t) => t.upper);
    expect(upper('US U.S. us Us')).toEqual([true, true, false, false]);
    expect(upper('IAEA Iaea')).toEqual([true, false]);
    // One capital letter is not "written in capitals": "I", "A", "P5+1".
    expect(upper('I A P5+1')).toEqual([false, false, false]);
  });

  it('flags stop words, including question words and the extra list', () => {
    const tokens = scan('Why did the US not talk to us about its plans?');
    expect(tokens.filter((t) => !t.stop).map((t) => t.norm)).toEqual(['talk', 'plans']);
    for (const word of ['why', 'did', 'the', 'us', 'not', 'its', 'about', 'to']) expect(STOP_WORDS.has(word)).toBe(true);
    for (const word of ['iran', 'talk', 'nuclear', 'iaea']) expect(STOP_WORDS.has(word)).toBe(false);
  });

  it('stems every form of a word to one stem', () => {
    const stems = scan('negotiate negotiating negotiations negotiated').map((t) => t.stem);
    expect(new Set(stems).size).toBe(1);
    expect(stems[0]).toBe(stemWord('negotiation'));
  });

  it('returns nothing for punctuation only', () => {
    expect(scan('?! … — "" ’')).toEqual([]);
  });
});

describe('stemWord', () => {
  it('stems plain words and leaves digits, short words and symbols alone', () => {
    expect(stemWord('diplomats')).toBe('diplomat');
    expect(stemWord('channels')).toBe(stemWord('channel'));
    expect(stemWord('p5+1')).toBe('p5+1');
    expect(stemWord('1.5')).toBe('1.5');
    expect(stemWord('2012')).toBe('2012');
    expect(stemWord('us')).toBe('us');
    expect(stemWord('is')).toBe('is');
  });

  it('keeps at most STEM_CACHE_SIZE words cached, however many distinct words it sees, and still stems evicted ones', () => {
    expect(stemWord('negotiations')).toBe('negoti');
    // Letters only, so every word takes the stemming path and is cached: what members typing new words do.
    const letters = (n: number) => n.toString(26).replace(/./g, (d) => String.fromCharCode(97 + parseInt(d, 26)));
    for (let i = 0; i < STEM_CACHE_SIZE + 20_000; i++) {
      stemWord(`zq${letters(i)}ing`);
      if (i % 10_000 === 0) expect(stemCacheSize()).toBeLessThanOrEqual(STEM_CACHE_SIZE);
    }
    expect(stemCacheSize()).toBe(STEM_CACHE_SIZE);
    expect(stemWord('negotiations')).toBe('negoti');
    expect(stemWord('zqbaing')).toBe('zqba');
  });
});

describe('phraseKey', () => {
  it('joins stems with "_", which no single stem contains', () => {
    expect(phraseKey(['unit', 'nation'])).toBe('unit_nation');
    expect(scan('United_Nations').map((t) => t.norm)).toEqual(['united', 'nations']);
  });
});

describe('AliasTable', () => {
  const table = new AliasTable(GROUPS);

  it('matches phrases longest first', () => {
    const tokens = scan('the UN Security Council met');
    const matches = table.matchesAt(tokens, 1);
    expect(matches.map((m) => [m.from, m.to, m.entry.canonical, m.entry.key])).toEqual([
      [1, 4, '=unsc', 'un_secur_council'],
      [1, 2, '=un', 'un'],
    ]);
    expect(table.matchesAt(tokens, 0)).toEqual([]);
    expect(table.matchesAt(tokens, 99)).toEqual([]);
  });

  it('does not match a phrase cut off at the end of the text', () => {
    const tokens = scan('the UN Security');
    expect(table.matchesAt(tokens, 1).map((m) => m.entry.key)).toEqual(['un']);
  });

  it('matches a capitals-only alias (US) only when written in capitals', () => {
    const matchesIn = (text: string) =>
      scan(text)
        .flatMap((_, i, tokens) => table.matchesAt(tokens, i))
        .map((m) => m.entry.canonical);
    expect(matchesIn('the US said')).toEqual(expect.arrayContaining(['=us']));
    expect(matchesIn('the U.S. said')).toEqual(expect.arrayContaining(['=us']));
    expect(matchesIn('tell us more')).toEqual([]);
    expect(matchesIn('Us and them')).toEqual([]);
    expect(matchesIn('the United States said')).toEqual(['=us']);
  });

  it('gives alias groups a canonical term and related groups none', () => {
    const [iaea] = table.matchesAt(scan('IAEA'), 0);
    expect(iaea?.entry.canonical).toBe('=iaea');
    const [envoy] = table.matchesAt(scan('diplomat'), 0);
    expect(envoy?.entry.canonical).toBeUndefined();
    expect(envoy?.entry.key).toBe('diplomat');
    expect(table.groupKeys[4]).toEqual([stemWord('envoy'), 'diplomat', 'ambassador']);
    expect(table.group(4)).toBe(GROUPS[4]);
    expect(table.group(99)).toBeUndefined();
  });

  it('keeps a readable form of canonical terms and phrases', () => {
    expect(table.display.get('=iaea')).toBe('IAEA');
    expect(table.display.get('=unsc')).toBe('UNSC');
    expect(table.display.get('intern_atom_energi_agenc')).toBe('International Atomic Energy Agency');
  });

  it('ignores a group whose terms hold no words', () => {
    const odd = new AliasTable([{ terms: ['…', '—'], kind: 'alias' }, ...GROUPS]);
    expect(odd.matchesAt(scan('IAEA'), 0)[0]?.entry.canonical).toBe('=iaea');
  });
});

describe('indexTerms', () => {
  const table = new AliasTable(GROUPS);

  it('emits the stem of each content word with its span, and no stop words', () => {
    const text = 'Why are the diplomats talking?';
    expect(indexTerms(text, table)).toEqual([
      { term: 'diplomat', start: 12, end: 21 },
      { term: stemWord('talking'), start: 22, end: 29 },
    ]);
  });

  it('emits the canonical term and the phrase key of an alias phrase, spanning the whole phrase', () => {
    const text = 'Ask the International Atomic Energy Agency now.';
    const terms = indexTerms(text, table);
    const canonical = terms.filter((t) => t.term === '=iaea');
    expect(canonical).toEqual([{ term: '=iaea', start: 8, end: 42 }]);
    expect(text.slice(8, 42)).toBe('International Atomic Energy Agency');
    expect(terms).toContainEqual({ term: 'intern_atom_energi_agenc', start: 8, end: 42 });
    // The words of the phrase are indexed too, each with its own span.
    expect(terms).toContainEqual({ term: 'agenc', start: 36, end: 42 });
  });

  it('emits the canonical term for an acronym, and for a stop-word acronym only in capitals', () => {
    const iaea = indexTerms('the IAEA', table);
    expect(iaea).toContainEqual({ term: '=iaea', start: 4, end: 8 });
    expect(iaea).toContainEqual({ term: 'iaea', start: 4, end: 8 });
    const text = 'tell us what the U.S. wants';
    const terms = indexTerms(text, table);
    expect(terms.filter((t) => t.term === '=us').map((t) => text.slice(t.start, t.end))).toEqual(expect.arrayContaining(['U.S.']));
    expect(terms.some((t) => t.term === '=us' && t.start === 5)).toBe(false);
    expect(terms.some((t) => t.term === 'us')).toBe(false);
  });

  it('indexes both the longer phrase and the shorter alias it starts with', () => {
    const terms = indexTerms('the UN Security Council', table).map((t) => t.term);
    expect(terms).toEqual(expect.arrayContaining(['=unsc', 'un_secur_council', '=un', 'secur_council', 'un', 'secur', 'council']));
  });

  it('adds only phrase keys (no canonical term) for a related group', () => {
    const related = new AliasTable([{ terms: ['secret', 'back channel'], kind: 'related' }]);
    const terms = indexTerms('a back channel', related);
    expect(terms).toEqual([
      { term: 'back', start: 2, end: 6 },
      { term: 'back_channel', start: 2, end: 14 },
      { term: 'channel', start: 7, end: 14 },
    ]);
  });
});
