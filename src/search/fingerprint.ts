import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ANALYSIS_VERSION } from './analyze.js';
import { FIELD_BOOSTS, indexOptions } from './library.js';
import { STOP_WORDS } from './stopwords.js';

/**
 * Packages whose code decides the persisted index: the stemmer and the stop-word list make its terms, MiniSearch
 * its layout and scoring statistics.
 */
const PACKAGES = ['stemmer', 'wink-lemmatizer', 'stopword', 'minisearch'] as const;

/**
 * Modules, relative to this one, whose code turns a corpus into the persisted index: paragraph splitting (passage
 * ids), alias parsing, analysis, stop words, the index build and its serialisation.
 */
const SOURCES = [
  './analyze',
  './words',
  './stopwords',
  './library',
  './persist',
  '../corpus/parse',
  '../corpus/aliases',
  '../corpus/references',
] as const;

/** Everything besides the corpus itself that decides what a persisted index holds. */
export interface AnalysisInputs {
  /** `ANALYSIS_VERSION`: bumped by hand, and the only guard left where the sources cannot be read. */
  analysisVersion: number;
  /** Installed version of each package in PACKAGES. */
  packages: Record<string, string>;
  /** SHA-256 of the stop-word list (the package's words and ours), sorted. */
  stopWords: string;
  /** The index options that are data: fields, ids, stored fields, boosts. Their functions live in library.ts. */
  indexOptions: string;
  /** SHA-256 of each module in SOURCES, or `unavailable` when it cannot be read (a bundled build). */
  sources: Record<string, string>;
  /** The Unicode version behind `\p{L}`, `normalize` and `toLowerCase`: it decides what a word is and how it folds. */
  unicode: string;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

const packageJsonSchema = z.object({ name: z.string(), version: z.string() });
const require = createRequire(import.meta.url);

/**
 * The installed version of a dependency. `require('x/package.json')` is refused for packages whose `exports` do not
 * list it (MiniSearch), so the entry point is resolved instead and its folders walked up to the package's own file.
 */
export function installedVersion(name: string): string {
  let dir = path.dirname(require.resolve(name));
  for (;;) {
    const file = path.join(dir, 'package.json');
    // Build folders may hold a package.json of their own ({"type": "commonjs"}): only the one naming the package counts.
    const parsed = existsSync(file) ? packageJsonSchema.safeParse(JSON.parse(readFileSync(file, 'utf8'))) : undefined;
    if (parsed?.success && parsed.data.name === name) return parsed.data.version;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the package.json of ${name}`);
    dir = parent;
  }
}

/**
 * SHA-256 of each module's source, read next to this module with this module's own extension (`.ts` run by tsx,
 * `.js` once compiled). Any edit, even to a comment, costs one rebuild: a small price for never reading an index
 * built by other code because someone forgot to bump ANALYSIS_VERSION.
 */
export function sourceHashes(modules: readonly string[] = SOURCES, base: string = import.meta.url): Record<string, string> {
  const extension = path.extname(fileURLToPath(base));
  const out: Record<string, string> = {};
  for (const module of modules) {
    try {
      out[module] = sha256(readFileSync(new URL(`${module}${extension}`, base)));
    } catch {
      out[module] = 'unavailable';
    }
  }
  return out;
}

/** Collects the analysis inputs of the running code. */
export function analysisInputs(): AnalysisInputs {
  const { fields, idField, storeFields } = indexOptions;
  return {
    analysisVersion: ANALYSIS_VERSION,
    packages: Object.fromEntries(PACKAGES.map((name) => [name, installedVersion(name)])),
    stopWords: sha256([...STOP_WORDS].sort().join('\n')),
    // Boosts apply at query time in MiniSearch, but they shape what the index is for: cheap to include.
    indexOptions: JSON.stringify({ fields, idField, storeFields, boosts: FIELD_BOOSTS }),
    sources: sourceHashes(),
    unicode: process.versions.unicode ?? 'unknown',
  };
}

/** A short hash of analysis inputs: equal inputs, equal fingerprint. */
export function fingerprintOf(inputs: AnalysisInputs): string {
  return sha256(JSON.stringify(inputs)).slice(0, 16);
}

let current: string | undefined;

/** The running code's analysis fingerprint, computed once: it names and guards the persisted index. */
export function analysisFingerprint(): string {
  current ??= fingerprintOf(analysisInputs());
  return current;
}
