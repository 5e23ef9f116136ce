import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../src/answer/answer.js';
import { loadCorpus } from '../../../src/corpus/load.js';
import type { Corpus } from '../../../src/corpus/types.js';
import { noteToDocument, type ServerNoteDocument } from '../../../src/notes/document.js';
import { analyseDocument, buildLibrary, extendLibrary, type Library } from '../../../src/search/library.js';
import { ARTICLE_ID, realCorpusDir, repoRoot } from '../helpers/fixture-corpus.js';
import { serverNote } from '../helpers/server-notes.js';

/** Notes that use the library's words, new words, names, tags, an alias, and `about` links to the article. */
const NOTES: ServerNoteDocument[] = [
  serverNote(1, 'Fordow enrichment site', 'Fordow is an enrichment plant built inside a mountain near Qom.\n\nThe IAEA inspects it.', {
    tags: ['Fordow', 'enrichment'],
  }),
  serverNote(2, 'Why quiet diplomacy', 'Paragraph 2 of the op-ed says US diplomats should talk to Iranian envoys in Vienna.', {
    about: [{ documentId: ARTICLE_ID, paragraph: 2 }],
  }),
  serverNote(3, 'Susan Rice at the UN', 'Ambassador Susan Rice warned Mohammad Khazaee in New York.\n\nHelga Schmid kept notes.'),
  serverNote(4, 'Sanctions vocabulary', 'Sanctions, embargoes and the oil boycott of 2012 squeezed the rial.', {
    about: [{ documentId: ARTICLE_ID }],
  }),
  serverNote(5, 'Zanzibar sourdough', 'A xylophonist baked sourdough in Zanzibar: nothing to do with Iran.'),
].map(noteToDocument);

let corpus: Corpus;
let shipped: Library;
let questions: string[];
beforeAll(async () => {
  corpus = await loadCorpus(realCorpusDir);
  shipped = buildLibrary(corpus);
  const lines = (await readFile(path.join(repoRoot, 'eval', 'questions.jsonl'), 'utf8')).trim().split('\n');
  questions = [
    ...lines.map((line) => (JSON.parse(line) as { question: string }).question),
    'What is Fordow?',
    'fordwo mountain',
    'Why should diplomats talk quietly in Vienna?',
    'helga shmid',
    'What did Susan Rise tell Khazaee?',
    'sourdough in zanzibar',
    'Who wrote the note about sanctions?',
  ];
});

const answersOf = (library: Library) => questions.map((q) => JSON.stringify(answerQuestion(q, { library, limit: 5 })));

describe('extendLibrary', () => {
  it('answers every question exactly as a library built from all the documents at once', () => {
    const whole = buildLibrary({ ...corpus, documents: [...corpus.documents, ...NOTES] });
    const extended = extendLibrary(
      shipped,
      shipped.index.toJSON(),
      NOTES.map((d) => analyseDocument(d, shipped)),
    );
    expect(extended.passageCount).toBe(whole.passageCount);
    expect(extended.corpus.documents.map((d) => d.id)).toEqual(whole.corpus.documents.map((d) => d.id));
    const expected = answersOf(whole);
    // Not a vacuous comparison: the notes are cited, as results and as commentary.
    expect(expected.filter((a) => a.includes('"documentId":"server/')).length).toBeGreaterThan(5);
    expect(expected.some((a) => /"commentary":\[[^\]]*"documentId":"server\//.test(a))).toBe(true);
    expect(answersOf(extended)).toEqual(expected);
  });

  it('leaves the base library and its serialised index as they were, however often it is extended', () => {
    const before = answersOf(shipped);
    const template = shipped.index.toJSON();
    const snapshot = JSON.stringify(template);
    for (let i = 0; i < 3; i++)
      extendLibrary(
        shipped,
        template,
        NOTES.map((d) => analyseDocument(d, shipped)),
      );
    expect(JSON.stringify(template)).toBe(snapshot);
    expect(JSON.stringify(shipped.index.toJSON())).toBe(snapshot);
    expect(answersOf(shipped)).toEqual(before);
  });
});

describe('analyseDocument', () => {
  it("keeps only the spellings the base library does not already have, with the document's own names", () => {
    const analysed = analyseDocument(NOTES[2]!, shipped);
    const words = analysed.spellings.split('\u0001').filter((_, i) => i % 2 === 0);
    expect(words).toContain('helga');
    expect(words).not.toContain('rice');
    expect(words).not.toContain('ambassador');
    expect(analysed.names.split('\u0001')).toEqual(expect.arrayContaining(['helga', 'schmid', 'susan', 'rice']));
    expect(analysed.passages).toHaveLength(2);
  });
});
