import type { AnswerStore } from '../feedback/answers.js';
import type { Logger } from '../log.js';
import type { Library } from '../search/library.js';
import type { Suggester } from '../search/suggest.js';

/** What every command and button handler may use. Handlers get no client and no globals: only this. */
export interface BotContext {
  library: Library;
  suggester: Suggester;
  answers: AnswerStore;
  /** Carries the interaction id on every line. */
  log: Logger;
}
