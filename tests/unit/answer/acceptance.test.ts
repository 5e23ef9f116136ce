import { beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../src/answer/answer.js';
import type { Answered } from '../../../src/answer/types.js';
import { loadCorpus } from '../../../src/corpus/load.js';
import { buildLibrary, type Library } from '../../../src/search/library.js';
import { expectAnswered } from '../helpers/answers.js';
import { ARTICLE_ID, realCorpusDir } from '../helpers/fixture-corpus.js';

// Questions a new member asks about the op-ed, over the whole shipped library: each must be answered from the
// passage that truly answers it, the op-ed's own paragraph (or its front matter) rather than a note about it.
let library: Library;
beforeAll(async () => {
  library = buildLibrary(await loadCorpus(realCorpusDir));
});

const ask = (question: string): Answered => expectAnswered(answerQuestion(question, { library }));
const first = (answer: Answered) => `${answer.passages[0]!.documentId}#${answer.passages[0]!.paragraph}`;
const article = (...paragraphs: number[]) => paragraphs.map((p) => `${ARTICLE_ID}#${p}`);

/** The op-ed's paragraphs that say what should be done: the existing channel, a government one, the negotiating front, the two envoys. */
const RECOMMENDATION = article(2, 7, 9, 10);

describe('questions about the op-ed are answered from the op-ed', () => {
  it('What does the op-ed recommend?', () => {
    expect(RECOMMENDATION).toContain(first(ask('What does the op-ed recommend?')));
  });

  it('What is Adler asking Washington to do?', () => {
    expect(RECOMMENDATION).toContain(first(ask('What is Adler asking Washington to do?')));
  });

  it('Who is the author of the op-ed? (front matter, then the byline paragraph)', () => {
    const answer = ask('Who is the author of the op-ed?');
    expect(answer.card).toMatchObject({ kind: 'metadata', documentId: ARTICLE_ID, asked: 'author', author: 'Michael Adler' });
    expect(first(answer)).toBe(article(11)[0]);
  });

  it('When was the article published? (front matter)', () => {
    const answer = ask('When was the article published?');
    expect(answer.card).toMatchObject({
      documentId: ARTICLE_ID,
      asked: 'published',
      published: '2012-02-15',
      publication: 'Breaking Defense',
    });
  });

  it('What did Adler say about Khamenei?', () => {
    const answer = ask('What did Adler say about Khamenei?');
    expect(first(answer)).toBe(article(7)[0]);
  });
});

describe('questions about the notes are answered from the notes', () => {
  it('When was the IAEA founded? ("founded" is not "found")', () => {
    expect(first(ask('When was the IAEA founded?'))).toBe('notes/iaea#1');
  });

  it('What is the third discussion question? ("third" is "Question 3")', () => {
    expect(first(ask('What is the third discussion question?'))).toBe('notes/discussion-questions#3');
  });
});
