import { createHash } from 'node:crypto';
import MiniSearch, { type AsPlainObject } from 'minisearch';
import { z } from 'zod';
import type { Corpus } from '../corpus/types.js';
import { AliasTable } from './analyze.js';
import { analysisFingerprint } from './fingerprint.js';
import { indexOptions, Library, passagesOf } from './library.js';

/**
 * Bumped whenever the layout of the persisted file changes. Analysis changes are caught by the analysis
 * fingerprint (fingerprint.ts) instead, which the file also records.
 */
export const INDEX_FORMAT = 4;

/** The cache file's name: the layout, the corpus and the analysis it was built with, so a stale one is never opened. */
export function cacheFileName(corpusVersion: string, fingerprint: string = analysisFingerprint()): string {
  return `index-v${INDEX_FORMAT}-${corpusVersion}-${fingerprint}.json`;
}

/** Names of cache files of any format, corpus or fingerprint: what openLibrary may clean up. */
export const CACHE_FILE = /^index-v\d+-[0-9a-f]+(?:-[0-9a-f]+)?\.json$/;

const count = z.number().int().nonnegative();
const isCount = (value: unknown) => Number.isInteger(value) && (value as number) >= 0;
const isShortId = (key: string) => /^\d+$/.test(key);
const pairOf = (second: (value: unknown) => boolean) => (item: unknown) =>
  Array.isArray(item) && item.length === 2 && typeof item[0] === 'string' && second(item[1]);

// zod's array, tuple and record schemas copy every element they check. For the hundreds of thousands of entries of
// a large index that copying cost more than loading the index itself, so the bulk is checked in place.

/** An array every element of which passes `check`. */
function arrayOf<T>(what: string, check: (item: unknown) => boolean) {
  return z.custom<T[]>((value) => Array.isArray(value) && value.every(check), `expected an array of ${what}`);
}

/** An object keyed by MiniSearch short document ids, every value of which passes `check`. */
function byShortId<T>(what: string, check: (item: unknown) => boolean) {
  return z.custom<Record<string, T>>(
    (value) => isRecord(value) && Object.keys(value).every((key) => isShortId(key) && check(value[key])),
    `expected ${what} by document number`,
  );
}

/**
 * MiniSearch's `toJSON()` output, version 2, as MiniSearch.loadJS reads it. What each term maps to (millions of
 * postings in a large library) is left to the checksum: checking each posting doubled the load time.
 */
const miniSearchSchema = z.object({
  documentCount: count,
  nextId: count,
  documentIds: byShortId<number>('passage numbers', isCount),
  fieldIds: z.record(z.string(), count),
  fieldLength: byShortId<number[]>('field lengths', (lengths) => Array.isArray(lengths) && lengths.every(isCount)),
  averageFieldLength: z.array(z.number().nonnegative()),
  storedFields: byShortId<unknown>('stored fields', isRecord),
  dirtCount: count.optional(),
  // term → (field id → short document id → term frequency)
  index: arrayOf<[string, Record<string, Record<string, number>>]>('[term, postings] pairs', pairOf(isRecord)),
  serializationVersion: z.literal(2),
});

/** What precedes the index data, parsed on its own: a file of another format, build or corpus is refused unread. */
const headerSchema = z.object({
  format: z.literal(INDEX_FORMAT),
  fingerprint: z.string(),
  corpusVersion: z.string(),
  passages: count,
  /** SHA-256 of the index data as written: a truncated or edited file does not match it. */
  checksum: z.string().regex(/^[0-9a-f]{64}$/),
});

const bodySchema = z.object({
  documentFrequency: arrayOf<[string, number]>(
    '[term, passage count] pairs',
    pairOf((n) => isCount(n) && (n as number) > 0),
  ),
  spellings: arrayOf<[string, string]>(
    '[word, stem] pairs',
    pairOf((stem) => typeof stem === 'string'),
  ),
  names: arrayOf<[string, string[]]>(
    '[first word, second words] pairs',
    pairOf((seconds) => Array.isArray(seconds) && seconds.every((w) => typeof w === 'string')),
  ),
  index: miniSearchSchema,
});

type Header = z.infer<typeof headerSchema>;
type Body = z.infer<typeof bodySchema>;

/**
 * Where the index data starts. The file is one JSON object, header fields first, so a reader can check the header
 * and the checksum before parsing megabytes; header values (numbers, hex, the corpus hash) cannot contain this.
 */
