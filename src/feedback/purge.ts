import type { Logger } from '../log.js';
import { purgeQuestionLog, type QuestionLogDeps } from '../stats/log.js';
import type { AnswerStore } from './answers.js';

/** How often the running bot forgets expired answers: their buttons stop working a week after the answer anyway. */
export const PURGE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Purges expired answers (and, given the question log, its expired questions) now, then every `intervalMs`, until the
 * returned function is called. A failure (a database locked by a backup, say) is logged and retried at the next tick,
 * never thrown: the bot keeps serving.
 */
export function schedulePurge(
  answers: AnswerStore,
  log: Logger,
  intervalMs: number = PURGE_INTERVAL_MS,
  questionLog?: QuestionLogDeps,
): () => void {
  const purge = () => {
    try {
      const purged = answers.purgeExpired();
      if (purged > 0) log.info({ purged }, 'expired answers purged');
    } catch (error) {
      log.error({ err: error }, 'purging expired answers failed');
    }
    if (questionLog) {
      purgeQuestionLog(questionLog).then(
        (purged) => {
          if (purged > 0) log.info({ purged }, 'expired questions purged from the question log');
        },
        (error: unknown) => log.error({ err: error }, 'purging the question log failed'),
      );
    }
  };
  purge();
  const timer = setInterval(purge, intervalMs);
  // The purge alone must not keep the process alive once everything else has stopped.
  timer.unref();
  return () => clearInterval(timer);
}
