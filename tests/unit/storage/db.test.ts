import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ANSWER_TTL_MS, AnswerStore } from '../../../src/feedback/answers.js';
import { MIGRATIONS, openDatabase } from '../../../src/storage/db.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'db-'));
  dirs.push(dir);
  return dir;
}

/** A database as the previous release left it: the first two migrations, with answers and ratings in it. */
function databaseAtVersion2(dir: string): void {
  const db = new Database(path.join(dir, 'bot.sqlite'));
  db.pragma('foreign_keys = ON');
  for (const [step, sql] of MIGRATIONS.slice(0, 2).entries()) {
    db.exec(sql);
    db.pragma(`user_version = ${step + 1}`);
  }
  const answer = db.prepare(
    'INSERT INTO answers (id, guild_id, user_id, question, corpus_version, answered, private, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  answer.run(1, 'g1', 'u1', 'who is khamenei', 'c1', 1, 0, 1000);
  answer.run(2, 'g1', 'u2', 'what is the capital of australia', 'c1', 0, 1, 2000);
  answer.run(3, null, 'u3', 'what is the iaea', 'c2', 1, 1, 3000);
  answer.run(7, 'g2', 'u1', 'never rated', 'c2', 1, 0, 4000);
  const rating = db.prepare('INSERT INTO feedback (answer_id, user_id, helpful, created_at) VALUES (?, ?, ?, ?)');
  rating.run(1, 'u1', 1, 1100);
  rating.run(1, 'u2', 0, 1200);
  rating.run(2, 'u2', 0, 2100);
  rating.run(3, 'u3', 1, 3100);
  db.close();
}

describe('openDatabase migrations', () => {
  it('moves ratings of a version-2 database to a table that outlives answers, filled in from their answers', () => {
    const dir = tempDir();
    databaseAtVersion2(dir);
    const db = openDatabase(dir);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.prepare('SELECT * FROM feedback ORDER BY answer_id, user_id').all()).toEqual([
      {
        answer_id: 1,
        user_id: 'u1',
        helpful: 1,
        created_at: 1100,
        guild_id: 'g1',
        question: 'who is khamenei',
        answered: 1,
        corpus_version: 'c1',
        asked_at: 1000,
      },
      {
        answer_id: 1,
        user_id: 'u2',
        helpful: 0,
        created_at: 1200,
        guild_id: 'g1',
        question: 'who is khamenei',
        answered: 1,
        corpus_version: 'c1',
        asked_at: 1000,
      },
      {
        answer_id: 2,
        user_id: 'u2',
        helpful: 0,
        created_at: 2100,
        guild_id: 'g1',
        question: 'what is the capital of australia',
        answered: 0,
        corpus_version: 'c1',
        asked_at: 2000,
      },
      {
        answer_id: 3,
        user_id: 'u3',
        helpful: 1,
        created_at: 3100,
        guild_id: null,
        question: 'what is the iaea',
        answered: 1,
        corpus_version: 'c2',
        asked_at: 3000,
      },
    ]);
    // The answers themselves are unchanged, ids included: buttons already posted point at them.
    expect(
      db.prepare('SELECT id, guild_id, user_id, question, corpus_version, answered, private, created_at FROM answers ORDER BY id').all(),
    ).toEqual([
      {
        id: 1,
        guild_id: 'g1',
        user_id: 'u1',
        question: 'who is khamenei',
        corpus_version: 'c1',
        answered: 1,
        private: 0,
        created_at: 1000,
      },
      {
        id: 2,
        guild_id: 'g1',
        user_id: 'u2',
        question: 'what is the capital of australia',
        corpus_version: 'c1',
        answered: 0,
        private: 1,
        created_at: 2000,
      },
      {
        id: 3,
        guild_id: null,
        user_id: 'u3',
        question: 'what is the iaea',
        corpus_version: 'c2',
        answered: 1,
        private: 1,
        created_at: 3000,
      },
      { id: 7, guild_id: 'g2', user_id: 'u1', question: 'never rated', corpus_version: 'c2', answered: 1, private: 0, created_at: 4000 },
    ]);
    expect(db.pragma('foreign_key_list(feedback)')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(
      db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('answers', 'feedback') AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .all(),
    ).toEqual([{ name: 'answers_guild_recent' }, { name: 'feedback_guild' }]);
    db.close();
  });

  it('keeps the migrated ratings through a purge, and numbers new answers after every old one', () => {
    const dir = tempDir();
    databaseAtVersion2(dir);
    const db = openDatabase(dir);
    const store = new AnswerStore(db, () => 4000 + ANSWER_TTL_MS + 1);
    expect(store.ratings('g1')).toEqual({ helpful: 1, unhelpful: 2 });
    expect(store.purgeExpired()).toBe(4);
    expect(store.ratings('g1')).toEqual({ helpful: 1, unhelpful: 2 });
    expect(store.ratings(null)).toEqual({ helpful: 1, unhelpful: 0 });
    const next = store.save({
      guildId: 'g1',
      userId: 'u1',
      question: 'who is rouhani',
      corpusVersion: 'c3',
      answered: true,
      isPrivate: false,
    });
    expect(next).toBe(8);
    expect(store.rateAnswer(next, 'u1', true)).toBe('recorded');
    db.close();
  });

  it('leaves a migrated database alone when it is opened again', () => {
    const dir = tempDir();
    databaseAtVersion2(dir);
    openDatabase(dir).close();
    const db = openDatabase(dir);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.prepare('SELECT COUNT(*) AS n FROM feedback').get()).toEqual({ n: 4 });
    db.close();
  });
});