const BODY_START = ',"documentFrequency":';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Serialises a library's index with its format, analysis fingerprint, corpus version and a checksum. */
export function serializeLibrary(library: Library, fingerprint: string = analysisFingerprint()): string {
  const body: Omit<Body, 'index'> & { index: AsPlainObject } = {
    documentFrequency: [...library.documentFrequency],
    spellings: [...library.spellings],
    names: [...library.namePairs].map(([first, seconds]) => [first, [...seconds]]),
    index: library.index.toJSON(),
  };
  const bodyJson = JSON.stringify(body);
  const header: Header = {
    format: INDEX_FORMAT,
    fingerprint,
    corpusVersion: library.version,
    passages: library.passageCount,
    checksum: sha256(bodyJson),
  };
  return `${JSON.stringify(header).slice(0, -1)},${bodyJson.slice(1)}`;
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'the file'}: ${issue.message}` : error.message;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SyntaxError(`not valid JSON (${(error as Error).message})`, { cause: error });
  }
}

/**
 * Restores a library from `serializeLibrary` output. Throws an Error whose message is the reason (a SyntaxError for
 * text that is not JSON) for anything but an index of this format, fingerprint and corpus, whole and as written: a
 * truncated, hand-edited or foreign file is refused rather than turned into a library that answers wrongly or crashes.
 */
export function loadLibrary(json: string, corpus: Corpus, fingerprint: string = analysisFingerprint()): Library {
  const cut = json.indexOf(BODY_START);
  const raw = parseJson(cut >= 0 ? `${json.slice(0, cut)}}` : json);
  // Format, build and corpus first, with messages of their own: after an upgrade these are the usual reasons.
  const loose = z.object({ format: z.number(), fingerprint: z.string().optional(), corpusVersion: z.string().optional() }).safeParse(raw);
  if (!loose.success) throw new Error(`not a persisted index: ${firstIssue(loose.error)}`);
  if (loose.data.format !== INDEX_FORMAT) throw new Error(`persisted index has format ${loose.data.format}, expected ${INDEX_FORMAT}`);
  if (loose.data.fingerprint !== fingerprint) {
    const found = loose.data.fingerprint ?? 'none';
    throw new Error(`persisted index was built by other analysis code (fingerprint ${found}, expected ${fingerprint})`);
  }
  if (loose.data.corpusVersion !== corpus.version) {
    throw new Error(`persisted index is for corpus ${loose.data.corpusVersion ?? 'none'}, not ${corpus.version}`);
  }
  const header = headerSchema.safeParse(raw);
  if (!header.success) throw new Error(`persisted index is damaged: ${firstIssue(header.error)}`);
  if (cut < 0) throw new Error('persisted index is damaged: its index data is missing or was rewritten');
  const bodyJson = `{${json.slice(cut + 1)}`;
  if (sha256(bodyJson) !== header.data.checksum) {
    throw new Error('persisted index is damaged: its data does not match its checksum (truncated, or edited since it was written)');
  }
  const body = bodySchema.safeParse(parseJson(bodyJson));
  if (!body.success) throw new Error(`persisted index is damaged: ${firstIssue(body.error)}`);
  const passages = passagesOf(corpus);
  if (header.data.passages !== passages.length) throw new Error('persisted index does not match the corpus passages');
  const index = loadIndex(checkIndex(body.data.index, passages.length));
  const { documentFrequency, spellings, names } = body.data;
  const namePairs = new Map(names.map(([first, seconds]) => [first, new Set(seconds)]));
  return new Library(corpus, passages, index, new Map(documentFrequency), new AliasTable(corpus.aliases), new Map(spellings), namePairs);
}

function loadIndex(index: AsPlainObject) {
  try {
    return MiniSearch.loadJS(index, indexOptions);
  } catch (error) {
    throw new Error(`MiniSearch cannot load the persisted index (${(error as Error).message})`, { cause: error });
  }
}

/**
 * What a schema cannot say: the index holds exactly passages 0..n-1, under the fields the code indexes. (Postings
 * pointing at those passages are vouched for by the checksum: the file is what a consistent index serialised to.)
 */
function checkIndex(index: Body['index'], passages: number): AsPlainObject {
  const damaged = (what: string) => new Error(`persisted index is damaged: ${what}`);
  const fields = indexOptions.fields;
  if (JSON.stringify(index.fieldIds) !== JSON.stringify(Object.fromEntries(fields.map((f, i) => [f, i])))) {
    throw damaged(`fields ${Object.keys(index.fieldIds).join(', ')}, expected ${fields.join(', ')}`);
  }
  const ids = Object.values(index.documentIds);
  if (index.documentCount !== passages || ids.length !== passages || new Set(ids).size !== passages || ids.some((id) => id >= passages)) {
    throw damaged(`it does not index passages 0 to ${passages - 1} once each`);
  }
  if (index.averageFieldLength.length !== fields.length) throw damaged('average field lengths do not match the fields');
  for (const [shortId, lengths] of Object.entries(index.fieldLength)) {
    if (!(shortId in index.documentIds) || lengths.length !== fields.length) throw damaged(`field lengths of document ${shortId}`);
  }
  return index;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
