import type { SearchService } from '../answer/service.js';
import type { AnswerStore } from '../feedback/answers.js';
import type { Logger } from '../log.js';
import type { Library } from '../search/library.js';
import type { Suggester } from '../search/suggest.js';

/** What every command and button handler may use. Handlers get no client and no globals: only this. */
export interface BotContext {
  /** The corpus as loaded at start: documents for /quote, /sources and the buttons. Questions go to `search`. */
  library: Library;
  search: SearchService;
  suggester: Suggester;
  answers: AnswerStore;
  /** Carries the interaction id on every line. */
  log: Logger;
}
