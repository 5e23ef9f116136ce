import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { durably, openDatabase } from '../../../src/storage/db.js';
import { openSqliteStorage, type SqliteStorage } from '../../../src/storage/sqlite.js';

const G1 = '100000000000000001';
const actor = { id: '1', displayName: 'Mod' };
const NORMAL = 1;
const FULL = 2;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function storageInTemp(): SqliteStorage {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'durability-'));
  const storage = openSqliteStorage(dir);
  cleanups.push(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return storage;
}

const level = (storage: SqliteStorage) => storage.db.pragma('synchronous', { simple: true }) as number;

/** The `synchronous` levels the connection was set to while `work` ran, in order. */
async function levelsDuring(storage: SqliteStorage, work: () => Promise<unknown>): Promise<string[]> {
  const pragma = vi.spyOn(storage.db, 'pragma');
  try {
    await work();
    return pragma.mock.calls.map(([source]) => source).filter((source) => source.startsWith('synchronous'));
  } finally {
    pragma.mockRestore();
  }
}

describe('synchronous levels', () => {
  it('commits what a question writes without a sync (NORMAL)', async () => {
    const storage = storageInTemp();
    expect(level(storage)).toBe(NORMAL);
    const levels = await levelsDuring(storage, async () => {
      await storage.questionLog.record({
        guildId: G1,
        askedAt: 1000,
        question: 'who is khamenei',
        answered: true,
        refusal: null,
        memberHash: 'a'.repeat(64),
        isPrivate: false,
        answerId: null,
      });
      await storage.cooldowns.record(G1, 'b'.repeat(64), 1000);
    });
    expect(levels).toEqual([]);
  });

  it('commits notes and settings with a sync to disk (FULL), then goes back to NORMAL', async () => {
    const storage = storageInTemp();
    const content = { title: 'Saved', body: 'Text.', tags: [], source: null, about: [] };
    const levels = await levelsDuring(storage, async () => {
      const { note } = await storage.notes.create(G1, content, actor);
      await storage.notes.update(G1, note.id, { ...content, body: 'Edited.' }, actor);
      await storage.notes.setRemoved(G1, note.id, true, actor);
      await storage.notes.writeBatch(G1, [{ kind: 'create', content: { ...content, title: 'Imported' } }], actor);
      await storage.settings.update(G1, actor, 'settings.set', () => ({ passagesPerAnswer: 5 }));
    });
    expect(levels).toEqual(Array.from({ length: 5 }, () => ['synchronous = FULL', 'synchronous = NORMAL']).flat());
    expect(level(storage)).toBe(NORMAL);
  });

  it('goes back to NORMAL when the durable write fails', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'durability-'));
    const db = openDatabase(dir);
    cleanups.push(() => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    });
    let during = 0;
    expect(() =>
      durably(db, () => {
        during = db.pragma('synchronous', { simple: true }) as number;
        throw new Error('constraint failed');
      }),
    ).toThrow('constraint failed');
    expect(during).toBe(FULL);
    expect(db.pragma('synchronous', { simple: true })).toBe(NORMAL);
  });
});
