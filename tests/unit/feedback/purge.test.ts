import { afterEach, describe, expect, it, vi } from 'vitest';
import { ANSWER_TTL_MS, AnswerStore } from '../../../src/feedback/answers.js';
import { PURGE_INTERVAL_MS, schedulePurge } from '../../../src/feedback/purge.js';
import { createLogger } from '../../../src/log.js';
import { QUESTION_LOG_TTL_MS } from '../../../src/stats/log.js';
import { openDatabase } from '../../../src/storage/db.js';
import { openSqliteStorage } from '../../../src/storage/sqlite.js';

interface Line {
  level: number;
  msg: string;
  purged?: number;
  err?: { message?: string };
}

function memoryLog(): { log: ReturnType<typeof createLogger>; lines: Line[] } {
  const lines: Line[] = [];
  return { log: createLogger('debug', { write: (line: string) => void lines.push(JSON.parse(line) as Line) }), lines };
}

const base = { guildId: 'g1', userId: 'u1', question: 'who is khamenei', corpusVersion: 'v1', answered: true, isPrivate: false };
const stops: Array<() => void> = [];

afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  vi.restoreAllMocks();
});

describe('schedulePurge', () => {
  it('purges expired answers at once and then at every interval', async () => {
    let now = 0;
    const store = new AnswerStore(openDatabase(':memory:'), () => now);
    const early = store.save(base);
    now = ANSWER_TTL_MS + 1;
    const { log, lines } = memoryLog();
    stops.push(schedulePurge(store, log, 20));
    expect(lines).toEqual([expect.objectContaining({ level: 30, msg: 'expired answers purged', purged: 1 })]);
    expect(() => store.get(early)).toThrow('This answer has expired');

    store.save(base);
    now += ANSWER_TTL_MS + 1;
    await vi.waitFor(() => expect(lines).toHaveLength(2), { timeout: 2000, interval: 10 });
    expect(lines[1]).toMatchObject({ msg: 'expired answers purged', purged: 1 });
    expect(store.purgeExpired()).toBe(0);
  });

  it("purges the question log's expired questions too, at once and at every interval", async () => {
    let now = QUESTION_LOG_TTL_MS + 10;
    const storage = openSqliteStorage(':memory:');
    const entry = { guildId: 'g1', question: 'q', answered: true, refusal: null, memberHash: 'h', isPrivate: false, answerId: null };
    await storage.questionLog.record({ ...entry, askedAt: 5 });
    await storage.questionLog.record({ ...entry, askedAt: 20 });
    const { log, lines } = memoryLog();
    stops.push(schedulePurge(new AnswerStore(storage.db, () => now), log, 20, { storage, key: Buffer.alloc(32), now: () => now }));
    await vi.waitFor(
      () => expect(lines).toEqual([expect.objectContaining({ msg: 'expired questions purged from the question log', purged: 1 })]),
      {
        timeout: 2000,
        interval: 10,
      },
    );
    now += 100;
    await vi.waitFor(() => expect(lines).toHaveLength(2), { timeout: 2000, interval: 10 });
    expect(await storage.questionLog.list('g1', 0, now)).toEqual([]);
  });

  it('says nothing when there is nothing to purge', async () => {
    const store = new AnswerStore(openDatabase(':memory:'));
    const purge = vi.spyOn(store, 'purgeExpired');
    const { log, lines } = memoryLog();
    stops.push(schedulePurge(store, log, 10));
    await vi.waitFor(() => expect(purge.mock.calls.length).toBeGreaterThanOrEqual(3), { timeout: 2000, interval: 10 });
    expect(lines).toEqual([]);
  });

  it('logs a failure and tries again at the next tick, never throwing', async () => {
    const db = openDatabase(':memory:');
    const store = new AnswerStore(db);
    db.close();
    const { log, lines } = memoryLog();
    expect(() => stops.push(schedulePurge(store, log, 10))).not.toThrow();
    await vi.waitFor(() => expect(lines.length).toBeGreaterThanOrEqual(2), { timeout: 2000, interval: 10 });
    for (const line of lines)
      expect(line).toMatchObject({
        level: 50,
        msg: 'purging expired answers failed',
        err: { message: 'The database connection is not open' },
      });
  });

  it('stops when asked, and never keeps the process alive by itself', async () => {
    const interval = vi.spyOn(globalThis, 'setInterval');
    const store = new AnswerStore(openDatabase(':memory:'));
    const purge = vi.spyOn(store, 'purgeExpired');
    const stop = schedulePurge(store, memoryLog().log, 10);
    const timer = interval.mock.results[0]?.value as NodeJS.Timeout;
    expect(interval).toHaveBeenCalledWith(expect.any(Function), 10);
    expect(timer.hasRef()).toBe(false);
    await vi.waitFor(() => expect(purge.mock.calls.length).toBeGreaterThanOrEqual(2), { timeout: 2000, interval: 10 });
    stop();
    const calls = purge.mock.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(purge.mock.calls.length).toBe(calls);
  });

  it('runs hourly by default', () => {
    const interval = vi.spyOn(globalThis, 'setInterval');
    stops.push(schedulePurge(new AnswerStore(openDatabase(':memory:')), memoryLog().log));
    expect(PURGE_INTERVAL_MS).toBe(60 * 60 * 1000);
    expect(interval).toHaveBeenCalledWith(expect.any(Function), PURGE_INTERVAL_MS);
  });
});
