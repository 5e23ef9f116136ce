import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import { ANSWER_TTL_MS, AnswerStore } from '../../../src/feedback/answers.js';
import { openDatabase } from '../../../src/storage/db.js';
import { StorageBusyError, StorageUnavailableError } from '../../../src/storage/errors.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const base = { userId: 'u1', question: 'who is khamenei', corpusVersion: 'v1', answered: true, isPrivate: false };

describe('AnswerStore', () => {
  it('saves and reads back an answer', () => {
    const store = new AnswerStore(openDatabase(':memory:'), () => 1000);
    const id = store.save({ ...base, guildId: 'g1' });
    expect(store.get(id)).toEqual({
      id,
      guildId: 'g1',
      userId: 'u1',
      question: 'who is khamenei',
      corpusVersion: 'v1',
      answered: true,
      isPrivate: false,
      createdAt: 1000,
    });
  });

  it('says an unknown or old answer has expired', () => {
    let now = 0;
    const store = new AnswerStore(openDatabase(':memory:'), () => now);
    const id = store.save({ ...base, guildId: 'g1' });
    expect(() => store.get(id + 1)).toThrow(new UserError('This answer has expired: ask the question again.'));
    now = ANSWER_TTL_MS + 1;
    expect(() => store.get(id)).toThrow('This answer has expired');
    expect(store.purgeExpired()).toBe(1);
  });

  describe('getFor: the answer behind a button, only for whoever could have seen it', () => {
    const EXPIRED = new UserError('This answer has expired: ask the question again.');
    const setup = () => {
      const store = new AnswerStore(openDatabase(':memory:'));
      return {
        store,
        publicInG1: store.save({ ...base, guildId: 'g1' }),
        privateInG1: store.save({ ...base, guildId: 'g1', isPrivate: true }),
        inDm: store.save({ ...base, guildId: null }),
      };
    };

    it('gives a public answer to any member of its server, and a private one to its asker only', () => {
      const { store, publicInG1, privateInG1 } = setup();
      expect(store.getFor(publicInG1, { guildId: 'g1', userId: 'u1' }).id).toBe(publicInG1);
      expect(store.getFor(publicInG1, { guildId: 'g1', userId: 'u2' }).id).toBe(publicInG1);
      expect(store.getFor(privateInG1, { guildId: 'g1', userId: 'u1' })).toMatchObject({ id: privateInG1, isPrivate: true });
      expect(() => store.getFor(privateInG1, { guildId: 'g1', userId: 'u2' })).toThrow(EXPIRED);
    });

    it("keeps a server's answers from every other server and from DMs, even for their asker", () => {
      const { store, publicInG1, privateInG1 } = setup();
      for (const id of [publicInG1, privateInG1]) {
        expect(() => store.getFor(id, { guildId: 'g2', userId: 'u1' })).toThrow(EXPIRED);
        expect(() => store.getFor(id, { guildId: null, userId: 'u1' })).toThrow(EXPIRED);
      }
    });

    it('gives a DM answer to its asker in DMs only', () => {
      const { store, inDm } = setup();
      expect(store.getFor(inDm, { guildId: null, userId: 'u1' }).id).toBe(inDm);
      expect(() => store.getFor(inDm, { guildId: null, userId: 'u2' })).toThrow(EXPIRED);
      expect(() => store.getFor(inDm, { guildId: 'g1', userId: 'u1' })).toThrow(EXPIRED);
    });

    it("says the same of an unknown, an expired and someone else's answer, so a forged id learns nothing", () => {
      let now = 0;
      const store = new AnswerStore(openDatabase(':memory:'), () => now);
      const id = store.save({ ...base, guildId: 'g1', isPrivate: true });
      const messageOf = (work: () => unknown) => {
        try {
          work();
        } catch (error) {
          return error instanceof UserError ? error.message : `not a UserError: ${String(error)}`;
        }
        return 'no error';
      };
      const unknown = messageOf(() => store.getFor(id + 1, { guildId: 'g1', userId: 'u1' }));
      const otherMember = messageOf(() => store.getFor(id, { guildId: 'g1', userId: 'u2' }));
      const otherServer = messageOf(() => store.getFor(id, { guildId: 'g2', userId: 'u1' }));
      now = ANSWER_TTL_MS + 1;
      const expired = messageOf(() => store.getFor(id, { guildId: 'g1', userId: 'u1' }));
      expect(new Set([unknown, otherMember, otherServer, expired])).toEqual(new Set([EXPIRED.message]));
    });
  });

  it('records one rating per user and answer', () => {
    const store = new AnswerStore(openDatabase(':memory:'));
    const id = store.save({ ...base, guildId: 'g1' });
    expect(store.rateAnswer(id, 'u1', true)).toBe('recorded');
    expect(store.rateAnswer(id, 'u1', false)).toBe('already-rated');
    expect(store.rateAnswer(id, 'u2', false)).toBe('recorded');
    expect(store.ratings('g1')).toEqual({ helpful: 1, unhelpful: 1 });
    expect(store.ratings('g2')).toEqual({ helpful: 0, unhelpful: 0 });
  });

  it('keeps ratings, with what they rated, after their answers are purged', () => {
    let now = 1000;
    const db = openDatabase(':memory:');
    const store = new AnswerStore(db, () => now);
    const answered = store.save({ ...base, guildId: 'g1' });
    const unanswered = store.save({ ...base, guildId: 'g1', question: 'who won the world cup', answered: false });
    now = 2000;
    expect(store.rateAnswer(answered, 'u1', true)).toBe('recorded');
    expect(store.rateAnswer(unanswered, 'u1', false)).toBe('recorded');
    now += ANSWER_TTL_MS;
    expect(store.purgeExpired()).toBe(2);
    expect(() => store.get(answered)).toThrow('This answer has expired');
    expect(store.ratings('g1')).toEqual({ helpful: 1, unhelpful: 1 });
    const kept = db.prepare(
      'SELECT answer_id, user_id, helpful, created_at, guild_id, question, answered, corpus_version, asked_at FROM feedback ORDER BY answer_id',
    );
    const rating = { user_id: 'u1', created_at: 2000, guild_id: 'g1', corpus_version: 'v1', asked_at: 1000 };
    expect(kept.all()).toEqual([
      { ...rating, answer_id: answered, helpful: 1, question: 'who is khamenei', answered: 1 },
      { ...rating, answer_id: unanswered, helpful: 0, question: 'who won the world cup', answered: 0 },
    ]);
  });

  it('says a purged answer has expired when it is rated', () => {
    let now = 0;
    const store = new AnswerStore(openDatabase(':memory:'), () => now);
    const id = store.save({ ...base, guildId: 'g1' });
    now = ANSWER_TTL_MS + 1;
    store.purgeExpired();
    expect(() => store.rateAnswer(id, 'u1', true)).toThrow(new UserError('This answer has expired: ask the question again.'));
    expect(store.ratings('g1')).toEqual({ helpful: 0, unhelpful: 0 });
  });

  it("never gives a purged answer's id to a new answer, which would inherit its ratings", () => {
    let now = 0;
    const store = new AnswerStore(openDatabase(':memory:'), () => now);
    const old = store.save({ ...base, guildId: 'g1' });
    expect(store.rateAnswer(old, 'u1', false)).toBe('recorded');
    now = ANSWER_TTL_MS + 1;
    // Every answer expires on a quiet server: the table is empty when the next question comes.
    expect(store.purgeExpired()).toBe(1);
    const next = store.save({ ...base, guildId: 'g1', question: 'what is the iaea' });
    expect(next).toBeGreaterThan(old);
    expect(store.rateAnswer(next, 'u1', true)).toBe('recorded');
    expect(store.ratings('g1')).toEqual({ helpful: 1, unhelpful: 1 });
  });

  it("keeps each server's recent questions to itself", () => {
    const store = new AnswerStore(openDatabase(':memory:'));
    store.save({ ...base, guildId: 'g1', question: 'secret of server one' });
    store.save({ ...base, guildId: 'g2', question: 'question of server two' });
    store.save({ ...base, guildId: 'g2', question: 'unanswered one', answered: false });
    store.save({ ...base, guildId: 'g2', question: 'asked privately', isPrivate: true });
    expect(store.recentQuestions('g1')).toEqual(['secret of server one']);
    expect(store.recentQuestions('g2')).toEqual(['question of server two']);
    expect(store.recentQuestions(null)).toEqual([]);
  });

  it('keeps answers across reopening the database file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'answers-'));
    dirs.push(dir);
    const first = openDatabase(dir);
    const id = new AnswerStore(first).save({ ...base, guildId: 'g1' });
    first.close();
    const second = openDatabase(dir);
    expect(new AnswerStore(second).get(id).question).toBe('who is khamenei');
    second.close();
  });

  it('turns a locked database into a retry message, not a crash', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'answers-'));
    dirs.push(dir);
    const db = openDatabase(dir);
    db.pragma('busy_timeout = 50');
    const store = new AnswerStore(db);
    // Another connection holds the write lock, as a backup or a second process might.
    const other = new Database(path.join(dir, 'bot.sqlite'));
    other.exec('BEGIN EXCLUSIVE');
    try {
      expect(() => store.save({ ...base, guildId: 'g1' })).toThrow(
        new UserError("The bot's database is busy right now: nothing was saved. Please try again in a moment."),
      );
      expect(() => store.save({ ...base, guildId: 'g1' })).toThrow(StorageBusyError);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(store.save({ ...base, guildId: 'g1' })).toBeGreaterThan(0);
    db.close();
  });

  it('reports a database that cannot be written (read-only, full) as such, so an answer can still be given', () => {
    const db = openDatabase(':memory:');
    const store = new AnswerStore(db);
    db.pragma('query_only = ON');
    expect(() => store.save({ ...base, guildId: 'g1' })).toThrow(StorageUnavailableError);
    expect(() => store.rateAnswer(1, 'u', true)).toThrow(expect.objectContaining({ reason: 'read-only' }) as Error);
    db.close();
  });
});
