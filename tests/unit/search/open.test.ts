import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../src/answer/answer.js';
import { CorpusError } from '../../../src/corpus/errors.js';
import { loadCorpus } from '../../../src/corpus/load.js';
import { openLibrary } from '../../../src/search/open.js';
import { analysisFingerprint } from '../../../src/search/fingerprint.js';
import { buildLibrary } from '../../../src/search/library.js';
import { cacheFileName, INDEX_FORMAT, serializeLibrary } from '../../../src/search/persist.js';
import { doc, FIXTURE_ALIASES, makeFixtureCorpus, makeTempDir, removeDir, writeFiles } from '../helpers/fixture-corpus.js';
import { expectAnswered } from '../helpers/answers.js';

/** The message JSON.parse gives for `text`, as this Node version words it. */
function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('valid JSON');
}

const parse = (json: string) => JSON.parse(json) as Record<string, unknown>;

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

  it('saves the index as index-v<format>-<corpus>-<fingerprint>.json, then reads it back, reporting no problem', async () => {
    const { version } = await loadCorpus(corpusDir);
    const first = await openLibrary(corpusDir, cacheDir);
    expect(first.source).toBe('built');
    // A first start has no cache yet: that is not a problem to report.
    expect(first).not.toHaveProperty('cacheProblem');
    const file = `index-v${INDEX_FORMAT}-${version}-${analysisFingerprint()}.json`;
    expect(cacheFileName(version)).toBe(file);
    expect(await readdir(cacheDir)).toEqual([file]);
    expect(await readFile(path.join(cacheDir, file), 'utf8')).toBe(serializeLibrary(first.library));

    const second = await openLibrary(corpusDir, cacheDir);
    expect(second.source).toBe('cache');
    expect(second).not.toHaveProperty('cacheProblem');
    expect(second.library.version).toBe(version);
    for (const question of ['IAEA', 'negotiations', 'Khameini', 'World Cup']) {
      expect(answerQuestion(question, { library: second.library })).toEqual(answerQuestion(question, { library: first.library }));
    }
  });

  it('rebuilds and overwrites a corrupt cache file, saying why once', async () => {
    const { version } = await loadCorpus(corpusDir);
    const file = path.join(cacheDir, cacheFileName(version));
    await openLibrary(corpusDir, cacheDir);
    const broken = '{"format":1,"corpusVersion":"';
    await writeFile(file, broken);
    const rebuilt = await openLibrary(corpusDir, cacheDir);
    expect(rebuilt.source).toBe('built');
    expect(rebuilt.cacheProblem).toBe(`rejected the cached index ${file} (not valid JSON (${jsonError(broken)})): rebuilt it`);
    expect(await readFile(file, 'utf8')).toBe(serializeLibrary(rebuilt.library));
    expect(await readdir(cacheDir)).toEqual([path.basename(file)]);
    const next = await openLibrary(corpusDir, cacheDir);
    expect(next.source).toBe('cache');
    expect(next).not.toHaveProperty('cacheProblem');
  });

  describe('rejects a damaged or foreign cache file with the reason, and still answers', () => {
    const checksum = 'persisted index is damaged: its data does not match its checksum (truncated, or edited since it was written)';
    type Index = { index: { index: Array<[string, Record<string, Record<string, number>>]> } };
    const damage: Array<[string, (good: string) => string, (good: string) => string]> = [
      ['truncated mid-write', (good) => good.slice(0, Math.floor(good.length / 2)), () => checksum],
      ['truncated inside the header', (good) => good.slice(0, 30), (good) => `not valid JSON (${jsonError(good.slice(0, 30))})`],
      ['empty', () => '', () => `not valid JSON (${jsonError('')})`],
      [
        "another program's JSON",
        () => '{"name":"some-package","version":"1.0.0"}',
        () => 'not a persisted index: format: Invalid input: expected number, received undefined',
      ],
      ['a JSON array', () => '[1, 2, 3]', () => 'not a persisted index: the file: Invalid input: expected object, received array'],
      [
        'an index of the previous layout (no fingerprint, no checksum)',
        (good) => JSON.stringify({ ...parse(good), format: 2, fingerprint: undefined, checksum: undefined }),
        () => `persisted index has format 2, expected ${INDEX_FORMAT}`,
      ],
      [
        'hand-edited, still well-formed: a term frequency raised',
        (good) => {
          const data = parse(good) as Index;
          const postings = Object.values(data.index.index[0]![1])[0]!;
          postings[Object.keys(postings)[0]!]! += 1;
          return JSON.stringify(data);
        },
        () => checksum,
      ],
      [
        'hand-edited: a posting to a passage that does not exist',
        (good) => {
          const data = parse(good) as Index;
          data.index.index[0]![1]['2'] = { 999: 1 };
          return JSON.stringify(data);
        },
        () => checksum,
      ],
      ['hand-edited: spellings dropped', (good) => JSON.stringify({ ...parse(good), spellings: undefined }), () => checksum],
      [
        'reformatted by an editor',
        (good) => JSON.stringify(parse(good), null, 2),
        () => 'persisted index is damaged: its index data is missing or was rewritten',
      ],
    ];

    it.each(damage)('%s', async (_label, spoil, reason) => {
      const { version } = await loadCorpus(corpusDir);
      const file = path.join(cacheDir, cacheFileName(version));
      const fresh = await openLibrary(corpusDir, cacheDir);
      const good = await readFile(file, 'utf8');
      await writeFile(file, spoil(good));
      const opened = await openLibrary(corpusDir, cacheDir);
      expect(opened.source).toBe('built');
      expect(opened.cacheProblem).toBe(`rejected the cached index ${file} (${reason(good)}): rebuilt it`);
      for (const question of ['IAEA', 'negotiations', 'Khameini', 'World Cup']) {
        expect(answerQuestion(question, { library: opened.library })).toEqual(answerQuestion(question, { library: fresh.library }));
      }
      expect(await readFile(file, 'utf8')).toBe(good);
    });
  });

  it('does not read an index built by other analysis code: another fingerprint names another file', async () => {
    const [oldCode, newCode] = ['0'.repeat(16), '1'.repeat(16)];
    const before = await openLibrary(corpusDir, cacheDir, { fingerprint: oldCode });
    expect(before.source).toBe('built');
    expect((await openLibrary(corpusDir, cacheDir, { fingerprint: oldCode })).source).toBe('cache');

    const after = await openLibrary(corpusDir, cacheDir, { fingerprint: newCode });
    expect(after.source).toBe('built');
    // An upgrade is not a problem: the old index is simply replaced.
    expect(after).not.toHaveProperty('cacheProblem');
    expect(await readdir(cacheDir)).toEqual([cacheFileName(after.library.version, newCode)]);
    expect((await openLibrary(corpusDir, cacheDir, { fingerprint: newCode })).source).toBe('cache');
  });

  it("rejects an index whose recorded fingerprint is not the running code's, whatever its file is called", async () => {
    const [oldCode, newCode] = ['0'.repeat(16), '1'.repeat(16)];
    const { library } = await openLibrary(corpusDir, cacheDir, { fingerprint: oldCode });
    const { version } = library;
    const file = path.join(cacheDir, cacheFileName(version, newCode));
    await rename(path.join(cacheDir, cacheFileName(version, oldCode)), file);
    const opened = await openLibrary(corpusDir, cacheDir, { fingerprint: newCode });
    expect(opened.source).toBe('built');
    expect(opened.cacheProblem).toBe(
      `rejected the cached index ${file} (persisted index was built by other analysis code (fingerprint ${oldCode}, expected ${newCode})): rebuilt it`,
    );
    expect(await readFile(file, 'utf8')).toBe(serializeLibrary(library, newCode));
  });

  it('rebuilds when only the alias file changes: aliases are part of the corpus version', async () => {
    const before = await openLibrary(corpusDir, cacheDir);
    expect(answerQuestion('feline', { library: before.library }).answered).toBe(false);
    await writeFiles(corpusDir, { 'aliases.txt': `${FIXTURE_ALIASES}cat = feline\n` });
    const after = await openLibrary(corpusDir, cacheDir);
    expect(after.library.version).not.toBe(before.library.version);
    expect(after.source).toBe('built');
    const answer = expectAnswered(answerQuestion('feline', { library: after.library }));
    expect(answer.passages.map((p) => `${p.documentId}#${p.paragraph}`)).toEqual(['notes/quiet#2']);
    expect((await openLibrary(corpusDir, cacheDir)).source).toBe('cache');
  });

  it('builds a new index when the corpus changes, keyed by the new version, and drops the old one', async () => {
    const before = await openLibrary(corpusDir, cacheDir);
    await writeFiles(corpusDir, { 'notes/new.md': doc('New', ['A new note about centrifuges.']) });
    const after = await openLibrary(corpusDir, cacheDir);
    expect(after.source).toBe('built');
    expect(after.library.version).not.toBe(before.library.version);
    expect(after.library.passageCount).toBe(13);
    expect(await readdir(cacheDir)).toEqual([cacheFileName(after.library.version)]);
    expect((await openLibrary(corpusDir, cacheDir)).source).toBe('cache');
  });

  it('removes index files of the previous naming scheme once it saves a new one', async () => {
    const { version } = await loadCorpus(corpusDir);
    await mkdir(cacheDir, { recursive: true });
    await writeFile(path.join(cacheDir, `index-v2-${version}.json`), '{}');
    await writeFile(path.join(cacheDir, 'notes.txt'), 'kept');
    await openLibrary(corpusDir, cacheDir);
    expect((await readdir(cacheDir)).sort()).toEqual([cacheFileName(version), 'notes.txt'].sort());
  });

  it('still answers when the cache folder cannot be created, and says why exactly once', async () => {
    const blocker = path.join(cacheRoot, 'a-file');
    await writeFile(blocker, 'not a folder');
    const dir = path.join(blocker, 'index');
    const fresh = buildLibrary(await loadCorpus(corpusDir));
    for (let start = 0; start < 2; start++) {
      const opened = await openLibrary(corpusDir, dir);
      expect(opened.source).toBe('built');
      // One reason, from the save: the failed read of a file under a file is "no cache yet", not a second problem.
      expect(opened.cacheProblem).toBe(
        `cannot save the index in ${dir} (ENOTDIR: not a directory, mkdir '${dir}'): every start will rebuild it`,
      );
      expect(answerQuestion('IAEA', { library: opened.library })).toEqual(answerQuestion('IAEA', { library: fresh }));
    }
  });

  it('throws the corpus error for an invalid corpus', async () => {
    await writeFiles(corpusDir, { 'notes/bad.md': '---\ntitle: T\n---\n' });
    const error = await openLibrary(corpusDir, cacheDir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorpusError);
    expect((error as CorpusError).issues).toEqual([
      {
        file: path.join(corpusDir, 'notes', 'bad.md'),
        line: 3,
        message: 'body is empty: write at least one paragraph after the front matter',
      },
    ]);
  });
});
