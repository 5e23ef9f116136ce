import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadCorpus } from '../corpus/load.js';
import { buildLibrary, type Library } from './library.js';
import { INDEX_FORMAT, loadLibrary, serializeLibrary } from './persist.js';

export interface OpenedLibrary {
  library: Library;
  /** How the index was obtained: built now, or read back from the cache for this exact corpus. */
  source: 'built' | 'cache';
}

/**
 * Loads the corpus and its index. With `cacheDir`, the index persisted for this exact corpus version is read back
 * instead of rebuilt, and a fresh build is saved for next time. A missing or stale cache is never an error.
 */
export async function openLibrary(corpusDir: string, cacheDir?: string): Promise<OpenedLibrary> {
  const corpus = await loadCorpus(corpusDir);
  if (!cacheDir) return { library: buildLibrary(corpus), source: 'built' };
  const file = path.join(cacheDir, `index-v${INDEX_FORMAT}-${corpus.version}.json`);
  try {
    return { library: loadLibrary(await readFile(file, 'utf8'), corpus), source: 'cache' };
  } catch {
    // No cache yet, or one from another build: rebuild below.
  }
  const library = buildLibrary(corpus);
  try {
    await mkdir(cacheDir, { recursive: true });
    // Write then rename, so a crash mid-write never leaves a truncated index to be read back.
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, serializeLibrary(library));
    await rename(temp, file);
    // Indexes of earlier corpus versions will never be read again: each can be tens of megabytes.
    for (const name of await readdir(cacheDir)) {
      if (/^index-v\d+-[0-9a-f]+\.json$/.test(name) && name !== path.basename(file)) await rm(path.join(cacheDir, name), { force: true });
    }
  } catch {
    // A read-only data folder costs only the rebuild next time.
  }
  return { library, source: 'built' };
}
