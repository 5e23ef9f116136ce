// One search thread of the search service (service.ts): it opens the library itself, then answers one question per
// task, with the asking server's notes when it has some.
import { workerData } from 'node:worker_threads';
import { z } from 'zod';
import { openLibrary } from '../search/open.js';
import { openSqliteStorage, type SqliteStorage } from '../storage/sqlite.js';
import { answerQuestion } from './answer.js';
import { GuildLibraries } from './guild-libraries.js';
import type { SearchOutcome, SearchTask } from './service.js';

/** How long a read waits for a lock: readers of a WAL database rarely wait at all. */
const READ_BUSY_TIMEOUT_MS = 500;

const workerDataSchema = z.object({
  corpusDir: z.string(),
  cacheDir: z.string(),
  /** Where the bot's database is: server notes are read from it. Absent: the shipped library only. */
  dataDir: z.string().optional(),
  /** See SearchTestHooks: unset outside tests. */
  test: z.object({ searchDelayMs: z.number().int().min(0).optional(), exitOnQuestion: z.string().optional() }),
});

const settings = workerDataSchema.parse(workerData);
// Top-level await: piscina imports this module before the first task, so the library is open before any search.
// The main thread has just written the persisted index, so this reads it back instead of rebuilding it.
const { library } = await openLibrary(settings.corpusDir, settings.cacheDir);
const sleeper = new Int32Array(new SharedArrayBuffer(4));

// The thread's own connection, read-only, opened when a server with notes first asks; a failed open is tried again
// at the next such question.
let storage: SqliteStorage | undefined;
const guilds = new GuildLibraries({
  shipped: library,
  liveNotes(guildId) {
    const { dataDir } = settings;
    if (dataDir === undefined) return Promise.resolve([]);
    storage ??= openSqliteStorage(dataDir, { readonly: true, busyTimeoutMs: READ_BUSY_TIMEOUT_MS });
    return storage.notes.live(guildId);
  },
});

/** Answers one question (piscina calls the default export for each task). */
export default async function search(task: SearchTask): Promise<SearchOutcome> {
  const { searchDelayMs, exitOnQuestion } = settings.test;
  // Blocks the thread, as a slow search would: a timer here would let the thread take other work meanwhile.
  if (searchDelayMs) Atomics.wait(sleeper, 0, 0, searchDelayMs);
  // In a worker thread, process.exit ends the thread only.
  if (exitOnQuestion !== undefined && task.question === exitOnQuestion) process.exit(70);
  const { library: searched, problem } = await guilds.libraryFor(task.guildId, task.notesVersion);
  const answer = answerQuestion(task.question, { library: searched, limit: task.limit, offset: task.offset, exclude: task.exclude });
  return problem === undefined ? { answer } : { answer, notesProblem: problem };
}

/** The corpus version this thread searches: the service checks it against the main thread's at start-up. */
export function version(): string {
  return library.version;
}
