import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../src/answer/answer.js';
import type { Passage } from '../../../src/answer/types.js';
import { loadCorpus } from '../../../src/corpus/load.js';
import type { CorpusDocument } from '../../../src/corpus/types.js';
import { buildLibrary, type Library } from '../../../src/search/library.js';
import { expectAnswered } from '../helpers/answers.js';
import { doc, useLibraryOf } from '../helpers/fixture-corpus.js';

// A primary text that says things in its own words, and notes that paraphrase it, naming its paragraphs in their
// text only (no about: field), as notes written by someone else would.
const FILES = {
  'articles/bakery.md': doc(
    'The village after the mill',
    [
      'The village lost its mill in the spring.',
      'The shop on the square shut its doors when the cost of grain soared.',
      'Since then people drive to town for their loaves.',
    ],
    ['kind: article', 'author: Ann Miller'],
  ),
  'notes/bread.md': doc('Notes on the village', [
    'Bakeries close in many villages.',
    'In paragraph 2 the author explains why the bakery closed: flour prices rose too fast for a small baker.',
    'Flour prices rose across the region that year, and the Dorset mill closed its baking division.',
    'The Dorset mill shut its baking division in May, which is the mill of paragraph 1.',
    'Sourdough: bread raised with wild yeast, the sourdough loaves paragraph 3 has people drive to town for.',
  ]),
  'notes/other.md': doc('Regional notes', [
    'Dorset bakery prices and flour supplies are discussed at length here, but nothing about the village.',
  ]),
};

let dir: string;
let library: Library;
useLibraryOf(FILES, (built, at) => {
  library = built;
  dir = at;
});

const cite = (p: Passage) => `${p.documentId}#${p.paragraph}`;

describe('answerQuestion: notes as commentary on the passage they discuss', () => {
  it('brings in the passage a matching note comments on, first, with the note under it', () => {
    const answer = expectAnswered(answerQuestion('Why did the bakery close? Flour prices?', { library }));
    const [first] = answer.passages;
    expect(cite(first!)).toBe('articles/bakery#2');
    expect(first!.commentary?.map(cite)).toEqual(['notes/bread#2']);
    // The note is shown once, as commentary, not again as a result of its own.
    expect(answer.passages.map(cite)).not.toContain('notes/bread#2');
    expect(first!.commentary![0]!.excerpt.text).toContain('In paragraph 2');
  });

  it('lends credit only for what the commenting sentence matches: a note that is the answer stays first', () => {
    const answer = expectAnswered(answerQuestion('Dorset mill closed its baking division as flour prices rose', { library }));
    expect(cite(answer.passages[0]!)).toBe('notes/bread#3');
  });

  it('lends only what the commenting clause matches, not the rest of its sentence', () => {
    const answer = expectAnswered(answerQuestion('When did the Dorset baking division shut?', { library }));
    expect(cite(answer.passages[0]!)).toBe('notes/bread#4');
  });

  it('lends nothing for a definition: "what is X?" is answered by the note that defines X', () => {
    expect(cite(expectAnswered(answerQuestion('What is sourdough?', { library })).passages[0]!)).toBe('notes/bread#5');
    expect(cite(expectAnswered(answerQuestion('sourdough meaning', { library })).passages[0]!)).toBe('notes/bread#5');
  });

  it('shows no commentary from a document the server left out, and the passage it discussed still answers', () => {
    const answer = expectAnswered(
      answerQuestion('Why did the bakery close? Flour prices?', { library, limit: 10, exclude: ['notes/bread'] }),
    );
    expect(cite(answer.passages[0]!)).toBe('articles/bakery#2');
    const cited = answer.passages.flatMap((p) => [p, ...(p.commentary ?? [])]).map((p) => p.documentId);
    expect(cited).not.toContain('notes/bread');
  });

  it('keeps the answer plain data: commentary is passages, and total counts entries, not the notes folded into them', () => {
    const answer = expectAnswered(answerQuestion('Why did the bakery close? Flour prices?', { library, limit: 10 }));
    expect(answer.total).toBe(answer.passages.length);
    expect(JSON.parse(JSON.stringify(answer))).toEqual(answer);
  });
});

describe('notes that did not come through the corpus loader', () => {
  it('comment on what their about: names, resolved by the library itself', async () => {
    const corpus = await loadCorpus(dir);
    // A note as a moderator writes it in Discord: about: set, no links resolved by the loader.
    const written: CorpusDocument = {
      id: 'server/1',
      title: 'Moderator note',
      kind: 'note',
      tags: [],
      paragraphs: ['Commuters now buy their loaves in town, said the moderator.'],
      about: [{ documentId: 'articles/bakery', paragraph: 3 }],
    };
    const withNote = buildLibrary({ ...corpus, documents: [...corpus.documents, written] });
    const answer = expectAnswered(answerQuestion('Where do commuters buy loaves now?', { library: withNote }));
    expect(cite(answer.passages[0]!)).toBe('articles/bakery#3');
    expect(answer.passages[0]!.commentary?.map(cite)).toContain('server/1#1');
  });
});
