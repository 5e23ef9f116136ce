import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../src/answer/answer.js';
import { scan } from '../../../src/search/analyze.js';
import type { Library } from '../../../src/search/library.js';
import { positionOf } from '../../../src/search/position.js';
import { expectAnswered } from '../helpers/answers.js';
import { doc, useLibraryOf } from '../helpers/fixture-corpus.js';

const refs = (question: string) => {
  const { paragraphs, parts } = positionOf(question, scan(question));
  return { paragraphs: paragraphs.refs, parts: parts.refs };
};

describe('positionOf', () => {
  it('reads paragraphs named by number, ordinal or place', () => {
    expect(refs('What does paragraph 7 say?').paragraphs).toEqual([7]);
    expect(refs('paragraphs 2 and 10').paragraphs).toEqual([2, 10]);
    expect(refs('explain the third paragraph').paragraphs).toEqual([3]);
    expect(refs('what is in the last paragraph').paragraphs).toEqual(['last']);
  });

  it('reads parts named by what they do', () => {
    expect(refs('How does the op-ed begin?').parts).toEqual([1]);
    expect(refs('how does it end').parts).toEqual(['conclusion']);
    expect(refs("what is the article's conclusion").parts).toEqual(['conclusion']);
    expect(refs('what does the article conclude').parts).toEqual(['conclusion']);
  });

  it('reads nothing into other uses of the words', () => {
    expect(refs('why did the talks end in 2012')).toEqual({ paragraphs: [], parts: [] });
    expect(refs('the first round of sanctions')).toEqual({ paragraphs: [], parts: [] });
    expect(refs('is iran open to talks')).toEqual({ paragraphs: [], parts: [] });
  });
});

const FILES = {
  'articles/harbour.md': doc(
    'Dredge the Harbour Before the Storms',
    [
      'Every winter the harbour fills with silt.',
      'The council has one sensible choice left: dredge the channel now.',
      'Critics say dredging is costly.',
      'The ferries need deep water.',
      'Dredging cannot wait for the next storms.',
      'Jane Roe has covered the port for the Coast Gazette since 2009.',
    ],
    ['kind: article', 'author: Jane Roe'],
  ),
  'notes/port.md': doc('Notes on the port', [
    'The ferry company published a report on the harbour, and its conclusion was that dredging pays.',
  ]),
};

let library: Library;
useLibraryOf(FILES, (built) => (library = built));

const first = (question: string) => {
  const passage = expectAnswered(answerQuestion(question, { library })).passages[0]!;
  return `${passage.documentId}#${passage.paragraph}`;
};

describe('questions about a paragraph by its place', () => {
  it('are answered from that paragraph of the text they name, or of the only article', () => {
    expect(first('What does paragraph 4 say?')).toBe('articles/harbour#4');
    expect(first('explain the third paragraph of the article')).toBe('articles/harbour#3');
    expect(first('What does Roe say in the last paragraph?')).toBe('articles/harbour#6');
  });

  it('take the conclusion to be the paragraph before the author biography, and the opening the first', () => {
    expect(first('How does the article end?')).toBe('articles/harbour#5');
    expect(first("What is Roe's conclusion?")).toBe('articles/harbour#5');
    expect(first('How does the article begin?')).toBe('articles/harbour#1');
  });

  it('leave a conclusion of something else to the search', () => {
    expect(first("What was the ferry company report's conclusion?")).toBe('notes/port#1');
  });
});
