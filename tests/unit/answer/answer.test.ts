import { beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion, CONFIDENCE, DEFAULT_LIMIT, MAX_LIMIT, MAX_QUESTION_LENGTH } from '../../../src/answer/answer.js';
import type { AnswerOptions, Passage } from '../../../src/answer/types.js';
import { noteToDocument } from '../../../src/notes/document.js';
import { analyseDocument, extendLibrary, type Library } from '../../../src/search/library.js';
import { search } from '../../../src/search/search.js';
import { expectAnswered, expectRefused } from '../helpers/answers.js';
import { useFixtureLibraries } from '../helpers/fixture-corpus.js';
import { serverNote } from '../helpers/server-notes.js';

const libraries = useFixtureLibraries();
let fixture: Library;
let article: Library;
beforeAll(() => {
  fixture = libraries.fixture();
  article = libraries.article();
});

const cite = (p: Passage) => `${p.documentId}#${p.paragraph}`;
const answered = (question: string, options: AnswerOptions & { library: Library }) => expectAnswered(answerQuestion(question, options));
const refused = (question: string, options: AnswerOptions & { library: Library }) => expectRefused(answerQuestion(question, options));

/** A question the article answers in many paragraphs: enough for several pages. */
const BROAD = 'US diplomats at the United Nations and the IAEA talking to Iranians';

describe('answerQuestion: answered', () => {
  it("cites the passage with the document's title, paragraph, text, link and metadata", () => {
    const answer = answered('Who visited the enrichment plant?', { library: fixture });
    expect(answer).toMatchObject({
      query: 'Who visited the enrichment plant?',
      answered: true,
      searched: 12,
      corpusVersion: fixture.version,
    });
    expect(answer).not.toHaveProperty('reason');
    expect(answer).not.toHaveProperty('closest');
    const [first] = answer.passages;
    expect(first).toMatchObject({
      documentId: 'articles/inspections',
      title: 'Inspections at Natanz',
      paragraph: 1,
      text: 'Inspectors from the IAEA visited the enrichment plant at Natanz in the spring.',
      url: 'https://example.org/inspections',
      author: 'Jane Doe',
      published: '2013-05-01',
      kind: 'article',
    });
    expect(first!.excerpt.text).toBe(first!.text);
    expect(first!.excerpt.marks.map(([s, e]) => first!.excerpt.text.slice(s, e))).toEqual(['visited', 'enrichment', 'plant']);
    // Scores are rounded to three decimals.
    expect(Math.round(first!.score * 1000) / 1000).toBe(first!.score);
    expect(first!.score).toBeGreaterThan(0);
  });

  it('leaves out link, author and date when the document has none', () => {
    const [passage] = answered('Zurich banker', { library: fixture }).passages;
    expect(passage).toBeDefined();
    expect(cite(passage!)).toBe('articles/talks#3');
    expect(passage!.kind).toBe('article');
    expect(Object.keys(passage!)).not.toContain('url');
    expect(Object.keys(passage!)).not.toContain('author');
    expect(Object.keys(passage!)).not.toContain('published');
  });

  it('answers through aliases, word forms and spellings', () => {
    expect(answered('negotiating', { library: fixture }).passages.map(cite)).toEqual(['articles/talks#1']);
    expect(answered('Where did Mohammad Zarif lead?', { library: fixture }).passages.map(cite)[0]).toBe('notes/people/leaders#2');
    expect(new Set(answered('What did the International Atomic Energy Agency do?', { library: fixture }).passages.map(cite))).toEqual(
      new Set(['articles/inspections#1', 'articles/inspections#2']),
    );
  });

  it('answers from the real article with its paragraph numbers', () => {
    const answer = answered('What does Khamenei believe about regime change?', { library: article });
    expect(answer.passages[0]).toMatchObject({ documentId: 'articles/adler-2012-deploy-us-diplomats-quietly', paragraph: 7 });
    expect(answer.passages[0]!.url).toBe('https://breakingdefense.com/2012/02/15/deploy-u-s-diplomats-quietly-to-seek-iranian-deal/');
  });

  it('trims the question and cuts it to the maximum length', () => {
    expect(answerQuestion('  reactor \n', { library: fixture }).query).toBe('reactor');
    const long = `reactor ${'x'.repeat(2 * MAX_QUESTION_LENGTH)}`;
    const answer = answerQuestion(long, { library: fixture });
    expect(answer.query).toHaveLength(MAX_QUESTION_LENGTH);
    expect(answer.query).toBe(long.slice(0, MAX_QUESTION_LENGTH));
  });
});

