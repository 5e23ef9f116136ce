import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadCorpus } from '../corpus/load.js';
import type { Corpus } from '../corpus/types.js';
import { analysisFingerprint } from './fingerprint.js';
import { buildLibrary, type Library } from './library.js';
import { CACHE_FILE, cacheFileName, loadLibrary, serializeLibrary } from './persist.js';

export interface OpenedLibrary {
  library: Library;
  /** How the index was obtained: built now, or read back from the cache for this exact corpus and analysis code. */
  source: 'built' | 'cache';
  /**
   * Why the cache could not be read or saved, once, for the operator's log: the bot still works, but rebuilds at
   * every start. Absent when all went well, including a first start with no cache yet.
   */
  cacheProblem?: string;
}

export interface OpenOptions {
  /** The analysis fingerprint the cache must match; default: the running code's. */
  fingerprint?: string;
}

/**
 * Loads the corpus and its index. With `cacheDir`, the index persisted for this exact corpus and analysis
 * fingerprint is read back instead of rebuilt, and a fresh build is saved for next time. Cache trouble is never an
 * error: the index is rebuilt and the reason returned as `cacheProblem`.
 */
export async function openLibrary(corpusDir: string, cacheDir?: string, options: OpenOptions = {}): Promise<OpenedLibrary> {
  const corpus = await loadCorpus(corpusDir);
  if (!cacheDir) return { library: buildLibrary(corpus), source: 'built' };
  const fingerprint = options.fingerprint ?? analysisFingerprint();
  const file = path.join(cacheDir, cacheFileName(corpus.version, fingerprint));
  const cached = await readCache(file, corpus, fingerprint);
  if (typeof cached === 'object') return { library: cached, source: 'cache' };
  const library = buildLibrary(corpus);
  const problems = [cached, await saveCache(file, library, fingerprint)].filter((p) => p !== undefined);
  return problems.length > 0 ? { library, source: 'built', cacheProblem: problems.join('; ') } : { library, source: 'built' };
}

/** The cached library, or why it could not be used; undefined when there is none yet (a first start, a new corpus). */
async function readCache(file: string, corpus: Corpus, fingerprint: string): Promise<Library | string | undefined> {
  let json: string;
  try {
    json = await readFile(file, 'utf8');
  } catch (error) {
    // No file, or no folder (ENOTDIR: part of the path is a file): no cache, and saving will say why if it cannot.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    return `cannot read the cached index ${file} (${(error as Error).message}): rebuilt it`;
  }
  try {
    return loadLibrary(json, corpus, fingerprint);
  } catch (error) {
    return `rejected the cached index ${file} (${(error as Error).message}): rebuilt it`;
  }
}

/** Saves the index for the next start and removes older ones; returns why it could not, if it could not. */
async function saveCache(file: string, library: Library, fingerprint: string): Promise<string | undefined> {
  const dir = path.dirname(file);
  // Write then rename, so a crash mid-write never leaves a truncated index to be read back.
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(temp, serializeLibrary(library, fingerprint));
    await rename(temp, file);
    // Indexes of earlier corpus versions or analysis code will never be read again: each can be tens of megabytes.
    for (const name of await readdir(dir)) {
      if (CACHE_FILE.test(name) && name !== path.basename(file)) await rm(path.join(dir, name), { force: true });
    }
    return undefined;
  } catch (error) {
    // A full disk leaves a partial temporary file: do not let it take the space of the next attempt.
    await rm(temp, { force: true }).catch(() => undefined);
    return `cannot save the index in ${dir} (${(error as Error).message}): every start will rebuild it`;
  }
}
