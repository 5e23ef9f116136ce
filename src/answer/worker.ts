// One search thread of the search service (service.ts): it opens the library itself, then answers one question per task.
import { workerData } from 'node:worker_threads';
import { z } from 'zod';
import { openLibrary } from '../search/open.js';
import { answerQuestion } from './answer.js';
import type { Answer } from './types.js';
import type { SearchTask } from './service.js';

const workerDataSchema = z.object({
  corpusDir: z.string(),
  cacheDir: z.string(),
  /** See SearchTestHooks: unset outside tests. */
  test: z.object({ searchDelayMs: z.number().int().min(0).optional(), exitOnQuestion: z.string().optional() }),
});

const settings = workerDataSchema.parse(workerData);
// Top-level await: piscina imports this module before the first task, so the library is open before any search.
// The main thread has just written the persisted index, so this reads it back instead of rebuilding it.
const { library } = await openLibrary(settings.corpusDir, settings.cacheDir);
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Answers one question (piscina calls the default export for each task). */
export default function search(task: SearchTask): Answer {
  const { searchDelayMs, exitOnQuestion } = settings.test;
  // Blocks the thread, as a slow search would: a timer here would let the thread take other work meanwhile.
  if (searchDelayMs) Atomics.wait(sleeper, 0, 0, searchDelayMs);
  // In a worker thread, process.exit ends the thread only.
  if (exitOnQuestion !== undefined && task.question === exitOnQuestion) process.exit(70);
  return answerQuestion(task.question, { library, limit: task.limit, offset: task.offset, exclude: task.exclude });
}

/** The corpus version this thread searches: the service checks it against the main thread's at start-up. */
export function version(): string {
  return library.version;
}
