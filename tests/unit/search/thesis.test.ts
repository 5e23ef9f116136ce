import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../src/answer/answer.js';
import type { Library } from '../../../src/search/library.js';
import { expectAnswered } from '../helpers/answers.js';
import { doc, useLibraryOf } from '../helpers/fixture-corpus.js';

// An op-ed whose middle paragraph repeats its title's words while reporting the critics, and whose case is made
// where op-eds make it: the opening and the conclusion, before the author's biography.
const FILES = {
  'articles/harbour.md': doc(
    'Dredge the Harbour Before the Storms',
    [
      'Every winter the harbour fills with silt, and this year the storms will come early.',
      'The council has one sensible choice left: dredge the channel now, while the weather holds.',
      'Critics on the council say that to dredge the harbour before the storms is costly, and that the harbour silted again after the storms of 1990.',
      'The ferries and the fishing fleet need deep water, and the ferry company says its new boats cannot wait.',
      'Dredging cannot wait for the next storms.',
      'Jane Roe has covered the port for the Coast Gazette since 2009.',
    ],
    ['kind: article', 'author: Jane Roe', 'source: https://www.coastgazette.com/2021/03/dredge', 'published: 2021-03-04'],
  ),
  'notes/port.md': doc('Notes on the port', ['The harbour was built in 1850; the fishing fleet and the ferries both use the channel.']),
};

let library: Library;
useLibraryOf(FILES, (built) => (library = built));

const first = (question: string) => expectAnswered(answerQuestion(question, { library })).passages[0]!.paragraph;

describe("a question after a text's thesis", () => {
  it("is answered from its opening or its conclusion, not the paragraph that repeats the title's words", () => {
    expect([1, 2, 5]).toContain(first("What is Roe's main point?"));
    expect([1, 2, 5]).toContain(first('In a nutshell, what does the article propose?'));
  });

  it('is asked as a summary, or as what the text wants done, whoever it names', () => {
    expect([1, 2, 5]).toContain(first('Sum up the article'));
    expect([1, 2, 5]).toContain(first("Give me the gist of Roe's piece"));
    expect([1, 2, 5]).toContain(first('What does Roe want the council to do?'));
  });

  it("takes the conclusion to be the paragraph before the author's biography", () => {
    expect([...library.thesisParagraphs(library.document('articles/harbour')!)].sort()).toEqual([1, 2, 5]);
  });

  it('leaves a question about one part of the argument to that part', () => {
    expect(first('Does Roe argue the ferries need deep water?')).toBe(4);
  });
});
