import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../src/answer/answer.js';
import type { Passage } from '../../../src/answer/types.js';
import type { Library } from '../../../src/search/library.js';
import { scopeOf } from '../../../src/search/scope.js';
import { search } from '../../../src/search/search.js';
import { expectAnswered } from '../helpers/answers.js';
import { doc, useLibraryOf } from '../helpers/fixture-corpus.js';

// Two articles on the same subject by different authors in different publications, and a note that discusses
// both: which one a question means can only come from its author, kind, title or publication.
const FILES = {
  'articles/harbour.md': doc(
    'Dredge the Harbour Before the Storms',
    [
      'The harbour silts up every winter and the fishing fleet loses weeks at sea.',
      'The council should dredge the channel this year and charge the ferry company its share.',
      'Jane Roe has covered the port for the Coast Gazette since 2009.',
    ],
    ['kind: article', 'author: Jane Roe', 'source: https://www.coastgazette.com/2021/03/dredge', 'published: 2021-03-04'],
  ),
  'articles/ferries.md': doc(
    'Keep the Ferries Running',
    [
      'The ferry company says the harbour is too shallow for its new boats in winter.',
      'The town must not let the company leave: the ferries bring the summer trade.',
      'Tom Smith writes about transport for the Island Post.',
    ],
    ['kind: article', 'author: Tom Smith', 'source: https://islandpost.org/ferries', 'published: 2021-05-20'],
  ),
  'notes/port.md': doc('Notes on the port', [
    'The harbour was built in 1850 and dredged last in 1990; the fishing fleet and the ferry company both use the channel.',
    'The Coast Gazette and the Island Post are the two local papers.',
  ]),
};

let library: Library;
useLibraryOf(FILES, (built) => (library = built));

const cite = (p: Passage) => `${p.documentId}#${p.paragraph}`;
const first = (question: string) => cite(expectAnswered(answerQuestion(question, { library })).passages[0]!);
const scope = (question: string) => [...scopeOf(library.names, question).documents].sort();

describe('scope: the document a question names', () => {
  it('by its author, with or without the given name', () => {
    expect(scope('What does Roe say about the harbour channel?')).toEqual(['articles/harbour']);
    expect(scope("what is in Tom Smith's piece about the harbour")).toEqual(['articles/ferries']);
    expect(first('What does Smith say about the harbour?')).toBe('articles/ferries#1');
    expect(first('What does Roe say about the harbour?')).toBe('articles/harbour#1');
  });

  it('by its publication, spelt out from the source link', () => {
    expect(scope('what does the Island Post article say about the harbour')).toEqual(['articles/ferries']);
    expect(first('what does the Island Post article say about the harbour')).toBe('articles/ferries#1');
  });

  it('by a run of its title, whose words are still searched for, unless an author is named as well', () => {
    expect(scope('why keep the ferries running')).toEqual(['articles/ferries']);
    expect(search(library, 'why keep the ferries running').concepts.map((c) => c.label)).toEqual(['keep', 'ferries', 'running']);
    expect(scope('What does Roe say about why we should keep the ferries running?')).toEqual(['articles/harbour']);
  });

  it('by its kind: "the article", "this op-ed" point at the articles, before the notes', () => {
    expect(scope('what does the article say about the fishing fleet')).toEqual(['articles/ferries', 'articles/harbour']);
    expect(first('what does the article say about the fishing fleet')).toBe('articles/harbour#1');
    // Without it, the note that holds more of the question comes first.
    expect(first('fishing fleet channel')).toBe('notes/port#1');
  });

  it('by "he" or "she" saying something with nobody named before it: the author of the articles', () => {
    expect(scope('what does she say happened to the fishing fleet')).toEqual(['articles/ferries', 'articles/harbour']);
    expect(scope('why does he think the harbour silts up')).toEqual(['articles/ferries', 'articles/harbour']);
    // The pronoun stands for someone the question named first.
    expect(scope('what did the ferry captain say before he left the harbour')).toEqual([]);
  });

  it('not when the document only dates the question', () => {
    expect(scope('what happened to the harbour after the article came out')).toEqual([]);
    expect(scope('what did the council do when the op-ed appeared')).toEqual([]);
  });

  it('not from a collective author or a word that is only content', () => {
    expect(scope('what do the notes say about the fishing fleet')).toEqual([]);
    expect(scope('harbour channel dredging')).toEqual([]);
  });
});

describe('scope: what a text argues', () => {
  it('ranks the passage saying what should be done first for "what does it propose"', () => {
    expect(first('What does Roe propose?')).toBe('articles/harbour#2');
    expect(first('What does Smith want?')).toBe('articles/ferries#2');
  });
});

describe('scope: the text as a whole', () => {
  const whole = (question: string) => scopeOf(library.names, question).whole;

  it('is asked for by a summary, or by what the text wants done with the action left open', () => {
    expect(whole('Sum up the Roe article')).toBe(true);
    expect(whole('In a nutshell, what does Smith argue?')).toBe(true);
    expect(whole('What does Roe want the council to do?')).toBe(true);
  });

  it('is asked for as the main idea, as what the text is about, or as what it says should be done', () => {
    expect(whole('What is the main idea of the Roe article?')).toBe(true);
    expect(whole('What is this article about?')).toBe(true);
    expect(whole('What does the article say the council should do?')).toBe(true);
    expect(scopeOf(library.names, 'What is Roe arguing?').argument).toBe(true);
  });

  it('is not asked for by a question about one thing the text wants', () => {
    expect(whole('What does Roe want for the fishing fleet?')).toBe(false);
    expect(whole('What does Roe say about the storms?')).toBe(false);
  });
});

describe("the document's details, from its front matter", () => {
  it('answers who wrote it with a card and the passage that names the author', () => {
    const answer = expectAnswered(answerQuestion('Who wrote the Island Post article?', { library }));
    expect(answer.card).toEqual({
      kind: 'metadata',
      documentId: 'articles/ferries',
      title: 'Keep the Ferries Running',
      asked: 'author',
      author: 'Tom Smith',
      published: '2021-05-20',
      publication: 'Island Post',
      url: 'https://islandpost.org/ferries',
    });
    expect(cite(answer.passages[0]!)).toBe('articles/ferries#3');
  });

  it('answers when and where it appeared', () => {
    expect(expectAnswered(answerQuestion("When was Roe's article published?", { library })).card).toMatchObject({
      documentId: 'articles/harbour',
      asked: 'published',
      published: '2021-03-04',
    });
    expect(expectAnswered(answerQuestion('Where did the Smith piece appear?', { library })).card).toMatchObject({
      documentId: 'articles/ferries',
      asked: 'source',
      publication: 'Island Post',
    });
  });

  it('shows the card on the first page only, and never for a question about something else', () => {
    expect(expectAnswered(answerQuestion('Who wrote the Island Post article?', { library, offset: 1 })).card).toBeUndefined();
    const other = answerQuestion('When was the harbour built?', { library });
    expect(other.answered && other.card).toBeFalsy();
  });
});
