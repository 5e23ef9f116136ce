import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AnswerStore } from '../../../src/feedback/answers.js';
import { DATABASE_FILE, SCHEMA_VERSION } from '../../../src/storage/db.js';
import { openSqliteStorage, SqliteCaseLog, type SqliteStorage } from '../../../src/storage/sqlite.js';
import { runScript } from '../helpers/run-script.js';
import { describeStorageContract } from './contract.js';

const BUSY_TIMEOUT_MS = 100;

describeStorageContract('SQLite', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'storage-contract-'));
  return {
    open: () => Promise.resolve(openSqliteStorage(dir, { busyTimeoutMs: BUSY_TIMEOUT_MS })),
    // Tests run as root in CI, which ignores file modes: a read-only connection is what a read-only file gives.
    openReadOnly: () => Promise.resolve(openSqliteStorage(dir, { readonly: true, busyTimeoutMs: BUSY_TIMEOUT_MS })),
    lock: () => {
      const other = new Database(path.join(dir, DATABASE_FILE));
      other.exec('BEGIN IMMEDIATE');
      const release = () => {
        other.exec('ROLLBACK');
        other.close();
        return Promise.resolve();
      };
      return Promise.resolve(release);
    },
    // The database may not grow past its current size: the next page it needs fails with SQLITE_FULL, as on a full disk.
    fill: (storage) => {
      const { db } = storage as SqliteStorage;
      db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
      return Promise.resolve();
    },
    destroy: () => rm(dir, { recursive: true, force: true }),
  };
});

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'storage-sqlite-'));
  dirs.push(dir);
  return dir;
}

const G1 = '200000000000000001';
const G2 = '200000000000000002';

