// Measuring one search system at one corpus size. Runs inside a child process (search/child.ts): each system
// gets a fresh heap and a fresh JIT, so one library's garbage, retained closures or warmed-up MiniSearch code
// cannot show up in another's figures.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { answerQuestion } from '../../src/answer/answer.js';
import { CorpusError } from '../../src/corpus/errors.js';
import { loadCorpus } from '../../src/corpus/load.js';
import type { Corpus } from '../../src/corpus/types.js';
import { buildLibrary, type Library } from '../../src/search/library.js';
import { loadLibrary, serializeLibrary } from '../../src/search/persist.js';
import { BENCH_PEERS, type Retriever, type RetrieverFactory } from '../../eval/peers/index.js';
import { passageKey, recordsOf } from '../../eval/records.js';
import { type BenchQuery, generateCorpus, generateQueries, type WordSource, wordsByFrequency } from '../generate.js';
import { MB, percentile, settledHeap, timed, timedAsync } from '../measure.js';

export const PROJECT = 'this project';
/** Passages per answer, as the bot asks. */
export const K = 3;
/** Queries run before timing starts, so the JIT and caches are warm for every system alike... */
export const WARMUP = 200;
/** ...or as many as fit in this time: at 100,000 passages some peers take a second per query. */
export const WARMUP_BUDGET_MS = 10_000;
/** Queries on which a reloaded index must rank like the one it was saved from (few: at 100,000 passages a query can take seconds). */
const LOAD_CHECK = 5;

/** The systems in table order: the project, then the peers. Jobs name a system by its index here. */
export function benchSystems(corpus: Corpus): RetrieverFactory[] {
  return [() => projectRetriever(corpus), ...BENCH_PEERS];
}

/** Names of the systems, in the same order, without building anything. */
export function benchSystemNames(): string[] {
  return [PROJECT, ...BENCH_PEERS.map((create) => create().name)];
}

export interface Job {
  size: number;
  system: number;
  queries: number;
  /** Stop timing queries after this long (null: time them all); the row says how many were timed. */
  queryBudgetMs: number | null;
  seed: number;
  corpusDir: string;
}

/** One system's figures at one corpus size. */
export interface Row {
  name: string;
  documents: number;
  vocabulary: number;
  generateMs: number;
  sourceNote: string;
  buildMs: number;
  heapMB: number;
  serialisedMB: number;
  loadMs: number;
  /** Queries actually timed: fewer than asked when the query budget ran out. */
  timed: number;
  p50: number;
  p99: number;
  /** p99 over the timed queries carrying a typo (about a tenth of them); null when none was timed. */
  p99Typo: number | null;
  /** Share of timed queries whose source passage came back in the top 3. */
  foundAt3: number;
  /** Whether the reloaded index ranked the check queries as the original did. */
  loadAgrees: boolean;
  wallS: number;
}

/** The project's search behind the peers' interface, so one measuring loop serves every system. */
function projectRetriever(corpus: Corpus): Retriever {
  let library: Library | undefined;
  const ready = () => {
    if (!library) throw new Error('project: search before build');
    return library;
  };
  return {
    name: PROJECT,
    build() {
      library = buildLibrary(corpus);
    },
    search(query, k) {
      const answer = answerQuestion(query, { library: ready(), limit: k });
      return answer.answered ? answer.passages.map((p) => passageKey(p.documentId, p.paragraph)) : [];
    },
    async serialize() {
      return serializeLibrary(ready());
    },
    async load(serialised) {
      library = loadLibrary(serialised, corpus);
    },
  };
}

