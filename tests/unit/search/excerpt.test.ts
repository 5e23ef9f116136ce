import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../src/answer/answer.js';
import type { Excerpt } from '../../../src/answer/types.js';
import { loadCorpus } from '../../../src/corpus/load.js';
import { AliasTable, scan } from '../../../src/search/analyze.js';
import { EXCERPT_MAX, makeExcerpt, renderExcerpt } from '../../../src/search/excerpt.js';
import { buildLibrary, type Library } from '../../../src/search/library.js';
import { makeArticleCorpus, removeDir } from '../helpers/fixture-corpus.js';
import { expectAnswered } from '../helpers/answers.js';

const none = new AliasTable([]);
const one = () => 1;
const marked = (excerpt: Excerpt) => excerpt.marks.map(([start, end]) => excerpt.text.slice(start, end));

/** Marks are sorted, do not overlap, and fall inside the text. */
function expectWellFormed(excerpt: Excerpt): void {
  let last = 0;
  for (const [start, end] of excerpt.marks) {
    expect(start).toBeGreaterThanOrEqual(last);
    expect(end).toBeGreaterThan(start);
    expect(end).toBeLessThanOrEqual(excerpt.text.length);
    last = end;
  }
}

/** A sentence of `n` numbered filler words with `word` at position `at`. */
function longSentence(n: number, at: number, word: string): string {
  const words = Array.from({ length: n }, (_, i) => `word${i}`);
  words[at] = word;
  return `${words.join(' ')}.`;
}

describe('makeExcerpt', () => {
  it('returns a short paragraph whole, with the matched words marked', () => {
    const text = 'Inspectors from the IAEA visited the plant.';
    const excerpt = makeExcerpt(text, new Set(['visit', 'plant']), one, none);
    expect(excerpt).toEqual({
      text,
      marks: [
        [25, 32],
        [37, 42],
      ],
    });
    expect(marked(excerpt)).toEqual(['visited', 'plant']);
  });

  it('marks a whole alias phrase as one span', () => {
    const aliases = new AliasTable([{ terms: ['IAEA', 'International Atomic Energy Agency'], kind: 'alias' }]);
    const text = 'The International Atomic Energy Agency and the IAEA are one.';
    const excerpt = makeExcerpt(text, new Set(['=iaea']), one, aliases);
    expect(marked(excerpt)).toEqual(['International Atomic Energy Agency', 'IAEA']);
  });

  it('picks the sentence holding the rarest matched term, with ellipses where text is left out', () => {
    const filler = 'This sentence is filler and says nothing of any interest to anyone reading it at all. ';
    const text = `${filler.repeat(6)}The reactor at Natanz restarted. ${filler.repeat(6)}`.trimEnd();
    expect(text.length).toBeGreaterThan(EXCERPT_MAX * 2);
    const excerpt = makeExcerpt(text, new Set(['reactor', 'natanz']), one, none);
    expect(excerpt.text.length).toBeLessThanOrEqual(EXCERPT_MAX + 4);
    expect(excerpt.text.startsWith('… ')).toBe(true);
    expect(excerpt.text.endsWith(' …')).toBe(true);
    expect(excerpt.text).toContain('The reactor at Natanz restarted.');
    expect(marked(excerpt)).toEqual(['reactor', 'Natanz']);
    expectWellFormed(excerpt);
  });

  it('prefers the sentence whose terms weigh more', () => {
    const text = `${'Common word here, common again. '.repeat(8)}A rare word here.`;
    const weigh = (term: string) => (term === 'rare' ? 5 : 0.1);
    const excerpt = makeExcerpt(text, new Set(['common', 'rare']), weigh, none, 40);
    expect(excerpt.text).toBe('… A rare word here.');
    expect(marked(excerpt)).toEqual(['rare']);
  });

  it('cuts one long sentence to a window around its first mark, at word boundaries', () => {
    const text = longSentence(120, 60, 'reactor');
    expect(text.length).toBeGreaterThan(EXCERPT_MAX * 2);
    const excerpt = makeExcerpt(text, new Set(['reactor']), one, none);
    expect(excerpt.text.startsWith('… word')).toBe(true);
    expect(excerpt.text.endsWith(' …')).toBe(true);
    expect(excerpt.text.length).toBeLessThanOrEqual(EXCERPT_MAX + 4);
    expect(marked(excerpt)).toEqual(['reactor']);
    // Whole words only: every word between the ellipses is one of the sentence's words.
    const body = excerpt.text.slice(2, -2).split(' ');
    for (const word of body) expect(text.split(/[ .]/)).toContain(word);
  });

  it('does not put an ellipsis before a window that starts the paragraph', () => {
    const text = longSentence(120, 0, 'reactor');
    const excerpt = makeExcerpt(text, new Set(['reactor']), one, none);
    expect(excerpt.text.startsWith('reactor word1')).toBe(true);
    expect(excerpt.text.endsWith(' …')).toBe(true);
    expect(excerpt.marks).toEqual([[0, 7]]);
  });

  it('respects a smaller maximum', () => {
    const text = longSentence(60, 30, 'reactor');
    const excerpt = makeExcerpt(text, new Set(['reactor']), one, none, 80);
    expect(excerpt.text.length).toBeLessThanOrEqual(84);
    expect(marked(excerpt)).toEqual(['reactor']);
  });

  it('returns the start of the passage, unmarked, when nothing matched in its text', () => {
    const excerpt = makeExcerpt('First sentence. Second sentence.', new Set(['absent']), one, none);
    expect(excerpt).toEqual({ text: 'First sentence. Second sentence.', marks: [] });
  });
});

