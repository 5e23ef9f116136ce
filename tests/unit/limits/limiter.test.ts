import { describe, expect, it } from 'vitest';
import { type AskLimits, type LimitTicket, MemoryAskLimiter, MINUTE_MS, openAskLimiter } from '../../../src/limits/index.js';
import { createLogger } from '../../../src/log.js';
import { StorageUnavailableError } from '../../../src/storage/errors.js';
import { openSqliteStorage } from '../../../src/storage/sqlite.js';
import type { CooldownEntry, Storage } from '../../../src/storage/types.js';

const G1 = '200000000000000001';
const G2 = '200000000000000002';
const ALICE = '100000000000000001';
const BOB = '100000000000000002';
const START = 1_800_000_000_000;

/** A limiter on a clock the test moves, and the cooldowns it asked to keep. */
function limiter(remembered: CooldownEntry[] = []) {
  let now = START;
  const kept: CooldownEntry[] = [];
  const limits = new MemoryAskLimiter({ now: () => now, remembered, forgetAfterMs: 600_000, onQuestion: (e) => void kept.push(e) });
  return {
    limits,
    kept,
    advance: (ms: number) => {
      now += ms;
    },
    ask: (member: string, set: Partial<AskLimits>, guildId = G1) =>
      limits.takeNow({ guildId, member, limits: { cooldownSeconds: 0, answersPerMinute: null, ...set }, question: true }),
    post: (member: string, set: Partial<AskLimits>, guildId = G1) =>
      limits.takeNow({ guildId, member, limits: { cooldownSeconds: 0, answersPerMinute: null, ...set }, question: false }),
  };
}

describe("the cooldown between a member's questions", () => {
  it('refuses a second question within the cooldown, saying when, and allows it after', () => {
    const { ask, advance } = limiter();
    expect(ask(ALICE, { cooldownSeconds: 30 })).toMatchObject({ allowed: true });
    advance(10_000);
    expect(ask(ALICE, { cooldownSeconds: 30 })).toEqual({ allowed: false, reason: 'cooldown', retryAt: START + 30_000 });
    advance(19_999);
    expect(ask(ALICE, { cooldownSeconds: 30 })).toMatchObject({ allowed: false });
    advance(1);
    expect(ask(ALICE, { cooldownSeconds: 30 })).toMatchObject({ allowed: true });
  });

  it('is not extended by attempts it refuses', () => {
    const { ask, advance } = limiter();
    ask(ALICE, { cooldownSeconds: 60 });
    for (let i = 0; i < 5; i++) {
      advance(10_000);
      expect(ask(ALICE, { cooldownSeconds: 60 })).toEqual({ allowed: false, reason: 'cooldown', retryAt: START + 60_000 });
    }
    advance(10_000);
    expect(ask(ALICE, { cooldownSeconds: 60 })).toMatchObject({ allowed: true });
  });

  it('leaves other members and other servers alone', () => {
    const { ask } = limiter();
    expect(ask(ALICE, { cooldownSeconds: 60 }).allowed).toBe(true);
    expect(ask(BOB, { cooldownSeconds: 60 }).allowed).toBe(true);
    expect(ask(ALICE, { cooldownSeconds: 60 }, G2).allowed).toBe(true);
    expect(ask(ALICE, { cooldownSeconds: 60 }).allowed).toBe(false);
  });

  it('follows the setting as it is now: a shorter cooldown frees the member at once', () => {
    const { ask, advance } = limiter();
    ask(ALICE, { cooldownSeconds: 600 });
    advance(20_000);
    expect(ask(ALICE, { cooldownSeconds: 600 }).allowed).toBe(false);
    expect(ask(ALICE, { cooldownSeconds: 10 }).allowed).toBe(true);
  });

  it('does not apply to posting an answer, and costs nothing when it is 0', () => {
    const { ask, post, kept } = limiter();
    ask(ALICE, { cooldownSeconds: 60 });
    expect(post(ALICE, { cooldownSeconds: 60 })).toEqual({ allowed: true });
    expect(kept).toHaveLength(1);
    for (let i = 0; i < 5; i++) expect(ask(BOB, { cooldownSeconds: 0 })).toEqual({ allowed: true });
    expect(kept).toHaveLength(1);
  });

  it('hands over each question it counts, to be kept, and goes on from remembered ones', () => {
    const first = limiter();
    first.ask(ALICE, { cooldownSeconds: 60 });
    expect(first.kept).toEqual([{ guildId: G1, member: ALICE, askedAt: START }]);
    const restarted = limiter(first.kept);
    restarted.advance(30_000);
    expect(restarted.ask(ALICE, { cooldownSeconds: 60 })).toEqual({ allowed: false, reason: 'cooldown', retryAt: START + 60_000 });
    expect(restarted.ask(BOB, { cooldownSeconds: 60 }).allowed).toBe(true);
  });

  it('gives a question back when it got no answer: the member may ask again at once, from their question before', async () => {
    const { limits, ask, advance } = limiter();
    ask(ALICE, { cooldownSeconds: 60 });
    advance(60_000);
    const counted = ask(ALICE, { cooldownSeconds: 60 });
    expect(counted).toEqual({
      allowed: true,
      ticket: { id: 2, guildId: G1, member: ALICE, at: START + 60_000, previousQuestion: START, inWindow: false },
    });
    await limits.giveBack((counted as { ticket: LimitTicket }).ticket);
    const again = ask(ALICE, { cooldownSeconds: 60 });
    expect(again.allowed).toBe(true);
    // Given back late, a ticket leaves a later question alone, even one counted in the same millisecond.
    limits.giveBackNow((counted as { ticket: LimitTicket }).ticket);
    expect(ask(ALICE, { cooldownSeconds: 60 })).toMatchObject({ allowed: false, retryAt: START + 120_000 });
  });

  it('lets only one of two questions asked in the same millisecond through', async () => {
    const { limits } = limiter();
    const request = { guildId: G1, member: ALICE, limits: { cooldownSeconds: 5, answersPerMinute: null }, question: true };
    const verdicts = await Promise.all([limits.take(request), limits.take(request)]);
    expect(verdicts.map((v) => v.allowed).sort()).toEqual([false, true]);
  });
});

