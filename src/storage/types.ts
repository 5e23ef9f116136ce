// The storage interface: everything the bot keeps per server goes through `Storage`, so that another backend
// (PostgreSQL for deployments that outgrow one machine) can be added without touching commands or search.
// Methods are async although SQLite is synchronous: a networked database is not.
//
// Rules every implementation follows (tests/unit/storage/contract.ts checks them):
// - every method takes the guild id and never reads or returns another guild's rows: a note id of another guild is
//   "not found" (`undefined` / `NoteNotFoundError`), exactly like an id that does not exist;
// - every write that touches two tables (a note and its revision, a change and its audit row) is one transaction;
// - a live note's title is unique in its guild, compared case-insensitively (`titleKey`); a removed note's title may
//   be reused, so restoring it can fail with `TitleTakenError`;
// - faults surface as `StorageBusyError` / `StorageUnavailableError` (src/storage/errors.ts), never as raw driver errors.

/** Who did something, with the display name they had at that moment (kept as it was, not looked up later). */
export interface Actor {
  id: string;
  displayName: string;
}

/** A passage a note comments on: a shipped document, optionally one paragraph of it (`documentId#paragraph`). */
export interface AboutRef {
  documentId: string;
  /** 1-based paragraph number; absent when the note is about the whole document. */
  paragraph?: number;
}

/** What a moderator writes: the content of one revision, already validated (src/notes/schema.ts). */
export interface NoteContent {
  title: string;
  /** Paragraphs separated by one blank line, as in corpus files. */
  body: string;
  tags: string[];
  /** An http(s) link, or null. */
  source: string | null;
  about: AboutRef[];
}

/** A note as it is now: its current revision's content plus who made it and when. Times are Unix milliseconds. */
export interface Note extends NoteContent {
  id: number;
  guildId: string;
  /** Current revision number, from 1. */
  revision: number;
  /** Removed notes are hidden from answers, lists and exports, and keep all their revisions. */
  removed: boolean;
  createdBy: Actor;
  createdAt: number;
  /** The last change of any kind (edit, removal, restoration). */
  updatedBy: Actor;
  updatedAt: number;
}

/** One saved version of a note. Revisions are never changed or deleted. */
export interface NoteRevision extends NoteContent {
  noteId: number;
  revision: number;
  author: Actor;
  createdAt: number;
}

/** A light row for autocomplete and pickers. */
export interface NoteTitle {
  id: number;
  title: string;
  removed: boolean;
}

/** Audit actions: note changes, and settings set or reset to their default by an admin. */
export type AuditAction = 'note.add' | 'note.edit' | 'note.remove' | 'note.restore' | 'settings.set' | 'settings.reset';

/** One numbered change in a guild: the case log. */
export interface AuditEntry {
  guildId: string;
  /** 1, 2, 3... per guild, in the order the changes were committed. */
  caseNumber: number;
  action: AuditAction;
  actor: Actor;
  noteId: number | null;
  revisionBefore: number | null;
  revisionAfter: number | null;
  /** JSON values before and after, for changes that are not note revisions (settings). */
  before: unknown;
  after: unknown;
  /** Free text: where the change came from ("import notes.zip: iaea.md"). */
  detail: string | null;
  createdAt: number;
  /** The log channel message that reported this case, so a later edit updates it instead of posting again. */
  logMessageId: string | null;
  /** The channel that message is in (the log channel may have changed since). */
  logChannelId: string | null;
}

/** A committed note change and its audit row. */
export interface NoteChange {
  note: Note;
  audit: AuditEntry;
}

/** One write of an import batch: all of a batch commit together or none does. */
export type NoteWrite =
  | { kind: 'create'; content: NoteContent; detail?: string }
  | {
      kind: 'update';
      noteId: number;
      /** The revision the change was planned against: a note changed since makes the whole batch fail. */
      expectedRevision: number;
      content: NoteContent;
      detail?: string;
    };

export interface NoteListOptions {
  /** `false` (default): live notes; `true`: removed notes only. */
  removed?: boolean;
  offset?: number;
  limit?: number;
}

