import type { SearchService } from '../answer/service.js';
import type { AnswerStore } from '../feedback/answers.js';
import type { Logger } from '../log.js';
import type { NotesDeps } from '../notes/notes.js';
import type { Library } from '../search/library.js';
import type { Suggester } from '../search/suggest.js';

/** What every command and button handler may use. Handlers get no client and no globals: only this. */
export interface BotContext {
  /** The corpus as loaded at start: documents for /quote, /sources and the buttons. Questions go to `search`. */
  library: Library;
  search: SearchService;
  suggester: Suggester;
  answers: AnswerStore;
  /** The server notes functions' dependencies: storage, the shipped corpus, and the change hook. */
  notes: NotesDeps;
  /** Origins an attachment may be downloaded from (Discord's CDN; the emulator's address in tests). */
  attachmentOrigins: readonly string[];
  /** Carries the interaction id on every line. */
  log: Logger;
}
