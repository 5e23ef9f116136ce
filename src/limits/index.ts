// The bot's rate limits: the limiter, and how the running bot opens it from storage.
import type { Logger } from '../log.js';
import { MAX_ASK_COOLDOWN } from '../settings/index.js';
import { StorageError } from '../storage/errors.js';
import type { CooldownEntry, Storage } from '../storage/types.js';
import { MemoryAskLimiter } from './limiter.js';

export {
  type AskLimiter,
  type AskLimits,
  type LimitRequest,
  type LimitTicket,
  type LimitVerdict,
  MemoryAskLimiter,
  MINUTE_MS,
} from './limiter.js';

/**
 * The process's limiter, created at start: the cooldowns still running at the last stop are read back, and every new
 * one is written as it is taken (after the decision, which never waits for the database). A database that cannot
 * be read or written costs the cooldowns their memory across a restart, never an answer. A question given back (it
 * got no answer) is given back in memory only: a restart within its cooldown would hold the member to it again, a
 * rare case not worth a write on every failed question.
 */
export async function openAskLimiter(storage: Storage, log: Logger, now: () => number = Date.now): Promise<MemoryAskLimiter> {
  const forgetAfterMs = MAX_ASK_COOLDOWN * 1000;
  const since = now() - forgetAfterMs;
  let remembered: CooldownEntry[] = [];
  try {
    remembered = await storage.cooldowns.recent(since);
  } catch (error) {
    if (!(error instanceof StorageError)) throw error;
    log.error({ err: error }, 'cooldowns could not be read back: they start afresh');
  }
  // Rows no cooldown can reach any more; left behind, they would only be forgotten at the next start.
  await storage.cooldowns.forget(since).catch((error: unknown) => log.warn({ err: error }, 'old cooldowns could not be forgotten'));
  return new MemoryAskLimiter({
    now,
    remembered,
    forgetAfterMs,
    onQuestion: (entry) => {
      storage.cooldowns.record(entry.guildId, entry.member, entry.askedAt).catch((error: unknown) => {
        log.warn({ err: error }, 'cooldown not stored: it holds until the next restart only');
      });
    },
  });
}
