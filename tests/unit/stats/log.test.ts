import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/log.js';
import { logQuestion, normaliseQuestion, purgeQuestionLog, QUESTION_LOG_TTL_MS } from '../../../src/stats/log.js';
import { memberHash } from '../../../src/stats/member.js';
import { StorageBusyError } from '../../../src/storage/errors.js';
import { openSqliteStorage } from '../../../src/storage/sqlite.js';
import type { LoggedQuestion, QuestionLogStore } from '../../../src/storage/types.js';

const KEY = Buffer.from('s'.repeat(32));
const DAY = 24 * 60 * 60 * 1000;

function memoryLog(): { log: ReturnType<typeof createLogger>; lines: Array<{ level: number; msg: string }> } {
  const lines: Array<{ level: number; msg: string }> = [];
  return {
    log: createLogger('debug', { write: (line: string) => void lines.push(JSON.parse(line) as { level: number; msg: string }) }),
    lines,
  };
}

describe('normaliseQuestion', () => {
  it('ignores case, runs of spaces and closing punctuation, so one question counts once however it is typed', () => {
    expect(normaliseQuestion('  Who is   Susan RICE?? ')).toBe('who is susan rice');
    expect(normaliseQuestion('who is susan rice')).toBe('who is susan rice');
    expect(normaliseQuestion('What is the P5+1?!.')).toBe('what is the p5+1');
    expect(normaliseQuestion('Cafe\u0301 talks?')).toBe(normaliseQuestion('Café talks'));
  });
});

describe('logQuestion', () => {
  const asked = { guildId: 'g1', userId: '123456789012345678', question: 'Who is Susan Rice?', answered: true, refusal: null, answerId: 4 };

  it('records the time, the normalised question and the keyed hash of the member, never the user id', async () => {
    const storage = openSqliteStorage(':memory:');
    await logQuestion({ storage, key: KEY, now: () => 5_000 }, { ...asked, isPrivate: false }, memoryLog().log);
    expect(await storage.questionLog.list('g1', 0, 10_000)).toEqual([
      {
        guildId: 'g1',
        askedAt: 5_000,
        question: 'who is susan rice',
        answered: true,
        refusal: null,
        memberHash: memberHash(KEY, 'g1', asked.userId),
        isPrivate: false,
        answerId: 4,
        helpful: 0,
        notHelpful: 0,
      },
    ]);
    expect(JSON.stringify(storage.db.prepare('SELECT * FROM question_log').all())).not.toContain(asked.userId);
    await storage.close();
  });

  it("passes no private question's text to the storage at all", async () => {
    const recorded: LoggedQuestion[] = [];
    const questionLog = { record: (entry: LoggedQuestion) => Promise.resolve(void recorded.push(entry)) } as unknown as QuestionLogStore;
    await logQuestion(
      { storage: { questionLog } as never, key: KEY, now: () => 1 },
      { ...asked, isPrivate: true, answered: false, refusal: 'no-match' },
      memoryLog().log,
    );
    expect(recorded).toEqual([expect.objectContaining({ question: null, isPrivate: true, refusal: 'no-match' })]);
  });

  it('logs a database fault and lets the answer go out', async () => {
    const questionLog = { record: () => Promise.reject(new StorageBusyError()) } as unknown as QuestionLogStore;
    const { log, lines } = memoryLog();
    await expect(
      logQuestion({ storage: { questionLog } as never, key: KEY }, { ...asked, isPrivate: false }, log),
    ).resolves.toBeUndefined();
    expect(lines).toEqual([expect.objectContaining({ level: 40, msg: 'question not added to the question log' })]);
  });

  it('rethrows anything that is not a database fault: a bug', async () => {
    const questionLog = { record: () => Promise.reject(new TypeError('a bug')) } as unknown as QuestionLogStore;
    await expect(
      logQuestion({ storage: { questionLog } as never, key: KEY }, { ...asked, isPrivate: false }, memoryLog().log),
    ).rejects.toThrow('a bug');
  });
});

describe('purgeQuestionLog', () => {
  it('keeps questions 35 days, more than the longest period of /stats, and forgets older ones', async () => {
    expect(QUESTION_LOG_TTL_MS).toBeGreaterThan(31 * DAY);
    let now = 0;
    const storage = openSqliteStorage(':memory:');
    const deps = { storage, key: KEY, now: () => now };
    const { log } = memoryLog();
    const base = { guildId: 'g1', userId: '1', question: 'q', answered: true, refusal: null, isPrivate: false, answerId: null };
    await logQuestion(deps, base, log);
    now = 31 * DAY;
    await logQuestion(deps, base, log);
    expect(await purgeQuestionLog(deps)).toBe(0);
    now = QUESTION_LOG_TTL_MS + 1;
    expect(await purgeQuestionLog(deps)).toBe(1);
    expect((await storage.questionLog.list('g1', 0, now)).map((q) => q.askedAt)).toEqual([31 * DAY]);
    await storage.close();
  });
});