/** Words (most frequent first) and aliases of the real corpus; raw files when the corpus does not validate. */
async function wordSource(dir: string): Promise<{ source: WordSource; note: string }> {
  try {
    const corpus = await loadCorpus(dir);
    const texts = corpus.documents.flatMap((doc) => [doc.title, doc.tags.join(' '), ...doc.paragraphs]);
    const words = wordsByFrequency(texts);
    return {
      source: { words, aliases: corpus.aliases },
      note: `${words.length} distinct words and ${corpus.aliases.length} alias groups from ${dir}/`,
    };
  } catch (error) {
    if (!(error instanceof CorpusError)) throw error;
    // A corpus mid-edit still has words worth borrowing; only its aliases are lost.
    const words = wordsByFrequency(await readMarkdown(dir));
    return {
      source: { words, aliases: [] },
      note: `${words.length} distinct words from the raw files of ${dir}/ (the corpus did not validate, so no aliases)`,
    };
  }
}

async function readMarkdown(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && e.name.endsWith('.md')).map((e) => path.join(e.parentPath, e.name));
  return Promise.all(files.sort().map((file) => readFile(file, 'utf8')));
}

/** Generates the corpus and questions for the job (deterministic), then measures its system. */
export async function runJob(job: Job): Promise<Row> {
  const wallStart = performance.now();
  const { source, note } = await wordSource(job.corpusDir);
  const generated = timed(() => generateCorpus(job.size, source, job.seed));
  const { corpus, vocabulary } = generated.value;
  const queries = generateQueries(corpus, WARMUP + job.queries, job.seed);
  const create = benchSystems(corpus)[job.system];
  if (!create) throw new Error(`bench: no system ${job.system}`);
  const figures = await measure(create, corpus, queries, job);
  return {
    ...figures,
    documents: corpus.documents.length,
    vocabulary,
    generateMs: generated.ms,
    sourceNote: note,
    wallS: (performance.now() - wallStart) / 1000,
  };
}

type Figures = Omit<Row, 'documents' | 'vocabulary' | 'generateMs' | 'sourceNote' | 'wallS'>;

async function measure(create: RetrieverFactory, corpus: Corpus, queries: readonly BenchQuery[], job: Job): Promise<Figures> {
  // Records exist before the first heap reading, so they are not counted as the index.
  const records = recordsOf(corpus);
  const heapBefore = settledHeap();
  let system: Retriever | undefined = create();
  const name = system.name;
  const build = timed(() => system!.build(records));
  const heapMB = (settledHeap() - heapBefore) / MB;
  const serialised = await system.serialize();

  const checks = queries.slice(0, LOAD_CHECK).map((q) => system!.search(q.text, K).join());
  const warmupEnd = performance.now() + WARMUP_BUDGET_MS;
  for (const q of queries.slice(0, WARMUP)) {
    system.search(q.text, K);
    if (performance.now() > warmupEnd) break;
  }
  const clean: number[] = [];
  const typo: number[] = [];
  let found = 0;
  const deadline = job.queryBudgetMs === null ? Infinity : performance.now() + job.queryBudgetMs;
  for (const q of queries.slice(WARMUP, WARMUP + job.queries)) {
    const start = performance.now();
    const keys = system.search(q.text, K);
    const elapsed = performance.now() - start;
    (q.typo ? typo : clean).push(elapsed);
    if (keys.includes(q.source)) found++;
    if (start + elapsed > deadline) break;
  }
  // Dropped before loading, so the largest indexes need room for one copy, not two.
  system = undefined;

  const reloaded = create();
  const load = await timedAsync(() => reloaded.load(serialised));
  const loadAgrees = queries.slice(0, LOAD_CHECK).every((q, i) => reloaded.search(q.text, K).join() === checks[i]);

  const all = [...clean, ...typo].sort((a, b) => a - b);
  typo.sort((a, b) => a - b);
  return {
    name,
    buildMs: build.ms,
    heapMB,
    serialisedMB: Buffer.byteLength(serialised) / MB,
    loadMs: load.ms,
    timed: all.length,
    p50: percentile(all, 50),
    p99: percentile(all, 99),
    // Null rather than NaN: the row crosses the IPC channel as JSON, which has no NaN.
    p99Typo: typo.length > 0 ? percentile(typo, 99) : null,
    foundAt3: found / all.length,
    loadAgrees,
  };
}
