import type { SearchService } from '../answer/service.js';
import type { AnswerStore } from '../feedback/answers.js';
import type { AskLimiter } from '../limits/index.js';
import type { Logger } from '../log.js';
import type { NotesDeps } from '../notes/notes.js';
import type { Library } from '../search/library.js';
import type { Suggester } from '../search/suggest.js';
import type { QuestionLogDeps } from '../stats/log.js';
import type { LoadedSettings, SettingsDeps } from '../settings/index.js';
import type { Modlog } from './modlog.js';

/** What every command and button handler may use. Handlers get no client and no globals: only this. */
export interface BotContext {
  /** The corpus as loaded at start: documents for /quote, /sources and the buttons. Questions go to `search`. */
  library: Library;
  search: SearchService;
  suggester: Suggester;
  answers: AnswerStore;
  /** The server notes functions' dependencies: storage, the shipped corpus, and the change hook. */
  notes: NotesDeps;
  /** The settings functions' dependencies, for `/config` (everything else reads `serverSettings`). */
  settings: SettingsDeps;
  /**
   * The settings of the server the interaction comes from, read for this interaction (so a change applies at once),
   * with deleted channels and roles dropped; the defaults in a DM.
   */
  serverSettings: LoadedSettings;
  /** The question log behind `/stats`: storage and the key that hashes members' ids. */
  questionLog: QuestionLogDeps;
  /**
   * The rate limits' state: one object for the process, created at start (a bot spread over processes would pass one
   * backed by a shared store).
   */
  limits: AskLimiter;
  /** Posts note and settings changes to a server's log channel. */
  modlog: Modlog;
  /** Origins an attachment may be downloaded from (Discord's CDN; the emulator's address in tests). */
  attachmentOrigins: readonly string[];
  /** Carries the interaction id on every line. */
  log: Logger;
}
