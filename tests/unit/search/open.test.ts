import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../src/answer/answer.js';
import { CorpusError } from '../../../src/corpus/errors.js';
import { loadCorpus } from '../../../src/corpus/load.js';
import { openLibrary } from '../../../src/search/open.js';
import { INDEX_FORMAT, serializeLibrary } from '../../../src/search/persist.js';
import { doc, makeFixtureCorpus, makeTempDir, removeDir, writeFiles } from '../helpers/fixture-corpus.js';

let corpusDir: string;
let cacheRoot: string;
let cacheDir: string;

beforeEach(async () => {
  corpusDir = await makeFixtureCorpus();
  cacheRoot = await makeTempDir('index-cache-');
  // A folder that does not exist yet: openLibrary must create it.
  cacheDir = path.join(cacheRoot, 'data', 'index');
});

afterEach(async () => {
  await removeDir(corpusDir);
  await removeDir(cacheRoot);
});

describe('openLibrary', () => {
  it('builds the index without a cache folder', async () => {
    const opened = await openLibrary(corpusDir);
    expect(opened.source).toBe('built');
    expect(opened.library.passageCount).toBe(12);
  });

  it('saves the index as index-v<format>-<version>.json, then reads it back', async () => {
    const { version } = await loadCorpus(corpusDir);
    const first = await openLibrary(corpusDir, cacheDir);
    expect(first.source).toBe('built');
    const file = `index-v${INDEX_FORMAT}-${version}.json`;
    expect(await readdir(cacheDir)).toEqual([file]);
    expect(await readFile(path.join(cacheDir, file), 'utf8')).toBe(serializeLibrary(first.library));

    const second = await openLibrary(corpusDir, cacheDir);
    expect(second.source).toBe('cache');
    expect(second.library.version).toBe(version);
    for (const question of ['IAEA', 'negotiations', 'Khameini', 'World Cup']) {
      expect(answerQuestion(question, { library: second.library })).toEqual(answerQuestion(question, { library: first.library }));
    }
  });

  it('rebuilds and overwrites a corrupt cache file', async () => {
    const { version } = await loadCorpus(corpusDir);
    const file = path.join(cacheDir, `index-v${INDEX_FORMAT}-${version}.json`);
    await openLibrary(corpusDir, cacheDir);
    await writeFile(file, '{"format":1,"corpusVersion":"');
    const rebuilt = await openLibrary(corpusDir, cacheDir);
    expect(rebuilt.source).toBe('built');
    expect(await readFile(file, 'utf8')).toBe(serializeLibrary(rebuilt.library));
    expect(await readdir(cacheDir)).toEqual([path.basename(file)]);
    expect((await openLibrary(corpusDir, cacheDir)).source).toBe('cache');
  });

  it('builds a new index when the corpus changes, keyed by the new version, and drops the old one', async () => {
    const before = await openLibrary(corpusDir, cacheDir);
    await writeFiles(corpusDir, { 'notes/new.md': doc('New', ['A new note about centrifuges.']) });
    const after = await openLibrary(corpusDir, cacheDir);
    expect(after.source).toBe('built');
    expect(after.library.version).not.toBe(before.library.version);
    expect(after.library.passageCount).toBe(13);
    expect(await readdir(cacheDir)).toEqual([`index-v${INDEX_FORMAT}-${after.library.version}.json`]);
    expect((await openLibrary(corpusDir, cacheDir)).source).toBe('cache');
  });

  it('still answers when the cache folder cannot be created', async () => {
    const blocker = path.join(cacheRoot, 'a-file');
    await writeFile(blocker, 'not a folder');
    const opened = await openLibrary(corpusDir, path.join(blocker, 'index'));
    expect(opened.source).toBe('built');
    expect(opened.library.passageCount).toBe(12);
  });

  it('throws the corpus error for an invalid corpus', async () => {
    await writeFiles(corpusDir, { 'notes/bad.md': '---\ntitle: T\n---\n' });
    const error = await openLibrary(corpusDir, cacheDir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorpusError);
    expect((error as CorpusError).issues).toEqual([
      { file: path.join(corpusDir, 'notes', 'bad.md'), line: 3, message: 'body is empty: write at least one paragraph after the front matter' },
    ]);
  });
});
