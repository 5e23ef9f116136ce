import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { Logger } from '../log.js';
import type { Answer, AnswerOptions } from './types.js';

/** What a search thread is asked: plain data, so it crosses the thread boundary as is. */
export interface SearchTask extends AnswerOptions {
  question: string;
  /** The server asking (null in a DM): the scope of what is searched, as servers get their own notes. */
  guildId: string | null;
}

/** The bot's searches, each run off the event loop so a slow one never holds up the gateway or other interactions. */
export interface SearchService {
  /** `answerQuestion` for this library, run in a search thread. */
  answer(question: string, options: Omit<SearchTask, 'question'>): Promise<Answer>;
  /** Ends the search threads; answers still pending reject. Safe to call twice. */
  close(): Promise<void>;
}

export interface SearchServiceOptions {
  corpusDir: string;
  /** Where the main thread persisted the index: each thread reads it back instead of rebuilding it. */
  cacheDir: string;
  /** The corpus version the main thread loaded; the threads must search the same one. */
  corpusVersion: string;
  /** Search threads (default `defaultSearchWorkers()`). */
  workers?: number;
  log: Logger;
  test?: SearchTestHooks;
}

/** For tests only, never set from configuration: search threads that misbehave on purpose. */
export interface SearchTestHooks {
  /** Each search blocks its thread this many ms more, as a slow library would (so answers miss Discord's 3 s). */
  searchDelayMs?: number;
  /** The search thread given this exact question exits mid-task, as a crashing thread would. */
  exitOnQuestion?: string;
}

/**
 * One thread on a small machine, at most one per core but the one the event loop needs, and no more than four:
 * each thread holds its own copy of the index in memory.
 */
export function defaultSearchWorkers(cores = os.availableParallelism()): number {
  return Math.max(1, Math.min(4, cores - 1));
}

/** Registers tsx in the thread, then loads worker.ts. */
const WORKER_FILE = fileURLToPath(new URL('./worker-entry.mjs', import.meta.url));

/**
 * Starts the search threads and resolves once each has opened the library, so a library the threads cannot open
 * fails start-up rather than the first question. A thread that dies is replaced by the pool; its question fails.
 */
export async function createSearchService(options: SearchServiceOptions): Promise<SearchService> {
  const threads = options.workers ?? defaultSearchWorkers();
  const pool = new Piscina<SearchTask | null, Answer | string>({
    filename: WORKER_FILE,
    minThreads: threads,
    maxThreads: threads,
    // Nothing inherited from the main thread's command line: the entry file sets up what the thread needs.
    execArgv: [],
    workerData: { corpusDir: options.corpusDir, cacheDir: options.cacheDir, test: options.test ?? {} },
    recordTiming: false,
  });
  // A thread that fails while idle is reported here; without a listener the pool's 'error' would crash the process.
  pool.on('error', (error: unknown) => options.log.error({ err: error }, 'search thread failed'));

  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await pool.destroy();
  };
  try {
    // As many calls as threads, at once: each idle thread takes one.
    const versions = await Promise.all(Array.from({ length: threads }, () => pool.run(null, { name: 'version' })));
    const other = versions.find((v) => v !== options.corpusVersion);
    if (other !== undefined) {
      throw new Error(`The corpus changed on disk while the bot was starting (${options.corpusVersion}, then ${typeof other === 'string' ? other : 'unknown'}): start it again.`);
    }
  } catch (error) {
    await close();
    throw error;
  }
  options.log.info({ threads }, 'search threads ready');

  return {
    async answer(question, request) {
      return (await pool.run({ ...request, question })) as Answer;
    },
    close,
  };
}
