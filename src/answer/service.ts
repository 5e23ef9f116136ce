import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { Logger } from '../log.js';
import type { Library } from '../search/library.js';
import { answerQuestion } from './answer.js';
import type { Answer, AnswerOptions } from './types.js';

/** Where a question is asked, and which page of its answer is wanted. */
export interface SearchRequest extends AnswerOptions {
  /** The server asking (null in a DM): its notes are searched with the shipped library, and no other server's. */
  guildId: string | null;
}

/** What a search thread is asked: plain data, so it crosses the thread boundary as is. */
export interface SearchTask extends SearchRequest {
  question: string;
  /**
   * The server's notes version (`NotesStore.version`) read just before: the thread rebuilds its copy of the server's
   * library when it has another. 0: no notes, the shipped library is searched. Absent: it could not be read.
   */
  notesVersion?: number;
}

/** What a search thread answers: the answer, and why the server's notes could not be searched if they could not. */
export interface SearchOutcome {
  answer: Answer;
  notesProblem?: string;
}

/** The bot's searches, each run off the event loop so a slow one never holds up the gateway or other interactions. */
export interface SearchService {
  /** `answerQuestion` for the shipped library and the asking server's notes, run in a search thread. */
  answer(question: string, request: SearchRequest): Promise<Answer>;
  /** Ends the search threads; answers still pending reject. Safe to call twice. */
  close(): Promise<void>;
}

export interface SearchServiceOptions {
  corpusDir: string;
  /** Where the main thread persisted the index: each thread reads it back instead of rebuilding it. */
  cacheDir: string;
  /** The corpus version the main thread loaded; the threads must search the same one. */
  corpusVersion: string;
  /**
   * Server notes: the data folder whose database each thread reads a server's notes from (read-only, when first
   * needed), and how the main thread reads a server's notes version before each question. Without them, questions
   * search the shipped library only.
   */
  notes?: { dataDir: string; version: (guildId: string) => Promise<number> };
  /** Search threads (default `defaultSearchWorkers()`). */
  workers?: number;
  /**
   * The main thread's own copy of the shipped library. Questions from servers without notes (and DMs) are answered
   * with it right there, without the thread hop, when it holds at most `maxPassages` (default INLINE_MAX_PASSAGES).
   * Absent: every question goes to a search thread.
   */
  inline?: { library: Library; maxPassages?: number };
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

/**
 * The largest library searched on the main thread. A search costs well under a millisecond on the shipped library
 * (146 passages; on 1,000 generated passages a 300-character question takes 2.7 ms at the median, measured busy):
 * less than handing the question to a thread and back, which wakes two threads, each of which may have to wait for
 * a core on a busy machine. Larger libraries, and every server's notes, are searched in the threads, where a slow
 * search holds up nothing else. The cost: questions that arrive together are searched one after another here (a
 * burst of 100 waits some 40 ms longer at its median, and no longer at its p99, in `npm run bench`).
 */
export const INLINE_MAX_PASSAGES = 1000;

/** Registers tsx in the thread, then loads worker.ts. */
const WORKER_FILE = fileURLToPath(new URL('./worker-entry.mjs', import.meta.url));

/**
 * Starts the search threads and resolves once each has opened the library, so a library the threads cannot open
 * fails start-up rather than the first question. A thread that dies is replaced by the pool; its question fails.
 */
export async function createSearchService(options: SearchServiceOptions): Promise<SearchService> {
  const threads = options.workers ?? defaultSearchWorkers();
  const pool = new Piscina<SearchTask | null, SearchOutcome | string>({
    filename: WORKER_FILE,
    minThreads: threads,
    maxThreads: threads,
    // Nothing inherited from the main thread's command line: the entry file sets up what the thread needs.
    execArgv: [],
    workerData: {
      corpusDir: options.corpusDir,
      cacheDir: options.cacheDir,
      ...(options.notes ? { dataDir: options.notes.dataDir } : {}),
      test: options.test ?? {},
    },
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
      throw new Error(
        `The corpus changed on disk while the bot was starting (${options.corpusVersion}, then ${typeof other === 'string' ? other : 'unknown'}): ` +
          `start it again.`,
      );
    }
  } catch (error) {
    await close();
    throw error;
  }
  options.log.info({ threads }, 'search threads ready');

  /** The server's notes version, read here so that the thread knows at once whether its copy is current. */
  const notesVersion = async (guildId: string, notes: NonNullable<SearchServiceOptions['notes']>): Promise<number | undefined> => {
    try {
      return await notes.version(guildId);
    } catch (error) {
      options.log.warn({ err: error, guildId }, 'server notes version unreadable: answered from the notes last indexed');
      return undefined;
    }
  };

  const inline =
    options.inline && options.inline.library.passageCount <= (options.inline.maxPassages ?? INLINE_MAX_PASSAGES)
      ? options.inline.library
      : undefined;

  return {
    async answer(question, request) {
      // Without a server there is nothing to read, and the task is queued at once.
      const version = request.guildId === null || !options.notes ? 0 : await notesVersion(request.guildId, options.notes);
      // Version 0: no notes, the shipped library alone is searched, which the main thread holds too.
      if (version === 0 && inline) {
        const { limit, offset, exclude } = request;
        return answerQuestion(question, { library: inline, limit, offset, exclude });
      }
      const task: SearchTask = { ...request, question, ...(version === undefined ? {} : { notesVersion: version }) };
      const { answer, notesProblem } = (await pool.run(task)) as SearchOutcome;
      if (notesProblem !== undefined) {
        options.log.warn(
          { guildId: request.guildId, problem: notesProblem },
          'server notes unreadable: answered from the notes last indexed',
        );
      }
      return answer;
    },
    close,
  };
}
