import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../../src/corpus/load.js';
import { buildLibrary, FIELD_BOOSTS, type Library, passagesOf } from '../../../src/search/library.js';
import { type Hit, RANKING, search } from '../../../src/search/search.js';
import { doc, makeTempDir, removeDir, useFixtureLibraries, writeFiles } from '../helpers/fixture-corpus.js';

const libraries = useFixtureLibraries();
let fixture: Library;
let article: Library;
beforeAll(() => {
  fixture = libraries.fixture();
  article = libraries.article();
});

/** `documentId#paragraph` of a hit: what a citation shows. */
function cite(library: Library, hit: Hit): string {
  const passage = library.passages[hit.passage]!;
  return `${passage.document.id}#${passage.paragraph}`;
}

function cites(library: Library, question: string, options?: { prefixLast?: boolean }): string[] {
  return search(library, question, options).hits.map((h) => cite(library, h));
}

function best(library: Library, question: string): Hit {
  const hit = search(library, question).hits[0];
  if (!hit) throw new Error(`no hit for "${question}"`);
  return hit;
}

describe('buildLibrary', () => {
  it('makes one passage per paragraph, numbered from 1 in document order', () => {
    expect(fixture.passageCount).toBe(12);
    expect(fixture.passages.map((p) => `${p.document.id}#${p.paragraph}`)).toEqual([
      'articles/inspections#1',
      'articles/inspections#2',
      'articles/inspections#3',
      'articles/talks#1',
      'articles/talks#2',
      'articles/talks#3',
      'articles/talks#4',
      'notes/people/leaders#1',
      'notes/people/leaders#2',
      'notes/people/leaders#3',
      'notes/quiet#1',
      'notes/quiet#2',
    ]);
    expect(passagesOf(fixture.corpus)).toEqual(fixture.passages);
    expect(fixture.passages[9]!.text).toBe('The world watched the UN Security Council vote on new sanctions.');
  });

  it('counts in how many passages each term occurs, and rates rare terms higher', () => {
    // "visited" is in one passage's text; "Inspections" is the title and tag of all three inspection passages.
    expect(fixture.documentFrequency.get('visit')).toBe(1);
    expect(fixture.documentFrequency.get('inspect')).toBe(3);
    expect(fixture.documentFrequency.get('=iaea')).toBe(2);
    expect(fixture.documentFrequency.has('the')).toBe(false);
    expect(fixture.idf('visit')).toBeGreaterThan(fixture.idf('inspect'));
    expect(fixture.idf('never-seen')).toBeGreaterThan(fixture.idf('visit'));
  });

  it('boosts titles over tags over text', () => {
    expect(FIELD_BOOSTS.title).toBeGreaterThan(FIELD_BOOSTS.tags);
    expect(FIELD_BOOSTS.tags).toBeGreaterThan(FIELD_BOOSTS.text);
  });
});

describe('search: word forms', () => {
  it('finds "negotiate", "negotiating" and "negotiations" in the same passage', () => {
    for (const question of ['negotiate', 'negotiating', 'negotiations', 'Negotiated?']) {
      expect(cites(fixture, question), question).toEqual(['articles/talks#1']);
      expect(best(fixture, question).coverage).toBe(1);
    }
  });

  it('folds accents: "Zürich" finds "Zurich"', () => {
    expect(cites(fixture, 'Zürich')).toEqual(['articles/talks#3']);
  });
});

describe('search: aliases', () => {
  it('finds the expansion from the acronym and the acronym from the expansion (IAEA)', () => {
    expect(new Set(cites(fixture, 'IAEA'))).toEqual(new Set(['articles/inspections#1', 'articles/inspections#2']));
    expect(new Set(cites(fixture, 'International Atomic Energy Agency'))).toEqual(
      new Set(['articles/inspections#1', 'articles/inspections#2']),
    );
    for (const hit of search(fixture, 'International Atomic Energy Agency').hits) expect(hit.coverage).toBe(1);
  });

  it('ranks the passage using the very words asked first', () => {
    expect(cites(fixture, 'International Atomic Energy Agency')[0]).toBe('articles/inspections#2');
    expect(cites(fixture, 'P5 Plus 1')[0]).toBe('articles/talks#2');
  });

  it('finds "P5+1" from "P5 Plus 1" and the other way round', () => {
    expect(new Set(cites(fixture, 'P5+1'))).toEqual(new Set(['articles/talks#1', 'articles/talks#2']));
    expect(new Set(cites(fixture, 'p5 plus 1'))).toEqual(new Set(['articles/talks#1', 'articles/talks#2']));
    expect(best(fixture, 'P5+1').matched).toEqual(['=p5+1']);
  });

  it('finds spelling variants of names', () => {
    for (const question of ['Khamenei', 'Khameini', 'Ali Khamenei'])
      expect(cites(fixture, question), question).toEqual(['notes/people/leaders#1']);
    for (const question of ['Mohammad', 'Mohamed', 'Mohammed'])
      expect(cites(fixture, question), question).toEqual(['notes/people/leaders#2']);
  });

  // U+02BC, the usual transliteration mark, is folded like an apostrophe (see tests/unit/text/fold.test.ts).
  it('finds a name written with diacritics and a modifier-letter apostrophe', () => {
    expect(cites(fixture, 'Khāmeneʼi')).toEqual(['notes/people/leaders#1']);
    expect(cites(article, 'Khāmeneʼi')[0]).toBe('articles/adler-2012-deploy-us-diplomats-quietly#7');
  });

  it('finds "US" written U.S., but never "us"', () => {
    expect(cites(fixture, 'US')).toEqual(['articles/talks#4']);
    expect(cites(fixture, 'United States')).toEqual(['articles/talks#4']);
    expect(search(fixture, 'us').concepts).toEqual([]);
  });

  it('gives a related word a lower credit than the word itself', () => {
    // Only "Envoys" is in the fixture: asking for diplomats finds it, with the related weight as coverage.
    const hit = best(fixture, 'diplomats');
    expect(cite(fixture, hit)).toBe('notes/quiet#1');
    expect(hit.matched).toEqual(['envoi']);
    expect(hit.coverage).toBeGreaterThan(0);
    expect(hit.coverage).toBeLessThan(1);
    expect(best(fixture, 'envoys').coverage).toBe(1);
  });
});

