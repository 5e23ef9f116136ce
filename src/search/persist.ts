import MiniSearch from 'minisearch';
import type { Corpus } from '../corpus/types.js';
import { AliasTable } from './analyze.js';
import { indexOptions, Library, passagesOf } from './library.js';

/**
 * Bumped whenever analysis or index layout changes, so an index persisted by an older build is rebuilt rather
 * than read with the wrong meaning.
 */
export const INDEX_FORMAT = 5;

interface Persisted {
  format: number;
  corpusVersion: string;
  passages: number;
  documentFrequency: Array<[string, number]>;
  spellings: Array<[string, string]>;
  names: Array<[string, string[]]>;
  index: unknown;
}

/** Serialises a library's index with its format and the corpus version it was built from. */
export function serializeLibrary(library: Library): string {
  const data: Persisted = {
    format: INDEX_FORMAT,
    corpusVersion: library.version,
    passages: library.passageCount,
    documentFrequency: [...library.documentFrequency],
    spellings: [...library.spellings],
    names: [...library.namePairs].map(([first, seconds]) => [first, [...seconds]]),
    index: library.index,
  };
  return JSON.stringify(data);
}

/** Restores a library from `serializeLibrary` output; throws when it was built from another corpus or format. */
export function loadLibrary(json: string, corpus: Corpus): Library {
  const data = JSON.parse(json) as Persisted;
  if (data.format !== INDEX_FORMAT) throw new Error(`persisted index has format ${data.format}, expected ${INDEX_FORMAT}`);
  if (data.corpusVersion !== corpus.version) throw new Error(`persisted index is for corpus ${data.corpusVersion}, not ${corpus.version}`);
  const passages = passagesOf(corpus);
  if (data.passages !== passages.length) throw new Error('persisted index does not match the corpus passages');
  const index = MiniSearch.loadJS(data.index as Parameters<typeof MiniSearch.loadJS>[0], indexOptions);
  return new Library(corpus, passages, index, new Map(data.documentFrequency), new AliasTable(corpus.aliases), new Map(data.spellings), new Map(data.names.map(([first, seconds]) => [first, new Set(seconds)])));
}
