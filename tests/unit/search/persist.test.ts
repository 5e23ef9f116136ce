import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../src/answer/answer.js';
import { loadCorpus } from '../../../src/corpus/load.js';
import type { Corpus } from '../../../src/corpus/types.js';
import { buildLibrary, type Library } from '../../../src/search/library.js';
import { INDEX_FORMAT, loadLibrary, serializeLibrary } from '../../../src/search/persist.js';
import { search } from '../../../src/search/search.js';
import { doc, makeFixtureCorpus, removeDir } from '../helpers/fixture-corpus.js';

const QUESTIONS = [
  'IAEA',
  'International Atomic Energy Agency',
  'P5 Plus 1 talks',
  'negotiating in Geneva',
  'Khamenei',
  'Mohamed Zarif',
  'reacter',
  'diplomats',
  'US delegation',
  'Who won the 1998 World Cup?',
  'xylophone',
  'the of and',
];

let dir: string;
let corpus: Corpus;
let library: Library;

beforeEach(async () => {
  dir = await makeFixtureCorpus();
  corpus = await loadCorpus(dir);
  library = buildLibrary(corpus);
});

afterEach(async () => {
  await removeDir(dir);
});

describe('serializeLibrary / loadLibrary', () => {
  it('writes the format, the corpus version and the passage count', () => {
    const data = JSON.parse(serializeLibrary(library)) as Record<string, unknown>;
    expect(data.format).toBe(INDEX_FORMAT);
    expect(data.corpusVersion).toBe(corpus.version);
    expect(data.passages).toBe(12);
    expect(data.documentFrequency).toEqual([...library.documentFrequency]);
  });

  it('restores a library that answers every question exactly as the one it was saved from', () => {
    const restored = loadLibrary(serializeLibrary(library), corpus);
    expect(restored.version).toBe(library.version);
    expect(restored.passageCount).toBe(library.passageCount);
    expect(restored.documentFrequency).toEqual(library.documentFrequency);
    for (const question of QUESTIONS) {
      expect(answerQuestion(question, { library: restored, limit: 10 }), question).toEqual(answerQuestion(question, { library, limit: 10 }));
      expect(search(restored, question, { prefixLast: true }), question).toEqual(search(library, question, { prefixLast: true }));
    }
  });

  it('survives a second round trip', () => {
    const twice = loadLibrary(serializeLibrary(loadLibrary(serializeLibrary(library), corpus)), corpus);
    for (const question of QUESTIONS) expect(answerQuestion(question, { library: twice }), question).toEqual(answerQuestion(question, { library }));
  });

  it('refuses an index saved for another version of the corpus', async () => {
    const json = serializeLibrary(library);
    await writeFile(path.join(dir, 'notes', 'quiet.md'), doc('Quiet channels', ['Envoys met in private.']));
    const changed = await loadCorpus(dir);
    expect(changed.version).not.toBe(corpus.version);
    expect(() => loadLibrary(json, changed)).toThrow(new Error(`persisted index is for corpus ${corpus.version}, not ${changed.version}`));
  });

  it('refuses an index of another format', () => {
    const data = JSON.parse(serializeLibrary(library)) as Record<string, unknown>;
    data.format = INDEX_FORMAT + 1;
    expect(() => loadLibrary(JSON.stringify(data), corpus)).toThrow(new Error(`persisted index has format ${INDEX_FORMAT + 1}, expected ${INDEX_FORMAT}`));
  });

  it('refuses an index whose passage count does not match the corpus', () => {
    const fewer: Corpus = { ...corpus, documents: corpus.documents.slice(1) };
    expect(() => loadLibrary(serializeLibrary(library), fewer)).toThrow(new Error('persisted index does not match the corpus passages'));
  });

  it('throws on text that is not JSON', () => {
    expect(() => loadLibrary('{"format": 1, "corpusV', corpus)).toThrow(SyntaxError);
  });
});