describe('search: typos', () => {
  it('corrects one typo in a seven-letter word, at a reduced credit', () => {
    const hit = best(fixture, 'reacter');
    expect(cite(fixture, hit)).toBe('articles/inspections#3');
    expect(hit.matched).toEqual(['reactor']);
    expect(RANKING.guessCredit).toBeLessThan(1);
    expect(hit.coverage).toBeCloseTo(RANKING.guessCredit, 5);
    expect(best(fixture, 'reactor').coverage).toBe(1);
    expect(cites(article, 'chennel').slice(0, 2)).toEqual(cites(article, 'channel').slice(0, 2));
  });

  // Typos are corrected against whole words, not stems: a typo usually stops the stemmer from removing the suffix
  // ("visitef" stays "visitef", two edits from the stem "visit" but one from the word "visited").
  it('corrects one typo in an inflected seven-letter word', () => {
    expect(cites(fixture, 'visited')).toEqual(['articles/inspections#1']);
    expect(cites(fixture, 'visitef')).toEqual(['articles/inspections#1']);
    expect(cites(fixture, 'wstched')).toEqual(['notes/people/leaders#3']);
    expect(cites(fixture, 'runnimg')).toEqual(['articles/inspections#3']);
  });

  it('does not "correct" a short garbled word into another', () => {
    expect(cites(fixture, 'Iran')).toEqual(['articles/talks#1']);
    expect(cites(fixture, 'irn')).toEqual([]);
    expect(cites(fixture, 'Ian')).toEqual([]);
  });

  it('does not fuzz a word the corpus holds, nor a word two edits away', async () => {
    const dir = await makeTempDir();
    try {
      await writeFiles(dir, { 'a.md': doc('A', ['The enrichment plant is old.', 'Their plans changed.', 'Nothing here.']) });
      const library = buildLibrary(await loadCorpus(dir));
      expect(cites(library, 'plant')).toEqual(['a#1']);
      expect(cites(library, 'plans')).toEqual(['a#2']);
      expect(cites(library, 'plent')).toEqual(['a#1']);
      expect(cites(library, 'pxanx')).toEqual([]);
    } finally {
      await removeDir(dir);
    }
  });

  it('completes the last word as a prefix only when asked to', () => {
    expect(cites(fixture, 'centri')).toEqual([]);
    expect(cites(fixture, 'centri', { prefixLast: true })).toEqual(['articles/inspections#2']);
    expect(cites(fixture, 'Natanz cent', { prefixLast: true })[0]).toBe('articles/inspections#2');
  });
});

describe('search: results', () => {
  it('returns no concepts and no hits for stop words and punctuation', () => {
    for (const question of ['What is the... and why?', '']) {
      const { concepts, hits } = search(fixture, question);
      expect({ concepts, hits }).toEqual({ concepts: [], hits: [] });
    }
  });

  it('returns no hits for words the corpus does not hold', () => {
    const result = search(fixture, 'xylophone quartet');
    expect(result.concepts.map((c) => c.label)).toEqual(['xylophone', 'quartet']);
    expect(result.hits).toEqual([]);
  });

  it('ranks the passage holding every idea above passages holding one', () => {
    const hits = search(fixture, 'IAEA inspectors Natanz').hits;
    expect(cite(fixture, hits[0]!)).toBe('articles/inspections#1');
    expect(hits[0]!.coverage).toBe(1);
    for (const hit of hits.slice(1)) expect(hit.coverage).toBeLessThan(1);
  });

  it('sorts hits by score, with coverage between 0 and 1', () => {
    const { hits } = search(article, 'Why should US diplomats at the UN and IAEA talk to Iranians?');
    expect(hits.length).toBeGreaterThan(3);
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
    for (const hit of hits) {
      expect(hit.coverage).toBeGreaterThan(0);
      expect(hit.coverage).toBeLessThanOrEqual(1);
    }
  });
});