export interface NotesStore {
  /** Creates a note at revision 1. Throws `TitleTakenError` when a live note of the guild has the same title. */
  create(guildId: string, content: NoteContent, actor: Actor, detail?: string): Promise<NoteChange>;
  /**
   * Saves a new revision of a live note. With `expectedRevision`, throws `NoteConflictError` when the note has been
   * changed since (two moderators editing at once). Throws `NoteNotFoundError`, `TitleTakenError`.
   */
  update(
    guildId: string,
    noteId: number,
    content: NoteContent,
    actor: Actor,
    options?: { expectedRevision?: number; detail?: string },
  ): Promise<NoteChange>;
  /**
   * Hides (`removed: true`) or restores a note; its revisions are kept. Throws `NoteNotFoundError`, `NoteStateError`
   * (already removed / not removed), and `TitleTakenError` when restoring a title a live note now uses.
   */
  setRemoved(guildId: string, noteId: number, removed: boolean, actor: Actor): Promise<NoteChange>;
  /** Several creates and updates in one transaction (an import): all are committed or, on any error, none. */
  writeBatch(guildId: string, writes: NoteWrite[], actor: Actor): Promise<NoteChange[]>;
  /** A note of this guild by id, removed ones included; `undefined` when it does not exist in this guild. */
  get(guildId: string, noteId: number): Promise<Note | undefined>;
  /** The live note with this title (compared case-insensitively), if any. */
  findByTitle(guildId: string, title: string): Promise<Note | undefined>;
  /** A page of notes ordered by title, and how many there are in all. */
  list(guildId: string, options?: NoteListOptions): Promise<{ notes: Note[]; total: number }>;
  /** Every live note of the guild, ordered by id: what the guild's search index and exports are built from. */
  live(guildId: string): Promise<Note[]>;
  /** Id, title and state of every note of the guild (for autocomplete), ordered by title. */
  titles(guildId: string): Promise<NoteTitle[]>;
  /** Every revision of a note, oldest first; empty when the note is not in this guild. */
  revisions(guildId: string, noteId: number): Promise<NoteRevision[]>;
  /**
   * A number that grows with every committed note change in the guild (0 before the first): a search cache compares
   * it with the version it was built from to know, in one cheap read, whether the guild's notes changed.
   */
  version(guildId: string): Promise<number>;
  /** Guilds that have at least one note (live or removed). */
  guilds(): Promise<string[]>;
}

export interface AuditListOptions {
  noteId?: number;
  /** Newest first; at most this many (default 50). */
  limit?: number;
  /** Only cases numbered below this one: the next page. */
  beforeCase?: number;
}

export interface AuditStore {
  /** Cases of a guild, newest first. */
  list(guildId: string, options?: AuditListOptions): Promise<AuditEntry[]>;
  get(guildId: string, caseNumber: number): Promise<AuditEntry | undefined>;
  /**
   * Remembers the log channel message posted for a case (and its channel); false when the case does not exist in
   * this guild.
   */
  setLogMessage(guildId: string, caseNumber: number, messageId: string, channelId?: string): Promise<boolean>;
}

/**
 * A guild's settings as stored: one typed column each, `null` where the guild uses the default. Values are written
 * already validated (src/settings owns the rules and reads them back through its zod schema).
 */
export interface StoredSettings {
  answerVisibility: 'public' | 'private' | null;
  passagesPerAnswer: number | null;
  askChannels: string[] | null;
  moderatorRole: string | null;
  disabledCommands: string[] | null;
  excludedDocuments: string[] | null;
  logChannel: string | null;
  askCooldown: number | null;
  answersPerMinute: number | null;
}

export type StoredSettingKey = keyof StoredSettings;

/** A settings change as a function of the current values, run inside the write transaction. */
export type SettingsUpdate = (current: StoredSettings) => Partial<StoredSettings>;

export interface SettingsStore {
  /** The guild's stored settings; every value null for a guild that never changed one. */
  get(guildId: string): Promise<StoredSettings>;
  /**
   * Applies `update` to the current values and records the case (before and after: the changed values only), in one
   * transaction, so two admins changing the same list at once both count. Returns null, writing nothing, when no
   * value would change. An error thrown by `update` rolls everything back and is rethrown as it is.
   */
  update(guildId: string, actor: Actor, action: 'settings.set' | 'settings.reset', update: SettingsUpdate): Promise<AuditEntry | null>;
}

/** A question the library served badly in one guild. */
export interface Gap {
  /** The question as last asked (questions are grouped ignoring case and surrounding spaces). */
  question: string;
  /** Times asked and not answered (the library had nothing good enough). */
  unanswered: number;
  /** "Not helpful" ratings on answers to it. */
  notHelpful: number;
  lastAskedAt: number;
  /** The latest answer to it: what a "Write a note" button refers to (stored answers expire, and so do gaps). */
  answerId: number;
}

