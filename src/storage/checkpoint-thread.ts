// The checkpoint thread (checkpoint.ts): its own connection to the bot's database, copying the write-ahead log back
// into the database file every `intervalMs`, so that no commit on the main thread has to.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { z } from 'zod';
import type { ThreadMessage } from './checkpoint.js';

const settings = z.object({ file: z.string().min(1), intervalMs: z.number().int().positive() }).parse(workerData);
const port = parentPort;
if (!port) throw new Error('checkpoint-thread.ts runs as a worker thread only');
const post = (message: ThreadMessage) => port.postMessage(message);

// fileMustExist: the main thread created and migrated the database; a missing file is a fault to report, not one to
// paper over with an empty database nobody writes to.
const db = new Database(settings.file, { fileMustExist: true });
// PASSIVE never waits, so a busy timeout would only matter for this connection's own reads of the schema.
db.pragma('busy_timeout = 1000');
// This connection never writes, so it never checkpoints by itself; the explicit ones below are all there are.
db.pragma('wal_autocheckpoint = 0');

const checkpoint = () => {
  try {
    // PASSIVE copies what it can without waiting for any reader or writer, and never blocks them.
    const [row] = db.pragma('wal_checkpoint(PASSIVE)') as Array<{ busy: number; log: number; checkpointed: number }>;
    if (row) post({ type: 'checkpoint', log: row.log, checkpointed: row.checkpointed });
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};

const timer = setInterval(checkpoint, settings.intervalMs);
port.on('message', (message: unknown) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  // One last copy, so the main thread's close has little left to do.
  checkpoint();
  db.close();
  port.close();
});
post({ type: 'ready' });