describe('renderExcerpt', () => {
  const excerpt: Excerpt = {
    text: '… the *IAEA* and P5_1 met …',
    marks: [
      [6, 12],
      [17, 21],
    ],
  };

  it('wraps each mark', () => {
    expect(renderExcerpt(excerpt, '[', ']')).toBe('… the [*IAEA*] and [P5_1] met …');
    expect(renderExcerpt({ text: 'plain', marks: [] }, '**', '**')).toBe('plain');
    expect(renderExcerpt({ text: 'all', marks: [[0, 3]] }, '<b>', '</b>')).toBe('<b>all</b>');
  });

  it('escapes the text inside and outside marks, but not the mark delimiters', () => {
    const escape = (s: string) => s.replace(/[*_\\]/g, (c) => `\\${c}`);
    expect(renderExcerpt(excerpt, '**', '**', escape)).toBe('… the **\\*IAEA\\*** and **P5\\_1** met …');
  });
});

describe('excerpts of the real article', () => {
  let dir: string;
  let library: Library;

  beforeAll(async () => {
    dir = await makeArticleCorpus();
    library = buildLibrary(await loadCorpus(dir));
  });

  afterAll(async () => {
    await removeDir(dir);
  });

  it('stay within the length limit, with ellipses exactly where the paragraph is cut', () => {
    const answer = expectAnswered(
      answerQuestion('US diplomats at the United Nations and the IAEA talking to Iranians', { library, limit: 10 }),
    );
    expect(answer.passages.length).toBeGreaterThan(3);
    for (const passage of answer.passages) {
      const { text } = passage.excerpt;
      expect(text.length).toBeLessThanOrEqual(EXCERPT_MAX + 4);
      expectWellFormed(passage.excerpt);
      const body = text.replace(/^… /, '').replace(/ …$/, '');
      expect(passage.text).toContain(body);
      expect(text.startsWith('… ')).toBe(!passage.text.startsWith(body));
      expect(text.endsWith(' …')).toBe(!passage.text.trimEnd().endsWith(body));
    }
  });

  it('mark the names the question asked for, in any of their spellings', () => {
    const [passage] = expectAnswered(answerQuestion('What about Khamenei?', { library })).passages;
    expect(passage?.paragraph).toBe(7);
    const spellings = [
      'Khamenei',
      'Khameini',
      "Khamenei's",
      'Khameini’s',
      'Ali Khamenei',
      'Ali Khameini',
      'Ayatollah Khamenei',
      'Supreme Leader',
    ];
    const marks = marked(passage!.excerpt);
    expect(marks.length).toBeGreaterThan(0);
    for (const mark of marks) expect(spellings).toContain(mark);
  });

  it('mark only forms of the words asked and their related words, on word boundaries', () => {
    // The question's words and the real alias file's group "diplomat ~ envoy ~ ambassador ~ emissary ~ representative".
    const words = ['diplomats', 'Vienna', 'envoy', 'ambassador', 'emissary', 'representative'];
    const stems = new Set(words.map((w) => scan(w)[0]!.stem));
    const answer = expectAnswered(answerQuestion('diplomats in Vienna', { library, limit: 10 }));
    const seen: string[] = [];
    for (const passage of answer.passages) {
      const { text } = passage.excerpt;
      for (const [start, end] of passage.excerpt.marks) {
        const mark = text.slice(start, end);
        seen.push(mark);
        const tokens = scan(mark);
        expect(tokens, mark).toHaveLength(1);
        expect(stems.has(tokens[0]!.stem), mark).toBe(true);
        expect(text.slice(start - 1, start)).not.toMatch(/[\p{L}\p{N}]/u);
        expect(text.slice(end, end + 1)).not.toMatch(/[\p{L}\p{N}]/u);
      }
    }
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen).toContain('Vienna');
  });
});
