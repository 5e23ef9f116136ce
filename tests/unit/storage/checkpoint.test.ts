import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/log.js';
import { type Checkpointer, DEFAULT_AUTOCHECKPOINT_PAGES, startCheckpointer } from '../../../src/storage/checkpoint.js';
import { DATABASE_FILE, type Db, openDatabase } from '../../../src/storage/db.js';

interface Line {
  level: number;
  msg: string;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setup(): { dir: string; db: Db; lines: Line[]; log: ReturnType<typeof createLogger> } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'checkpoint-'));
  const db = openDatabase(dir);
  db.exec('CREATE TABLE filler (body TEXT NOT NULL)');
  const lines: Line[] = [];
  const log = createLogger('debug', { write: (line: string) => void lines.push(JSON.parse(line) as Line) });
  cleanups.push(() => {
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { dir, db, lines, log };
}

async function started(db: Db, log: ReturnType<typeof createLogger>, intervalMs = 10): Promise<Checkpointer> {
  const checkpointer = await startCheckpointer(db, { log, intervalMs });
  cleanups.push(() => checkpointer.stop());
  return checkpointer;
}

/** Commits `pages` pages' worth of rows (4 KiB each) in small transactions, as questions would. */
function write(db: Db, pages: number): void {
  const insert = db.prepare('INSERT INTO filler (body) VALUES (?)');
  for (let i = 0; i < pages; i++) insert.run('x'.repeat(4000));
}

const autocheckpoint = (db: Db) => db.pragma('wal_autocheckpoint', { simple: true }) as number;
const fileSize = (dir: string) => statSync(path.join(dir, DATABASE_FILE)).size;

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('startCheckpointer', () => {
  it('stops the main connection checkpointing, and the thread copies the log into the database file', async () => {
    const { dir, db, log } = setup();
    const checkpointer = await started(db, log);
    expect(checkpointer.threaded).toBe(true);
    expect(autocheckpoint(db)).toBe(0);
    const before = fileSize(dir);
    // Well past SQLite's 1,000-page mark: with the main connection checkpointing, one of these commits would copy.
    write(db, 1500);
    // The main connection copies nothing now, so the data can only reach the database file through the thread.
    await waitFor(() => fileSize(dir) > before + 1000 * 4096, 'the thread to checkpoint');
    expect(db.prepare('SELECT COUNT(*) AS n FROM filler').get()).toEqual({ n: 1500 });
  });

  it('gives checkpoints back to the main connection when stopped, and can be stopped twice', async () => {
    const { db, log } = setup();
    const checkpointer = await started(db, log);
    await checkpointer.stop();
    await checkpointer.stop();
    expect(checkpointer.threaded).toBe(false);
    expect(autocheckpoint(db)).toBe(DEFAULT_AUTOCHECKPOINT_PAGES);
  });

  it('gives checkpoints back to the main connection, with a warning, when the thread dies', async () => {
    const { db, lines, log } = setup();
    const checkpointer = await started(db, log);
    await checkpointer.worker?.terminate();
    await waitFor(() => !checkpointer.threaded, 'the main connection to take over');
    expect(autocheckpoint(db)).toBe(DEFAULT_AUTOCHECKPOINT_PAGES);
    expect(lines).toContainEqual(expect.objectContaining({ level: 40, msg: expect.stringContaining('checkpoint thread ended') }));
  });

  it('leaves the main connection checkpointing when the thread cannot open the database', async () => {
    const { dir, db, lines, log } = setup();
    // The main connection keeps its open file; the thread, opening by name, finds none.
    rmSync(path.join(dir, DATABASE_FILE));
    const checkpointer = await started(db, log);
    expect(checkpointer.threaded).toBe(false);
    expect(autocheckpoint(db)).toBe(DEFAULT_AUTOCHECKPOINT_PAGES);
    expect(lines).toContainEqual(expect.objectContaining({ level: 40, msg: expect.stringContaining('checkpoint thread failed') }));
  });

  it('starts no thread for a database in memory', async () => {
    const db = openDatabase(':memory:');
    cleanups.push(() => {
      db.close();
    });
    const checkpointer = await startCheckpointer(db, { log: createLogger('silent') });
    expect(checkpointer.threaded).toBe(false);
    expect(checkpointer.worker).toBeUndefined();
    await checkpointer.stop();
  });
});