export interface GapOptions {
  limit?: number;
  /** Only questions asked at or after this time (Unix ms). */
  since?: number;
}

/** Read-only figures over the answers and ratings the bot keeps (src/feedback). */
export interface QuestionsStore {
  /**
   * Public questions of the guild the library could not answer or that were rated "Not helpful", most frequent
   * first (unanswered + not helpful), then most recent. Private (ephemeral) questions are left out.
   */
  gaps(guildId: string, options?: GapOptions): Promise<Gap[]>;
}

/** One question asked in a server, as the question log keeps it for `/stats`. Times are Unix milliseconds. */
export interface LoggedQuestion {
  guildId: string;
  askedAt: number;
  /** The normalised question (src/stats/log.ts); null for a private question, whose text is never kept. */
  question: string | null;
  answered: boolean;
  /** Why the library did not answer (`no-match`, `weak-match`); null when it answered. */
  refusal: string | null;
  /** HMAC-SHA256 of the server and member ids (src/stats/member.ts): never the raw user id. */
  memberHash: string;
  isPrivate: boolean;
  /** The stored answer, whose ratings outlive it; null when the answer could not be stored. */
  answerId: number | null;
}

/** A logged question with the ratings its answer got (each member's first rating, kept after the answer expires). */
export interface LoggedQuestionWithRatings extends LoggedQuestion {
  helpful: number;
  notHelpful: number;
}

/**
 * The question log behind `/stats`. It outlives the stored answers (purged after 7 days) and holds no user id and
 * no private question's text, so the figures can never say who asked what.
 */
export interface QuestionLogStore {
  /** Records a question; a private one's text is dropped here whatever the caller passes. */
  record(entry: LoggedQuestion): Promise<void>;
  /** The guild's questions asked at or after `since` and before `until`, oldest first, with their ratings. */
  list(guildId: string, since: number, until: number): Promise<LoggedQuestionWithRatings[]>;
  /** Forgets questions (of every guild) asked before `before`; returns how many. */
  purge(before: number): Promise<number>;
}

/** An import checked and shown to a moderator, kept until they press Confirm or Cancel, or it expires. */
export interface PendingImport {
  id: number;
  guildId: string;
  /** The moderator who checked the file: only they may apply it. */
  userId: string;
  /** The plan, plain JSON data (src/notes/transfer.ts `ImportPlan`). */
  plan: unknown;
  createdAt: number;
  expiresAt: number;
}

/** Imports waiting for confirmation. Kept in the database, not in memory: a Confirm still works after a restart. */
export interface PendingImportStore {
  /** Keeps a plan for `ttlMs` and returns its id; ids are never reused. Expired plans of every guild are forgotten. */
  put(guildId: string, userId: string, plan: unknown, ttlMs: number): Promise<number>;
  /** A plan of this guild that has not expired; `undefined` otherwise, for another guild's id too. */
  get(guildId: string, id: number): Promise<PendingImport | undefined>;
  /** Forgets a plan (applied or cancelled); false when this guild had no such plan. */
  delete(guildId: string, id: number): Promise<boolean>;
}

/** When a member's last question was accepted in a guild: what their cooldown counts from. */
export interface CooldownEntry {
  guildId: string;
  /**
   * The member as the question log knows them: a keyed hash of the server and user ids (src/stats/member.ts), never
   * the raw id. The cooldown only needs to recognise the member again.
   */
  member: string;
  /** Unix ms. */
  askedAt: number;
}

/** The members' last accepted questions, so that a cooldown outlives a restart. */
export interface CooldownStore {
  /** Remembers a member's accepted question, replacing an earlier time (never a later one). */
  record(guildId: string, member: string, askedAt: number): Promise<void>;
  /** Every member's last question asked at or after `since`, in every guild: what a starting bot loads. */
  recent(since: number): Promise<CooldownEntry[]>;
  /** Forgets questions asked before `before` (no cooldown reaches back that far); returns how many. */
  forget(before: number): Promise<number>;
}

/**
 * Everything the bot keeps. The stored answers and ratings (today src/feedback/answers.ts on the SQLite handle) will
 * be added here as `answers`.
 */
export interface Storage {
  notes: NotesStore;
  audit: AuditStore;
  settings: SettingsStore;
  questions: QuestionsStore;
  questionLog: QuestionLogStore;
  imports: PendingImportStore;
  cooldowns: CooldownStore;
  /** Closes the connection; safe to call twice. */
  close(): Promise<void>;
}
