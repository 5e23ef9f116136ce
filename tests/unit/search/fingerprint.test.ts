import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ANALYSIS_VERSION } from '../../../src/search/analyze.js';
import {
  analysisFingerprint,
  analysisInputs,
  type AnalysisInputs,
  fingerprintOf,
  installedVersion,
  sourceHashes,
} from '../../../src/search/fingerprint.js';
import { FIELD_BOOSTS } from '../../../src/search/library.js';
import { STOP_WORDS } from '../../../src/search/stopwords.js';
import { makeTempDir, removeDir, repoRoot } from '../helpers/fixture-corpus.js';

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const versionOf = (name: string) =>
  (JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

let temp: string | undefined;
afterEach(async () => {
  await removeDir(temp);
  temp = undefined;
});

describe('analysisInputs', () => {
  it('reads the installed versions of the stemmer, the lemmatiser, the stop-word list and MiniSearch from their package.json', () => {
    const inputs = analysisInputs();
    expect(inputs.packages).toEqual({
      stemmer: versionOf('stemmer'),
      'wink-lemmatizer': versionOf('wink-lemmatizer'),
      stopword: versionOf('stopword'),
      minisearch: versionOf('minisearch'),
    });
    // MiniSearch's `exports` do not list package.json: the version is found next to its entry point instead.
    expect(installedVersion('minisearch')).toMatch(/^7\./);
  });

  it('covers the stop words, the index options, ANALYSIS_VERSION and the Unicode version', () => {
    const inputs = analysisInputs();
    expect(inputs.analysisVersion).toBe(ANALYSIS_VERSION);
    expect(inputs.stopWords).toBe(sha256([...STOP_WORDS].sort().join('\n')));
    expect(JSON.parse(inputs.indexOptions)).toEqual({
      fields: ['title', 'tags', 'text'],
      idField: 'id',
      storeFields: [],
      boosts: FIELD_BOOSTS,
    });
    expect(inputs.unicode).toBe(process.versions.unicode);
  });

  it('hashes the source of every module that turns a corpus into the index', () => {
    const files = {
      './analyze': 'src/search/analyze.ts',
      './words': 'src/search/words.ts',
      './stopwords': 'src/search/stopwords.ts',
      './library': 'src/search/library.ts',
      './persist': 'src/search/persist.ts',
      '../corpus/parse': 'src/corpus/parse.ts',
      '../corpus/aliases': 'src/corpus/aliases.ts',
      '../corpus/references': 'src/corpus/references.ts',
    };
    const expected = Object.fromEntries(
      Object.entries(files).map(([module, file]) => [module, sha256(readFileSync(path.join(repoRoot, file)))]),
    );
    expect(analysisInputs().sources).toEqual(expected);
  });
});

describe('sourceHashes', () => {
  it('reads modules with the extension of the module it is resolved from, and marks unreadable ones', async () => {
    temp = await makeTempDir('fingerprint-');
    await writeFile(path.join(temp, 'a.js'), 'export const a = 1;\n');
    await writeFile(path.join(temp, 'a.ts'), 'export const a: number = 1;\n');
    const base = pathToFileURL(path.join(temp, 'fingerprint.js')).href;
    expect(sourceHashes(['./a', './missing'], base)).toEqual({ './a': sha256('export const a = 1;\n'), './missing': 'unavailable' });
  });
});

describe('fingerprintOf', () => {
  const base: AnalysisInputs = {
    analysisVersion: 1,
    packages: { stemmer: '2.0.1', stopword: '3.1.5', minisearch: '7.2.0' },
    stopWords: 'a'.repeat(64),
    indexOptions: JSON.stringify({ fields: ['title', 'tags', 'text'], boosts: { title: 2, tags: 1.5, text: 1 } }),
    sources: { './analyze': 'b'.repeat(64), './library': 'c'.repeat(64) },
    unicode: '15.1',
  };

  it('is a 16-digit hash that depends only on the inputs', () => {
    expect(fingerprintOf(base)).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprintOf(structuredClone(base))).toBe(fingerprintOf(base));
  });

  it('changes when anything that changes analysis changes', () => {
    const variants: AnalysisInputs[] = [
      { ...base, analysisVersion: 2 },
      { ...base, packages: { ...base.packages, stemmer: '2.0.2' } },
      { ...base, packages: { ...base.packages, stopword: '3.2.0' } },
      { ...base, packages: { ...base.packages, minisearch: '7.3.0' } },
      { ...base, stopWords: 'd'.repeat(64) },
      { ...base, indexOptions: JSON.stringify({ fields: ['title', 'tags', 'text'], boosts: { title: 3, tags: 1.5, text: 1 } }) },
      { ...base, sources: { ...base.sources, './analyze': 'e'.repeat(64) } },
      { ...base, sources: { ...base.sources, './library': 'unavailable' } },
      { ...base, unicode: '16.0' },
    ];
    const fingerprints = new Set([base, ...variants].map(fingerprintOf));
    expect(fingerprints.size).toBe(variants.length + 1);
  });
});

describe('analysisFingerprint', () => {
  it('is the fingerprint of the running code, the same at every call', () => {
    expect(analysisFingerprint()).toBe(fingerprintOf(analysisInputs()));
    expect(analysisFingerprint()).toBe(analysisFingerprint());
  });
});
