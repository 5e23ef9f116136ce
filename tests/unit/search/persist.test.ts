import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../src/answer/answer.js';
import { loadCorpus } from '../../../src/corpus/load.js';
import type { Corpus } from '../../../src/corpus/types.js';
import { buildLibrary, type Library } from '../../../src/search/library.js';
import { analysisFingerprint } from '../../../src/search/fingerprint.js';
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

/** `data` in the persisted layout, header first, with a checksum that matches whatever its index data is. */
function signed(data: Record<string, unknown>): string {
  const { documentFrequency, spellings, names, index, ...header } = data;
  const body = JSON.stringify({ documentFrequency, spellings, names, index });
  const head = JSON.stringify({ ...header, checksum: createHash('sha256').update(body).digest('hex') });
  return `${head.slice(0, -1)},${body.slice(1)}`;
}

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
  it('writes the format, the analysis fingerprint, the corpus version and the passage count', () => {
    const data = JSON.parse(serializeLibrary(library)) as Record<string, unknown>;
    expect(data.format).toBe(INDEX_FORMAT);
    expect(data.fingerprint).toBe(analysisFingerprint());
    expect(data.fingerprint).toMatch(/^[0-9a-f]{16}$/);
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
      expect(answerQuestion(question, { library: restored, limit: 10 }), question).toEqual(
        answerQuestion(question, { library, limit: 10 }),
      );
      expect(search(restored, question, { prefixLast: true }), question).toEqual(search(library, question, { prefixLast: true }));
    }
  });

  it('survives a second round trip', () => {
    const twice = loadLibrary(serializeLibrary(loadLibrary(serializeLibrary(library), corpus)), corpus);
    for (const question of QUESTIONS)
      expect(answerQuestion(question, { library: twice }), question).toEqual(answerQuestion(question, { library }));
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
    expect(() => loadLibrary(JSON.stringify(data), corpus)).toThrow(
      new Error(`persisted index has format ${INDEX_FORMAT + 1}, expected ${INDEX_FORMAT}`),
    );
  });

  it('refuses an index whose passage count does not match the corpus', () => {
    const fewer: Corpus = { ...corpus, documents: corpus.documents.slice(1) };
    expect(() => loadLibrary(serializeLibrary(library), fewer)).toThrow(new Error('persisted index does not match the corpus passages'));
  });

  it('throws on text that is not JSON', () => {
    expect(() => loadLibrary('{"format": 1, "corpusV', corpus)).toThrow(SyntaxError);
    expect(() => loadLibrary('{"format": 1, "corpusV', corpus)).toThrow(/^not valid JSON \(.+\)$/);
  });

  it('refuses an index built by other analysis code, and reads one built with the same', () => {
    expect(() => loadLibrary(serializeLibrary(library, 'aaaa'), corpus, 'bbbb')).toThrow(
      new Error('persisted index was built by other analysis code (fingerprint aaaa, expected bbbb)'),
    );
    expect(() => loadLibrary(serializeLibrary(library), corpus, 'bbbb')).toThrow(`(fingerprint ${analysisFingerprint()}, expected bbbb)`);
    expect(loadLibrary(serializeLibrary(library, 'bbbb'), corpus, 'bbbb').passageCount).toBe(12);
  });

  it('writes one JSON object, header first, with a checksum of the index data that follows it', () => {
    const json = serializeLibrary(library);
    expect(Object.keys(JSON.parse(json) as object)).toEqual([
      'format',
      'fingerprint',
      'corpusVersion',
      'passages',
      'checksum',
      'documentFrequency',
      'spellings',
      'names',
      'index',
    ]);
    const data = JSON.parse(json) as { checksum: string };
    const body = `{${json.slice(json.indexOf(',"documentFrequency":') + 1)}`;
    expect(data.checksum).toBe(createHash('sha256').update(body).digest('hex'));
  });

  it('refuses an index whose data does not match its checksum', () => {
    const json = serializeLibrary(library);
    const [term, stem] = [...library.spellings][0]!;
    const edited = json.replace(`["${term}","${stem}"]`, `["${term}","${stem}x"]`);
    expect(edited).not.toBe(json);
    expect(() => loadLibrary(edited, corpus)).toThrow(
      new Error('persisted index is damaged: its data does not match its checksum (truncated, or edited since it was written)'),
    );
  });

  it.each<[string, (data: Record<string, unknown>) => unknown, string]>([
    ['JSON that is not an object', () => null, 'not a persisted index: the file: Invalid input: expected object, received null'],
    [
      'a format that is not a number',
      (data) => ({ ...data, format: '3' }),
      'not a persisted index: format: Invalid input: expected number, received string',
    ],
    ['no corpus version', (data) => ({ ...data, corpusVersion: undefined }), 'persisted index is for corpus none, not <version>'],
    [
      'a negative passage count',
      (data) => ({ ...data, passages: -12 }),
      'persisted index is damaged: passages: Too small: expected number to be >=0',
    ],
    [
      'a checksum that is not one',
      (data) => ({ ...data, checksum: 'none' }),
      'persisted index is damaged: checksum: Invalid string: must match pattern /^[0-9a-f]{64}$/',
    ],
  ])('refuses a header with %s, naming what is wrong', (_label, spoil, message) => {
    const json = JSON.stringify(spoil(JSON.parse(serializeLibrary(library)) as Record<string, unknown>));
    expect(() => loadLibrary(json, corpus)).toThrow(new Error(message.replace('<version>', corpus.version)));
  });

  // What a writer with a bug would produce: wrong data under a checksum that matches it.
  it.each<[string, (data: Record<string, unknown>) => Record<string, unknown>, string]>([
    [
      'a document frequency that is a string',
      (data) => ({ ...data, documentFrequency: [['iaea', 'two']] }),
      'persisted index is damaged: documentFrequency: expected an array of [term, passage count] pairs',
    ],
    [
      'a spelling pair of three',
      (data) => ({ ...data, spellings: [['iaea', 'iaea', 'extra']] }),
      'persisted index is damaged: spellings: expected an array of [word, stem] pairs',
    ],
    [
      'no MiniSearch index',
      (data) => ({ ...data, index: 'none' }),
      'persisted index is damaged: index: Invalid input: expected object, received string',
    ],
    [
      "MiniSearch's next serialisation",
      (data) => ({ ...data, index: { ...(data.index as object), serializationVersion: 3 } }),
      'persisted index is damaged: index.serializationVersion: Invalid input: expected 2',
    ],
    [
      'a term entry that is not a pair',
      (data) => {
        (data.index as { index: unknown[] }).index[3] = ['iaea'];
        return data;
      },
      'persisted index is damaged: index.index: expected an array of [term, postings] pairs',
    ],
    [
      'a field length that is not a count',
      (data) => {
        (data.index as { fieldLength: Record<string, unknown[]> }).fieldLength['4']![1] = -1;
        return data;
      },
      'persisted index is damaged: index.fieldLength: expected field lengths by document number',
    ],
    [
      'a document number that is not one',
      (data) => {
        (data.index as { documentIds: Record<string, number> }).documentIds.first = 0;
        return data;
      },
      'persisted index is damaged: index.documentIds: expected passage numbers by document number',
    ],
    [
      'another field list',
      (data) => ({ ...data, index: { ...(data.index as object), fieldIds: { title: 0, text: 1 } } }),
      'persisted index is damaged: fields title, text, expected title, tags, text',
    ],
    [
      'a passage missing from the index',
      (data) => {
        delete (data.index as { documentIds: Record<string, number> }).documentIds['11'];
        return data;
      },
      'persisted index is damaged: it does not index passages 0 to 11 once each',
    ],
  ])('refuses index data with %s, even under a matching checksum', (_label, spoil, message) => {
    const json = signed(spoil(JSON.parse(serializeLibrary(library)) as Record<string, unknown>));
    expect(() => loadLibrary(json, corpus)).toThrow(new Error(message));
  });

  it('reads back what `signed` writes when nothing is spoiled: the tests above fail only for what they change', () => {
    const json = serializeLibrary(library);
    expect(signed(JSON.parse(json) as Record<string, unknown>)).toBe(json);
  });
});
