// Checkpoints of the database's write-ahead log, in a thread of their own.
//
// In WAL mode SQLite copies the log back into the database file once it passes 1,000 pages (`wal_autocheckpoint`),
// inside whichever commit crossed the line, fsync included. The bot commits on the main thread for every question
// (the stored answer, the question log), so about one question in 125 waited some 4 ms for that copy: most of the
// /ask p99 in `npm run bench`. Here the main connection stops checkpointing and a thread with its own connection runs
// a PASSIVE checkpoint every second, which never waits for nor blocks the main thread's readers and writers. If the
// thread cannot start, or dies, the main connection checkpoints again as before: the log never grows without end.
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Db } from './db.js';

/** SQLite's own default for `wal_autocheckpoint`, given back to the main connection whenever the thread is not running. */
export const DEFAULT_AUTOCHECKPOINT_PAGES = 1000;
/** How often the thread checkpoints: a second of questions is a few hundred pages at most. */
export const CHECKPOINT_INTERVAL_MS = 1000;
/** How long start-up waits for the thread to open the database before going on without it. */
const READY_TIMEOUT_MS = 10_000;

const ENTRY_FILE = fileURLToPath(new URL('./checkpoint-entry.mjs', import.meta.url));

/** What the thread tells the main thread. */
const threadMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  /** After each checkpoint: frames in the log, and how many of them are now in the database file. */
  z.object({ type: z.literal('checkpoint'), log: z.number(), checkpointed: z.number() }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);
export type ThreadMessage = z.infer<typeof threadMessage>;

export interface CheckpointerOptions {
  log: Logger;
  /** Default CHECKPOINT_INTERVAL_MS; tests use a few milliseconds. */
  intervalMs?: number;
  /** Called with each checkpoint's figures, for tests. */
  onCheckpoint?: (result: { log: number; checkpointed: number }) => void;
}

export interface Checkpointer {
  /** Whether the thread checkpoints now (false: the main connection does, as SQLite does by default). */
  readonly threaded: boolean;
  /** The thread, while it runs: tests end it to see the main connection take over. */
  readonly worker: Worker | undefined;
  /** Ends the thread after a last checkpoint and gives checkpoints back to the main connection. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Moves `db`'s checkpoints to a thread. A database in memory has no log to copy: nothing is started. A thread that
 * fails to start is logged and leaves the main connection checkpointing; the promise never rejects.
 */
export async function startCheckpointer(db: Db, options: CheckpointerOptions): Promise<Checkpointer> {
  const unthreaded: Checkpointer = { threaded: false, worker: undefined, stop: () => Promise.resolve() };
  if (db.memory) return unthreaded;
  const { log } = options;
  let worker: Worker;
  try {
    worker = new Worker(ENTRY_FILE, {
      workerData: { file: db.name, intervalMs: options.intervalMs ?? CHECKPOINT_INTERVAL_MS },
      // Nothing inherited from the main thread's command line: the entry file sets up what the thread needs.
      execArgv: [],
    });
  } catch (error) {
    // Out of threads or memory: the main connection keeps checkpointing, as SQLite does by default.
    log.warn({ err: error }, 'checkpoint thread failed: the main thread checkpoints the database again');
    return unthreaded;
  }
  let running = false;
  let stopping = false;
  let lastError: string | undefined;
  const giveBack = () => {
    running = false;
    if (db.open) db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
  };

  const ready = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS);
    worker.on('message', (raw: unknown) => {
      const message = threadMessage.safeParse(raw);
      if (!message.success) return log.warn({ message: raw }, 'unexpected message from the checkpoint thread');
      switch (message.data.type) {
        case 'ready':
          clearTimeout(timer);
          resolve(true);
          break;
        case 'checkpoint':
          lastError = undefined;
          options.onCheckpoint?.(message.data);
          break;
        case 'error':
          // A failing checkpoint fails again a second later: said once until one succeeds.
          if (message.data.message !== lastError) log.warn({ problem: message.data.message }, 'checkpoint failed');
          lastError = message.data.message;
          break;
      }
    });
    worker.on('error', (error) => {
      clearTimeout(timer);
      log.warn({ err: error }, 'checkpoint thread failed: the main thread checkpoints the database again');
      giveBack();
      resolve(false);
    });
    worker.on('exit', (code) => {
      clearTimeout(timer);
      if (!stopping && running) log.warn({ code }, 'checkpoint thread ended: the main thread checkpoints the database again');
      giveBack();
      resolve(false);
    });
  });

  if (await ready) {
    running = true;
    db.pragma('wal_autocheckpoint = 0');
  } else {
    await worker.terminate();
  }

  let stopped: Promise<void> | undefined;
  return {
    get threaded() {
      return running;
    },
    get worker() {
      return running ? worker : undefined;
    },
    stop() {
      stopped ??= (async () => {
        stopping = true;
        if (running) {
          const exited = once(worker, 'exit');
          worker.postMessage('stop');
          // A thread stuck in a long checkpoint is not waited for past a few seconds: the close checkpoints anyway.
          const timer = setTimeout(() => void worker.terminate(), 5000).unref();
          await exited;
          clearTimeout(timer);
        }
        giveBack();
      })();
      return stopped;
    },
  };
}
