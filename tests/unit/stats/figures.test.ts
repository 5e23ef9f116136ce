import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeStats } from '../../../src/stats/figures.js';
import { openSqliteStorage, type SqliteStorage } from '../../../src/storage/sqlite.js';
import type { LoggedQuestion } from '../../../src/storage/types.js';

const G1 = '300000000000000001';
const G2 = '300000000000000002';
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
/** Friday 27 November 2026, 15:30 UTC: "now" in these tests. */
const NOW = Date.UTC(2026, 10, 27, 15, 30);
const TODAY = Date.UTC(2026, 10, 27);
const member = (n: number) => n.toString(16).padStart(64, '0');
const moderator = { id: '100000000000000001', displayName: 'Mod' };

describe('computeStats', () => {
  let clock = NOW;
  let storage: SqliteStorage;

  beforeEach(() => {
    clock = NOW;
    storage = openSqliteStorage(':memory:', { now: () => clock });
  });
  afterEach(async () => {
    await storage.close();
  });

  const ask = (askedAt: number, extra: Partial<LoggedQuestion> = {}) =>
    storage.questionLog.record({
      guildId: G1,
      askedAt,
      question: 'who is susan rice',
      answered: true,
      refusal: null,
      memberHash: member(1),
      isPrivate: false,
      answerId: null,
      ...extra,
    });

  it('gives zeros, no shares and one empty bar per day for a server with no questions', async () => {
    const figures = await computeStats(storage, G1, 7, NOW);
    expect(figures).toMatchObject({
      asked: 0,
      answered: 0,
      refused: 0,
      answeredShare: null,
      helpfulShare: null,
      mostAsked: [],
      mostRefused: [],
      busiestHours: [],
      members: 0,
      notes: { added: 0, edited: 0 },
      since: TODAY - 6 * DAY,
      until: TODAY + DAY,
    });
    expect(figures.perDay.map((d) => d.day)).toEqual([
      '2026-11-21',
      '2026-11-22',
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
    ]);
    expect(figures.perDay.every((d) => d.answered === 0 && d.refused === 0)).toBe(true);
  });

  it('counts the last 7 or 30 UTC days, today included, and nothing before', async () => {
    await ask(TODAY + 10 * HOUR);
    await ask(TODAY - 6 * DAY); // the first moment of the 7-day period
    await ask(TODAY - 6 * DAY - 1); // a millisecond before it
    await ask(TODAY - 29 * DAY + 1);
    await ask(TODAY - 30 * DAY + 5 * HOUR); // before the 30-day period
    const week = await computeStats(storage, G1, 7, NOW);
    expect(week.asked).toBe(2);
    expect(week.perDay[0]).toEqual({ day: '2026-11-21', answered: 1, refused: 0 });
    expect(week.perDay[6]).toEqual({ day: '2026-11-27', answered: 1, refused: 0 });
    const month = await computeStats(storage, G1, 30, NOW);
    expect(month.asked).toBe(4);
    expect(month.perDay).toHaveLength(30);
    expect(month.perDay[0]).toEqual({ day: '2026-10-29', answered: 1, refused: 0 });
    expect(month.perDay.reduce((n, d) => n + d.answered + d.refused, 0)).toBe(4);
  });

  it('gives the share answered, the share of ratings that were helpful, members and busiest UTC hours', async () => {
    const answers = storage.db.prepare(
      'INSERT INTO answers (guild_id, user_id, question, corpus_version, answered, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const rate = storage.db.prepare(
      `INSERT INTO feedback (answer_id, user_id, helpful, created_at, guild_id, question, answered, corpus_version, asked_at)
       VALUES (?, ?, ?, 0, ?, 'q', 1, 'v', 0)`,
    );
    const rated = Number(answers.run(G1, 'u', 'q', 'v', 1, NOW).lastInsertRowid);
    rate.run(rated, 'u1', 1, G1);
    rate.run(rated, 'u2', 1, G1);
    rate.run(rated, 'u3', 0, G1);
    await ask(TODAY + 9 * HOUR, { answerId: rated, memberHash: member(1) });
    await ask(TODAY + 9 * HOUR + 5, { memberHash: member(2) });
    await ask(TODAY + 14 * HOUR, { answered: false, refusal: 'no-match', question: 'capital of australia', memberHash: member(2) });
    await ask(TODAY - DAY + 14 * HOUR, { answered: false, refusal: 'weak-match', question: 'capital of australia', memberHash: member(3) });
    await ask(TODAY - DAY + 9 * HOUR, { isPrivate: true, question: null, memberHash: member(3) });
    await ask(TODAY - DAY + 23 * HOUR + 59 * 60 * 1000, { memberHash: member(3) });
    const figures = await computeStats(storage, G1, 7, NOW);
    expect(figures).toMatchObject({
      asked: 6,
      answered: 4,
      refused: 2,
      privateAsked: 1,
      ratings: { helpful: 2, notHelpful: 1 },
      members: 3,
    });
    expect(figures.answeredShare).toBeCloseTo(4 / 6);
    // Ratings are the denominator: the five questions nobody rated do not count.
    expect(figures.helpfulShare).toBeCloseTo(2 / 3);
    expect(figures.busiestHours).toEqual([
      { hour: 9, count: 3 },
      { hour: 14, count: 2 },
      { hour: 23, count: 1 },
    ]);
    expect(figures.perDay.slice(5)).toEqual([
      { day: '2026-11-26', answered: 2, refused: 1 },
      { day: '2026-11-27', answered: 2, refused: 1 },
    ]);
  });

  it('ranks public questions only, most asked first, then the most recent, at most five', async () => {
    const at = (h: number) => TODAY + h * HOUR;
    for (const [question, times, hour] of [
      ['a', 1, 1],
      ['b', 3, 2],
      ['c', 2, 3],
      ['d', 2, 4],
      ['e', 1, 5],
      ['f', 1, 6],
      ['g', 1, 7],
    ] as const) {
      for (let i = 0; i < times; i++) await ask(at(hour), { question });
    }
    for (let i = 0; i < 5; i++) await ask(at(8), { question: null, isPrivate: true });
    await ask(at(9), { question: 'h', answered: false, refusal: 'no-match' });
    await ask(at(9), { question: 'c', answered: false, refusal: 'no-match' });
    await ask(at(10), { question: 'c', answered: false, refusal: 'weak-match' });
    await ask(at(10), { question: null, isPrivate: true, answered: false, refusal: 'no-match' });
    const figures = await computeStats(storage, G1, 7, NOW);
    expect(figures.mostAsked).toEqual([
      { question: 'c', count: 4 },
      { question: 'b', count: 3 },
      { question: 'd', count: 2 },
      { question: 'h', count: 1 },
      { question: 'g', count: 1 },
    ]);
    expect(figures.mostRefused).toEqual([
      { question: 'c', count: 2 },
      { question: 'h', count: 1 },
    ]);
    expect(figures.refused).toBe(4);
    expect(figures.privateAsked).toBe(6);
  });

  it("counts notes added and edited in the period, in this server only, and never another server's questions", async () => {
    clock = TODAY - 10 * DAY;
    const old = await storage.notes.create(G1, { title: 'Old', body: 'Old.', tags: [], source: null, about: [] }, moderator);
    clock = TODAY - DAY;
    await storage.notes.update(G1, old.note.id, { title: 'Old', body: 'Edited.', tags: [], source: null, about: [] }, moderator);
    const fresh = await storage.notes.create(G1, { title: 'New', body: 'New.', tags: [], source: null, about: [] }, moderator);
    await storage.notes.setRemoved(G1, fresh.note.id, true, moderator);
    await storage.notes.create(G2, { title: 'Other', body: 'Other.', tags: [], source: null, about: [] }, moderator);
    await storage.questionLog.record({
      guildId: G2,
      askedAt: NOW - HOUR,
      question: 'elsewhere',
      answered: true,
      refusal: null,
      memberHash: member(9),
      isPrivate: false,
      answerId: null,
    });
    const figures = await computeStats(storage, G1, 7, NOW);
    expect(figures.notes).toEqual({ added: 1, edited: 1 });
    expect(figures.asked).toBe(0);
    expect((await computeStats(storage, G1, 30, NOW)).notes).toEqual({ added: 2, edited: 1 });
    expect(await computeStats(storage, G2, 7, NOW)).toMatchObject({
      asked: 1,
      notes: { added: 1, edited: 0 },
      mostAsked: [{ question: 'elsewhere', count: 1 }],
    });
  });

  it('reads note changes beyond one page of the audit log', async () => {
    clock = NOW - HOUR;
    const writes = Array.from({ length: 450 }, (_, i) => ({
      kind: 'create' as const,
      content: { title: `Note ${i}`, body: 'Text.', tags: [], source: null, about: [] },
    }));
    await storage.notes.writeBatch(G1, writes, moderator);
    expect((await computeStats(storage, G1, 7, NOW)).notes).toEqual({ added: 450, edited: 0 });
  });
});