describe("the server's answers per minute", () => {
  it('refuses the answer past the ceiling in any 60 seconds, until the oldest is a minute old', () => {
    const { ask, post, advance } = limiter();
    const users = ['1', '2', '3', '4'].map((n) => `10000000000000010${n}`);
    expect(ask(users[0]!, { answersPerMinute: 3 }).allowed).toBe(true);
    advance(20_000);
    expect(ask(users[1]!, { answersPerMinute: 3 }).allowed).toBe(true);
    expect(post(users[1]!, { answersPerMinute: 3 }).allowed).toBe(true);
    expect(ask(users[2]!, { answersPerMinute: 3 })).toEqual({ allowed: false, reason: 'ceiling', retryAt: START + MINUTE_MS });
    expect(ask(users[3]!, { answersPerMinute: 3 }, G2).allowed).toBe(true);
    advance(40_000);
    expect(ask(users[2]!, { answersPerMinute: 3 }).allowed).toBe(true);
    expect(ask(users[3]!, { answersPerMinute: 3 })).toEqual({ allowed: false, reason: 'ceiling', retryAt: START + 20_000 + MINUTE_MS });
  });

  it('counts neither limit for an attempt the other refuses', () => {
    const { ask, advance } = limiter();
    const both = { cooldownSeconds: 120, answersPerMinute: 1 };
    expect(ask(ALICE, both).allowed).toBe(true);
    // Refused by the ceiling: Bob's cooldown does not start.
    expect(ask(BOB, both)).toMatchObject({ reason: 'ceiling' });
    advance(MINUTE_MS);
    // Refused by her cooldown: Alice takes no room under the ceiling, which Bob then gets.
    expect(ask(ALICE, both)).toMatchObject({ reason: 'cooldown' });
    expect(ask(BOB, both)).toMatchObject({ allowed: true });
  });

  it('waits for enough answers to expire when the ceiling was lowered under what the minute already holds', () => {
    const { ask, advance } = limiter();
    for (let i = 0; i < 5; i++) {
      ask(`10000000000000020${i}`, { answersPerMinute: 10 });
      advance(1_000);
    }
    // Five answers in the window, a ceiling of 2: room for one more once four have expired (the fourth was at START + 3 s).
    expect(ask(ALICE, { answersPerMinute: 2 })).toEqual({ allowed: false, reason: 'ceiling', retryAt: START + 3_000 + MINUTE_MS });
  });

  it('gives the room back for an answer that was not given', () => {
    const { limits, ask } = limiter();
    const first = ask(ALICE, { answersPerMinute: 1 });
    expect(ask(BOB, { answersPerMinute: 1 }).allowed).toBe(false);
    limits.giveBackNow((first as { ticket: LimitTicket }).ticket);
    expect(ask(BOB, { answersPerMinute: 1 }).allowed).toBe(true);
  });

  it('starts counting when it is set: answers given while it was off do not count', () => {
    const { ask } = limiter();
    for (let i = 0; i < 5; i++) ask(ALICE, {});
    expect(ask(ALICE, { answersPerMinute: 1 }).allowed).toBe(true);
    expect(ask(ALICE, { answersPerMinute: 1 }).allowed).toBe(false);
  });
});

describe('openAskLimiter', () => {
  it('keeps every counted question in storage and reads the running cooldowns back at the next start', async () => {
    const storage = openSqliteStorage(':memory:');
    const log = createLogger('silent');
    let now = START;
    const first = await openAskLimiter(storage, log, () => now);
    const request = { guildId: G1, member: ALICE, limits: { cooldownSeconds: 60, answersPerMinute: null }, question: true };
    expect(first.takeNow(request).allowed).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    now += 30_000;
    const second = await openAskLimiter(storage, log, () => now);
    expect(second.takeNow(request)).toEqual({ allowed: false, reason: 'cooldown', retryAt: START + 60_000 });
    // Ten minutes on, no cooldown can reach back: the row is forgotten at the next start.
    now += 600_000;
    await openAskLimiter(storage, log, () => now);
    expect(await storage.cooldowns.recent(0)).toEqual([]);
    await storage.close();
  });

  it('starts with no cooldowns, logged, when the database cannot be read, and limits all the same', async () => {
    const unreadable = () => Promise.reject(new StorageUnavailableError('io'));
    const storage = { cooldowns: { recent: unreadable, forget: unreadable, record: unreadable } } as unknown as Storage;
    const lines: Array<{ level: number; msg: string }> = [];
    const log = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line) as { level: number; msg: string }) });
    const limits = await openAskLimiter(storage, log, () => START);
    const request = { guildId: G1, member: ALICE, limits: { cooldownSeconds: 60, answersPerMinute: null }, question: true };
    expect(limits.takeNow(request).allowed).toBe(true);
    expect(limits.takeNow(request).allowed).toBe(false);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [50, 'cooldowns could not be read back: they start afresh'],
      [40, 'old cooldowns could not be forgotten'],
      [40, 'cooldown not stored: it holds until the next restart only'],
    ]);
  });
});