describe('answerQuestion: not answered', () => {
  it('says a question the corpus does not cover is not answered, offering at most two near misses', () => {
    const answer = refused('Who won the 1998 World Cup?', { library: fixture });
    expect(answer).toMatchObject({ answered: false, reason: 'weak-match' });
    expect(answer).not.toHaveProperty('passages');
    expect(answer.closest.length).toBeGreaterThanOrEqual(1);
    expect(answer.closest.length).toBeLessThanOrEqual(2);
    expect(answer.closest.map(cite)).toEqual(['notes/people/leaders#3']);
    expect(search(fixture, 'Who won the 1998 World Cup?').hits[0]!.coverage).toBeLessThan(CONFIDENCE.answer);
  });

  it('never offers more than two near misses', () => {
    // Four ideas, each in a different passage: every passage holds a quarter of the question at best.
    const question = 'Zurich, Istanbul, Zarif and a cat?';
    const answer = refused(question, { library: fixture });
    expect(answer.reason).toBe('weak-match');
    expect(search(fixture, question).hits.length).toBe(4);
    expect(answer.closest).toHaveLength(2);
  });

  it('reports no match when no word of the question is in the corpus', () => {
    expect(answerQuestion('xylophone quartet', { library: fixture })).toEqual({
      query: 'xylophone quartet',
      answered: false,
      reason: 'no-match',
      closest: [],
      searched: 12,
      corpusVersion: fixture.version,
    });
  });

  it('calls a question of stop words and punctuation empty', () => {
    for (const question of ['', '   ', '?!', 'What is it?', 'and the of, to us...', '“…”']) {
      const answer = answerQuestion(question, { library: fixture });
      expect(answer, JSON.stringify(question)).toEqual({
        query: question.trim(),
        answered: false,
        reason: 'empty-question',
        closest: [],
        searched: 12,
        corpusVersion: fixture.version,
      });
    }
  });

  it('does not answer an unrelated question from the real article', () => {
    const answer = refused('What is the recipe for chocolate cake?', { library: article });
    expect(['weak-match', 'no-match']).toContain(answer.reason);
    expect(answer.closest.length).toBeLessThanOrEqual(2);
  });
});

describe('answerQuestion: required ideas', () => {
  const cited = (question: string) => answerQuestion(question, { library: article });

  it('answers a question whose words the passage holds', () => {
    expect(cited('Susan Rice stern warning to the Iranian ambassador').answered).toBe(true);
  });

  it('refuses when the passage lacks the year the question is pinned to', () => {
    expect(expectRefused(cited('Susan Rice stern warning to the Iranian ambassador in 1995')).reason).toBe('weak-match');
  });

  it('refuses when the question names a place or person the library never mentions', () => {
    expect(cited('Susan Rice stern warning to the ambassador of Australia').answered).toBe(false);
  });

  it('refuses when the question names something neither English nor the library knows', () => {
    expect(cited('Susan Rice stern warning about Stuxnet').answered).toBe(false);
    // A typo of a word the library holds is not such a name.
    expect(cited('Susan Rice stern warnng to the Iranian ambassador').answered).toBe(true);
  });
});