describe('SQLite storage', () => {
  it('stores every note of two processes writing at once, with no case number twice', async () => {
    const dir = await tempDir();
    openSqliteStorage(dir).db.close(); // create the schema before the writers race
    const runs = await Promise.all(
      ['left', 'right'].map((prefix) => runScript('tests/unit/storage/writer-child.ts', [dir, G1, prefix, '25'])),
    );
    for (const run of runs) expect(run.stderr).toBe('');
    const cases = runs.flatMap((run) => JSON.parse(run.stdout) as number[]);
    expect(cases.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const storage = openSqliteStorage(dir);
    expect((await storage.notes.list(G1)).total).toBe(50);
    expect(await storage.notes.version(G1)).toBe(50);
    await storage.close();
  });

  it('migrates a database from before notes, keeping its answers', async () => {
    const dir = await tempDir();
    // The schema as it was before notes: the first two migrations.
    const old = new Database(path.join(dir, DATABASE_FILE));
    old.exec(`CREATE TABLE answers (id INTEGER PRIMARY KEY, guild_id TEXT, user_id TEXT NOT NULL, question TEXT NOT NULL,
      corpus_version TEXT NOT NULL, answered INTEGER NOT NULL, created_at INTEGER NOT NULL, private INTEGER NOT NULL DEFAULT 0);
      CREATE TABLE feedback (answer_id INTEGER NOT NULL REFERENCES answers (id) ON DELETE CASCADE, user_id TEXT NOT NULL,
      helpful INTEGER NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY (answer_id, user_id));
      INSERT INTO answers (guild_id, user_id, question, corpus_version, answered, created_at) VALUES ('g', 'u', 'kept?', 'v', 1, 1);
      PRAGMA user_version = 2;`);
    old.close();
    const storage = openSqliteStorage(dir);
    expect(storage.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(storage.db.prepare('SELECT question FROM answers').pluck().get()).toBe('kept?');
    expect(
      (await storage.notes.create(G1, { title: 'New', body: 'Text.', tags: [], source: null, about: [] }, { id: '1', displayName: 'A' }))
        .note.id,
    ).toBe(1);
    await storage.close();
  });

  it('refuses to open read-only a database that needs migrating', async () => {
    const dir = await tempDir();
    const old = new Database(path.join(dir, DATABASE_FILE));
    old.pragma('user_version = 1');
    old.close();
    expect(() => openSqliteStorage(dir, { readonly: true })).toThrow(
      `is at schema version 1, this version of the bot expects ${SCHEMA_VERSION}: start the bot once to migrate it`,
    );
  });

  it('does not create a database it is asked to open read-only', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'none', DATABASE_FILE);
    expect(() => openSqliteStorage(path.join(dir, 'none'), { readonly: true })).toThrow(`there is no database at ${file}`);
    expect(existsSync(file)).toBe(false);
  });

  it('numbers cases of other kinds (settings, later) in the same sequence, with JSON before and after, without touching the notes version', async () => {
    const storage = openSqliteStorage(':memory:');
    const actor = { id: '1', displayName: 'Admin' };
    await storage.notes.create(G1, { title: 'N', body: 'x', tags: [], source: null, about: [] }, actor);
    const log = new SqliteCaseLog(storage.db);
    const entry = storage.db.transaction(() =>
      log.record(G1, { action: 'note.edit', actor, before: { passages: 3 }, after: { passages: 5 } }, 42),
    )();
    expect(entry).toMatchObject({ caseNumber: 2, before: { passages: 3 }, after: { passages: 5 }, noteId: null, createdAt: 42 });
    expect(await storage.audit.get(G1, 2)).toEqual(entry);
    expect(await storage.notes.version(G1)).toBe(1);
    expect((await storage.notes.create(G1, { title: 'M', body: 'x', tags: [], source: null, about: [] }, actor)).audit.caseNumber).toBe(3);
    await storage.close();
  });

  describe('gaps', () => {
    it('lists unanswered and unhelpful public questions of one guild, most frequent first', async () => {
      let now = 1_000;
      const storage = openSqliteStorage(':memory:', { now: () => now });
      const answers = new AnswerStore(storage.db, () => now);
      const ask = (guildId: string, question: string, answered: boolean, isPrivate = false) => {
        now += 1;
        return answers.save({ guildId, userId: 'u', question, corpusVersion: 'v', answered, isPrivate });
      };
      ask(G1, 'What is Stuxnet?', false);
      ask(G1, 'what is stuxnet? ', false);
      const stuxnet = ask(G1, 'What is Stuxnet?', true); // answered later, after a note: not a gap that time
      const weak = ask(G1, 'Who is Amano?', true);
      answers.rateAnswer(weak, 'u1', false);
      answers.rateAnswer(weak, 'u2', true);
      const australia = ask(G1, 'Capital of Australia?', false);
      ask(G1, 'A private question', false, true);
      ask(G1, 'Well answered', true);
      ask(G2, 'Other guild question', false);
      const gaps = await storage.questions.gaps(G1);
      expect(gaps).toEqual([
        { question: 'What is Stuxnet?', unanswered: 2, notHelpful: 0, lastAskedAt: 1_003, answerId: stuxnet },
        { question: 'Capital of Australia?', unanswered: 1, notHelpful: 0, lastAskedAt: 1_005, answerId: australia },
        { question: 'Who is Amano?', unanswered: 0, notHelpful: 1, lastAskedAt: 1_004, answerId: weak },
      ]);
      expect(await storage.questions.gaps(G1, { limit: 1 })).toHaveLength(1);
      expect((await storage.questions.gaps(G1, { since: 1_005 })).map((g) => g.question)).toEqual(['Capital of Australia?']);
      expect((await storage.questions.gaps(G2)).map((g) => g.question)).toEqual(['Other guild question']);
      await storage.close();
    });
  });
});

describe('the question log and the ratings', () => {
  it("reads an answer's ratings with its logged question, after the answer itself is purged", async () => {
    let now = 1_000;
    const storage = openSqliteStorage(':memory:');
    const answers = new AnswerStore(storage.db, () => now);
    const answerId = answers.save({ guildId: 'g1', userId: 'u1', question: 'Who?', corpusVersion: 'v', answered: true, isPrivate: false });
    await storage.questionLog.record({
      guildId: 'g1',
      askedAt: now,
      question: 'who',
      answered: true,
      refusal: null,
      memberHash: 'a'.repeat(64),
      isPrivate: false,
      answerId,
    });
    answers.rateAnswer(answerId, 'u2', true);
    answers.rateAnswer(answerId, 'u3', false);
    answers.rateAnswer(answerId, 'u4', true);
    now += 8 * 24 * 60 * 60 * 1000;
    expect(answers.purgeExpired()).toBe(1);
    expect(await storage.questionLog.list('g1', 0, now)).toEqual([expect.objectContaining({ answerId, helpful: 2, notHelpful: 1 })]);
    await storage.close();
  });
});
