import type { Logger } from '../log.js';
import { StorageError } from '../storage/errors.js';
import type { Storage } from '../storage/types.js';
import { memberHash } from './member.js';

/**
 * How long the question log keeps a question: the longest `/stats` period (30 days) plus a margin, so a 30-day figure
 * taken just before an hourly purge still sees its first day whole. Stored answers, by contrast, last 7 days.
 */
export const QUESTION_LOG_TTL_MS = 35 * 24 * 60 * 60 * 1000;

/** What recording a question needs: the storage, the stats key, and the clock. */
export interface QuestionLogDeps {
  storage: Pick<Storage, 'questionLog' | 'audit'>;
  key: Buffer;
  now?: () => number;
}

/** A question as it is counted for "most asked": case, accents' composition, spaces and closing punctuation ignored. */
export function normaliseQuestion(question: string): string {
  return question
    .normalize('NFC')
    .toLocaleLowerCase('en')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s?!.]+$/u, '');
}

export interface AskedQuestion {
  guildId: string;
  userId: string;
  question: string;
  answered: boolean;
  refusal: string | null;
  isPrivate: boolean;
  answerId: number | null;
}

/**
 * Adds a question asked in a server to the question log. The log is for figures: when the database cannot take the
 * row, the member still gets their answer and the fault is logged.
 */
export async function logQuestion(deps: QuestionLogDeps, asked: AskedQuestion, log: Logger): Promise<void> {
  try {
    await deps.storage.questionLog.record({
      guildId: asked.guildId,
      askedAt: (deps.now ?? Date.now)(),
      question: asked.isPrivate ? null : normaliseQuestion(asked.question),
      answered: asked.answered,
      refusal: asked.answered ? null : asked.refusal,
      memberHash: memberHash(deps.key, asked.guildId, asked.userId),
      isPrivate: asked.isPrivate,
      answerId: asked.answerId,
    });
  } catch (error) {
    if (!(error instanceof StorageError)) throw error;
    log.warn({ err: error }, 'question not added to the question log');
  }
}

/** Forgets logged questions older than `QUESTION_LOG_TTL_MS`; returns how many. */
export function purgeQuestionLog(deps: QuestionLogDeps): Promise<number> {
  return deps.storage.questionLog.purge((deps.now ?? Date.now)() - QUESTION_LOG_TTL_MS);
}