describe('answerQuestion: paging', () => {
  it('pages through the matching passages with no overlap and the same total', () => {
    const all = answered(BROAD, { library: article, limit: MAX_LIMIT });
    expect(all.total).toBeGreaterThanOrEqual(5);
    const everything = [...all.passages, ...answered(BROAD, { library: article, limit: MAX_LIMIT, offset: MAX_LIMIT }).passages].map(cite);
    expect(everything).toHaveLength(all.total);
    expect(new Set(everything).size).toBe(all.total);

    const pages: string[] = [];
    for (let offset = 0; offset < all.total; offset += 2) {
      const page = answered(BROAD, { library: article, limit: 2, offset });
      expect(page.total).toBe(all.total);
      expect(page.passages.length).toBe(Math.min(2, all.total - offset));
      pages.push(...page.passages.map(cite));
    }
    expect(pages).toEqual(everything);
  });

  it('returns an empty page past the end', () => {
    const all = answered(BROAD, { library: article, limit: MAX_LIMIT });
    const past = answered(BROAD, { library: article, offset: all.total });
    expect(past.passages).toEqual([]);
    expect(past.total).toBe(all.total);
  });

  it('defaults to three passages and clamps the limit to 1..10 and the offset to a whole number >= 0', () => {
    const page = (limit?: number, offset?: number) => answered(BROAD, { library: article, limit, offset }).passages.map(cite);
    const ten = page(MAX_LIMIT);
    expect(DEFAULT_LIMIT).toBe(3);
    expect(page()).toEqual(ten.slice(0, 3));
    expect(page(0)).toEqual(ten.slice(0, 1));
    expect(page(-5)).toEqual(ten.slice(0, 1));
    expect(page(Number.NaN)).toEqual(ten.slice(0, 1));
    expect(page(2.9)).toEqual(ten.slice(0, 2));
    expect(page(500)).toEqual(ten);
    expect(page(2, -3)).toEqual(ten.slice(0, 2));
    expect(page(2, 1.8)).toEqual(ten.slice(1, 3));
  });
});

describe('answerQuestion: documents a server leaves out', () => {
  it('never cites a left-out document, and judges the answer on what is left', () => {
    expect(answered('Who visited the enrichment plant?', { library: fixture }).passages.map(cite)).toContain('articles/inspections#1');
    const refusedNow = refused('Who visited the enrichment plant?', { library: fixture, exclude: ['articles/inspections'] });
    expect([...refusedNow.closest].map(cite).filter((c) => c.startsWith('articles/inspections'))).toEqual([]);
    const broad = answered('Negotiations in Geneva and the P5+1 talks', { library: fixture, limit: 10, exclude: ['notes/people/leaders'] });
    expect(broad.passages.map((p) => p.documentId)).not.toContain('notes/people/leaders');
  });

  it("makes no card from a left-out document's details, and keeps other documents' passages", () => {
    expect(answered('When was the Natanz article published?', { library: fixture }).card?.documentId).toBe('articles/inspections');
    const answer = answered('When was the Natanz article published?', { library: fixture, exclude: ['articles/inspections'] });
    expect(answer).not.toHaveProperty('card');
    expect(answer.passages.map(cite)).toEqual(['articles/talks#2']);
  });

  it('leaves the answer unchanged when the list is empty or names documents the library does not have', () => {
    const plain = answerQuestion(BROAD, { library: article });
    expect(answerQuestion(BROAD, { library: article, exclude: [] })).toEqual(plain);
    expect(answerQuestion(BROAD, { library: article, exclude: ['notes/gone'] })).toEqual(plain);
  });
});

describe('answerQuestion: server notes', () => {
  it("cites a server's note as one: origin server, the moderator who wrote it and the day; shipped passages as before", () => {
    const shipped = fixture;
    const note = noteToDocument(
      serverNote(4, 'Fordow', 'Fordow is an enrichment plant dug into a mountain; inspectors visited it too.', {
        source: 'https://example.org/f',
      }),
    );
    const library = extendLibrary(shipped, shipped.index.toJSON(), [analyseDocument(note, shipped)]);
    const answer = answered('Who visited the enrichment plant in the mountain?', { library });
    const server = answer.passages.find((p) => p.documentId === 'server/4');
    expect(server).toEqual({
      documentId: 'server/4',
      title: 'Fordow',
      paragraph: 1,
      text: 'Fordow is an enrichment plant dug into a mountain; inspectors visited it too.',
      excerpt: expect.any(Object) as unknown,
      score: expect.any(Number) as unknown,
      url: 'https://example.org/f',
      author: 'Alice Moderator',
      published: '2026-01-15',
      kind: 'note',
      origin: 'server',
    });
    for (const passage of answer.passages.filter((p) => p !== server)) expect(passage).not.toHaveProperty('origin');
  });
});
