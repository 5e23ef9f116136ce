import { type Db, durably, isBusy, openDatabase, type OpenOptions } from './db.js';
import {
  NoteConflictError,
  NoteNotFoundError,
  NoteStateError,
  StorageBusyError,
  StorageUnavailableError,
  TitleTakenError,
  type UnavailableReason,
} from './errors.js';
import { titleKey } from './title-key.js';
import type {
  AboutRef,
  Actor,
  AuditAction,
  AuditEntry,
  AuditListOptions,
  AuditStore,
  CooldownEntry,
  CooldownStore,
  Gap,
  GapOptions,
  LoggedQuestion,
  LoggedQuestionWithRatings,
  Note,
  NoteChange,
  NoteContent,
  NoteListOptions,
  NoteRevision,
  NotesStore,
  NoteTitle,
  NoteWrite,
  PendingImport,
  PendingImportStore,
  QuestionLogStore,
  QuestionsStore,
  SettingsStore,
  SettingsUpdate,
  Storage,
  StoredSettingKey,
  StoredSettings,
} from './types.js';

export interface SqliteStorageOptions extends OpenOptions {
  /** The clock, for tests (default `Date.now`). */
  now?: () => number;
}

/** Maps a driver error to the storage's typed errors; anything else (a bug) is returned as it is. */
export function toStorageError(error: unknown): Error {
  if (isBusy(error)) return new StorageBusyError({ cause: error });
  if (!(error instanceof Error)) return new Error(String(error));
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return error;
  const reason: UnavailableReason | undefined = code.startsWith('SQLITE_READONLY')
    ? 'read-only'
    : code === 'SQLITE_FULL'
      ? 'disk-full'
      : code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')
        ? 'io'
        : code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB'
          ? 'corrupt'
          : undefined;
  return reason ? new StorageUnavailableError(reason, { cause: error }) : error;
}

/** Runs synchronous database work, turning driver faults into typed errors. */
function guard<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw toStorageError(error);
  }
}

/** `guard` as a promise: the interface is asynchronous, and a fault is a rejection, never a synchronous throw. */
function run<T>(work: () => T): Promise<T> {
  return new Promise<T>((resolve) => resolve(guard(work)));
}

/** `run` for the writes a moderator or an admin is told are saved: committed with a sync to disk (see `durably`). */
function runDurably<T>(db: Db, work: () => T): Promise<T> {
  return run(() => durably(db, work));
}

/** Opens the SQLite storage in `dataDir` (`:memory:` for a throwaway one), migrating the schema if needed. */
export function openSqliteStorage(dataDir: string, options: SqliteStorageOptions = {}): SqliteStorage {
  return new SqliteStorage(
    guard(() => openDatabase(dataDir, options)),
    options.now ?? Date.now,
  );
}

/** The embedded storage: one SQLite file in the data folder, WAL mode, written through IMMEDIATE transactions. */
export class SqliteStorage implements Storage {
  readonly notes: NotesStore;
  readonly audit: AuditStore;
  readonly questions: QuestionsStore;
  readonly questionLog: QuestionLogStore;
  readonly imports: PendingImportStore;
  readonly settings: SettingsStore;
  readonly cooldowns: CooldownStore;

  /** The connection, shared with the stored answers (src/feedback/answers.ts) until they move behind `Storage`. */
  constructor(
    readonly db: Db,
    now: () => number = Date.now,
  ) {
    const caseLog = new SqliteCaseLog(db);
    this.notes = new SqliteNotes(db, now, caseLog);
    this.settings = new SqliteSettings(db, now, caseLog);
    this.audit = new SqliteAudit(db);
    this.questions = new SqliteQuestions(db);
    this.questionLog = new SqliteQuestionLog(db);
    this.imports = new SqlitePendingImports(db, now);
    this.cooldowns = new SqliteCooldowns(db);
  }

  close(): Promise<void> {
    return run(() => {
      if (this.db.open) this.db.close();
    });
  }
}

interface NoteRow {
  id: number;
  guild_id: string;
  revision: number;
  removed: number;
  created_by: string;
  created_by_name: string;
  created_at: number;
  updated_by: string;
  updated_by_name: string;
  updated_at: number;
  title: string;
  body: string;
  tags: string;
  source: string | null;
  about: string;
}

interface RevisionRow {
  note_id: number;
  revision: number;
  title: string;
  body: string;
  tags: string;
  source: string | null;
  about: string;
  author_id: string;
  author_name: string;
  created_at: number;
}

interface AuditRow {
  guild_id: string;
  case_number: number;
  action: string;
  actor_id: string;
  actor_name: string;
  note_id: number | null;
  revision_before: number | null;
  revision_after: number | null;
  before_json: string | null;
  after_json: string | null;
  detail: string | null;
  created_at: number;
  log_message_id: string | null;
  log_channel_id: string | null;
}

const NOTE_COLUMNS = `n.id, n.guild_id, n.revision, n.removed, n.created_by, n.created_by_name, n.created_at, n.updated_by,
  n.updated_by_name, n.updated_at, r.title, r.body, r.tags, r.source, r.about
  FROM notes n JOIN note_revisions r ON r.note_id = n.id AND r.revision = n.revision`;

function toNote(row: NoteRow): Note {
  return {
    id: row.id,
    guildId: row.guild_id,
    title: row.title,
    body: row.body,
    tags: JSON.parse(row.tags) as string[],
    source: row.source,
    about: JSON.parse(row.about) as AboutRef[],
    revision: row.revision,
    removed: row.removed === 1,
    createdBy: { id: row.created_by, displayName: row.created_by_name },
    createdAt: row.created_at,
    updatedBy: { id: row.updated_by, displayName: row.updated_by_name },
    updatedAt: row.updated_at,
  };
}

function toRevision(row: RevisionRow): NoteRevision {
  return {
    noteId: row.note_id,
    revision: row.revision,
    title: row.title,
    body: row.body,
    tags: JSON.parse(row.tags) as string[],
    source: row.source,
    about: JSON.parse(row.about) as AboutRef[],
    author: { id: row.author_id, displayName: row.author_name },
    createdAt: row.created_at,
  };
}

function toAudit(row: AuditRow): AuditEntry {
  return {
    guildId: row.guild_id,
    caseNumber: row.case_number,
    action: row.action as AuditAction,
    actor: { id: row.actor_id, displayName: row.actor_name },
    noteId: row.note_id,
    revisionBefore: row.revision_before,
    revisionAfter: row.revision_after,
    before: row.before_json === null ? null : (JSON.parse(row.before_json) as unknown),
    after: row.after_json === null ? null : (JSON.parse(row.after_json) as unknown),
    detail: row.detail,
    createdAt: row.created_at,
    logMessageId: row.log_message_id,
    logChannelId: row.log_channel_id,
  };
}

/** Tags and references are stored as JSON text: a note has few of them and they are always read whole. */
function aboutJson(about: AboutRef[]): string {
  return JSON.stringify(
    about.map((ref) =>
      ref.paragraph === undefined ? { documentId: ref.documentId } : { documentId: ref.documentId, paragraph: ref.paragraph },
    ),
  );
}

const AUDIT_COLUMNS = `guild_id, case_number, action, actor_id, actor_name, note_id, revision_before, revision_after, before_json,
  after_json, detail, created_at, log_message_id, log_channel_id`;

class SqliteNotes implements NotesStore {
  private readonly byId;
  private readonly byKey;
  private readonly insertNote;
  private readonly insertRevision;
  private readonly setCurrent;
  private readonly setRemovedFlag;
  private readonly bumpVersion;
  private readonly page;
  private readonly count;
  private readonly liveRows;
  private readonly titleRows;
  private readonly revisionRows;
  private readonly versionRow;
  private readonly guildRows;

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
    private readonly caseLog: SqliteCaseLog,
  ) {
    this.byId = db.prepare(`SELECT ${NOTE_COLUMNS} WHERE n.guild_id = ? AND n.id = ?`);
    this.byKey = db.prepare(`SELECT ${NOTE_COLUMNS} WHERE n.guild_id = ? AND n.title_key = ? AND n.removed = 0`);
    this.insertNote = db.prepare(`INSERT INTO notes (guild_id, title, title_key, revision, removed, created_by, created_by_name, created_at,
      updated_by, updated_by_name, updated_at) VALUES (?, ?, ?, 1, 0, ?, ?, ?, ?, ?, ?)`);
    this.insertRevision =
      db.prepare(`INSERT INTO note_revisions (note_id, revision, title, body, tags, source, about, author_id, author_name,
      created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.setCurrent = db.prepare(
      'UPDATE notes SET title = ?, title_key = ?, revision = ?, updated_by = ?, updated_by_name = ?, updated_at = ? WHERE id = ?',
    );
    this.setRemovedFlag = db.prepare('UPDATE notes SET removed = ?, updated_by = ?, updated_by_name = ?, updated_at = ? WHERE id = ?');
    this.bumpVersion = db.prepare(`INSERT INTO guild_state (guild_id, notes_version) VALUES (?, 1)
      ON CONFLICT (guild_id) DO UPDATE SET notes_version = notes_version + 1`);
    this.page = db.prepare(`SELECT ${NOTE_COLUMNS} WHERE n.guild_id = ? AND n.removed = ? ORDER BY n.title_key, n.id LIMIT ? OFFSET ?`);
    this.count = db.prepare('SELECT COUNT(*) AS total FROM notes WHERE guild_id = ? AND removed = ?');
    this.liveRows = db.prepare(`SELECT ${NOTE_COLUMNS} WHERE n.guild_id = ? AND n.removed = 0 ORDER BY n.id`);
    this.titleRows = db.prepare('SELECT id, title, removed FROM notes WHERE guild_id = ? ORDER BY title_key, id');
    this.revisionRows =
      db.prepare(`SELECT r.note_id, r.revision, r.title, r.body, r.tags, r.source, r.about, r.author_id, r.author_name, r.created_at
      FROM note_revisions r JOIN notes n ON n.id = r.note_id WHERE n.guild_id = ? AND r.note_id = ? ORDER BY r.revision`);
    this.versionRow = db.prepare('SELECT notes_version FROM guild_state WHERE guild_id = ?');
    this.guildRows = db.prepare('SELECT DISTINCT guild_id FROM notes ORDER BY guild_id');
  }

  create(guildId: string, content: NoteContent, actor: Actor, detail?: string): Promise<NoteChange> {
    return runDurably(this.db, () => this.db.transaction(() => this.createNow(guildId, content, actor, detail)).immediate());
  }

  update(
    guildId: string,
    noteId: number,
    content: NoteContent,
    actor: Actor,
    options: { expectedRevision?: number; detail?: string } = {},
  ): Promise<NoteChange> {
    return runDurably(this.db, () =>
      this.db.transaction(() => this.updateNow(guildId, noteId, content, actor, options.expectedRevision, options.detail)).immediate(),
    );
  }

  setRemoved(guildId: string, noteId: number, removed: boolean, actor: Actor): Promise<NoteChange> {
    return runDurably(this.db, () =>
      this.db
        .transaction(() => {
          const note = this.mustGet(guildId, noteId);
          if (note.removed === removed)
            throw new NoteStateError(removed ? `Note #${noteId} is already removed.` : `Note #${noteId} is not removed.`);
          if (!removed) this.checkTitleFree(guildId, note.title, noteId);
          const at = this.now();
          this.setRemovedFlag.run(removed ? 1 : 0, actor.id, actor.displayName, at, noteId);
          const audit = this.record(
            guildId,
            removed ? 'note.remove' : 'note.restore',
            actor,
            noteId,
            note.revision,
            note.revision,
            at,
            undefined,
          );
          return { note: this.mustGet(guildId, noteId), audit };
        })
        .immediate(),
    );
  }

  writeBatch(guildId: string, writes: NoteWrite[], actor: Actor): Promise<NoteChange[]> {
    return runDurably(this.db, () =>
      this.db
        .transaction(() =>
          writes.map((write) =>
            write.kind === 'create'
              ? this.createNow(guildId, write.content, actor, write.detail)
              : this.updateNow(guildId, write.noteId, write.content, actor, write.expectedRevision, write.detail),
          ),
        )
        .immediate(),
    );
  }

  get(guildId: string, noteId: number): Promise<Note | undefined> {
    return run(() => this.getNow(guildId, noteId));
  }

  findByTitle(guildId: string, title: string): Promise<Note | undefined> {
    return run(() => {
      const row = this.byKey.get(guildId, titleKey(title)) as NoteRow | undefined;
      return row && toNote(row);
    });
  }

  list(guildId: string, options: NoteListOptions = {}): Promise<{ notes: Note[]; total: number }> {
    const removed = options.removed ? 1 : 0;
    return run(() =>
      this.db.transaction(() => {
        const rows = this.page.all(guildId, removed, options.limit ?? -1, options.offset ?? 0) as NoteRow[];
        const { total } = this.count.get(guildId, removed) as { total: number };
        return { notes: rows.map(toNote), total };
      })(),
    );
  }

  live(guildId: string): Promise<Note[]> {
    return run(() => (this.liveRows.all(guildId) as NoteRow[]).map(toNote));
  }

  titles(guildId: string): Promise<NoteTitle[]> {
    return run(() => {
      const rows = this.titleRows.all(guildId) as Array<{ id: number; title: string; removed: number }>;
      return rows.map((r) => ({ id: r.id, title: r.title, removed: r.removed === 1 }));
    });
  }

  revisions(guildId: string, noteId: number): Promise<NoteRevision[]> {
    return run(() => (this.revisionRows.all(guildId, noteId) as RevisionRow[]).map(toRevision));
  }

  version(guildId: string): Promise<number> {
    return run(() => (this.versionRow.get(guildId) as { notes_version: number } | undefined)?.notes_version ?? 0);
  }

  guilds(): Promise<string[]> {
    return run(() => (this.guildRows.all() as Array<{ guild_id: string }>).map((r) => r.guild_id));
  }

  // The *Now methods run inside a transaction opened by their caller.

  private createNow(guildId: string, content: NoteContent, actor: Actor, detail: string | undefined): NoteChange {
    this.checkTitleFree(guildId, content.title, undefined);
    const at = this.now();
    const noteId = Number(
      this.insertNote.run(guildId, content.title, titleKey(content.title), actor.id, actor.displayName, at, actor.id, actor.displayName, at)
        .lastInsertRowid,
    );
    this.insertRevisionRow(noteId, 1, content, actor, at);
    const audit = this.record(guildId, 'note.add', actor, noteId, null, 1, at, detail);
    return { note: this.mustGet(guildId, noteId), audit };
  }

  private updateNow(
    guildId: string,
    noteId: number,
    content: NoteContent,
    actor: Actor,
    expectedRevision: number | undefined,
    detail: string | undefined,
  ): NoteChange {
    const note = this.mustGet(guildId, noteId);
    if (expectedRevision !== undefined && note.revision !== expectedRevision) {
      throw new NoteConflictError(noteId, expectedRevision, note.revision, note.updatedBy.displayName);
    }
    if (note.removed) throw new NoteStateError(`Note #${noteId} is removed: restore it before editing it.`);
    this.checkTitleFree(guildId, content.title, noteId);
    const at = this.now();
    const revision = note.revision + 1;
    this.insertRevisionRow(noteId, revision, content, actor, at);
    this.setCurrent.run(content.title, titleKey(content.title), revision, actor.id, actor.displayName, at, noteId);
    const audit = this.record(guildId, 'note.edit', actor, noteId, note.revision, revision, at, detail);
    return { note: this.mustGet(guildId, noteId), audit };
  }

  private insertRevisionRow(noteId: number, revision: number, content: NoteContent, actor: Actor, at: number): void {
    this.insertRevision.run(
      noteId,
      revision,
      content.title,
      content.body,
      JSON.stringify(content.tags),
      content.source,
      aboutJson(content.about),
      actor.id,
      actor.displayName,
      at,
    );
  }

  /** Checked before writing rather than left to the unique index, so the error names the note holding the title. */
  private checkTitleFree(guildId: string, title: string, self: number | undefined): void {
    const holder = this.byKey.get(guildId, titleKey(title)) as NoteRow | undefined;
    if (holder && holder.id !== self) throw new TitleTakenError(holder.title, holder.id);
  }

  private record(
    guildId: string,
    action: AuditAction,
    actor: Actor,
    noteId: number,
    before: number | null,
    after: number,
    at: number,
    detail: string | undefined,
  ): AuditEntry {
    this.bumpVersion.run(guildId);
    return this.caseLog.record(
      guildId,
      { action, actor, noteId, revisionBefore: before, revisionAfter: after, detail: detail ?? null },
      at,
    );
  }

  private getNow(guildId: string, noteId: number): Note | undefined {
    const row = this.byId.get(guildId, noteId) as NoteRow | undefined;
    return row && toNote(row);
  }

  private mustGet(guildId: string, noteId: number): Note {
    const note = this.getNow(guildId, noteId);
    if (!note) throw new NoteNotFoundError(noteId);
    return note;
  }
}

/** What a change records in the case log; the case number and time are added by `record`. */
export type CaseInput = Pick<AuditEntry, 'action' | 'actor'> &
  Partial<Pick<AuditEntry, 'noteId' | 'revisionBefore' | 'revisionAfter' | 'before' | 'after' | 'detail'>>;

/**
 * Numbers and writes audit cases, inside the caller's transaction: note changes use it, and settings changes will,
 * so that every change of a guild takes the next number of one sequence. The counter is a row per guild, so under
 * PostgreSQL the same UPDATE ... RETURNING locks it and numbers concurrent cases without gaps or repeats.
 */
export class SqliteCaseLog {
  private readonly next;
  private readonly insert;
  private readonly select;

  constructor(db: Db) {
    this.next = db.prepare(`INSERT INTO guild_state (guild_id, last_case) VALUES (?, 1)
      ON CONFLICT (guild_id) DO UPDATE SET last_case = last_case + 1 RETURNING last_case`);
    this.insert = db.prepare(`INSERT INTO audit (guild_id, case_number, action, actor_id, actor_name, note_id, revision_before,
      revision_after, before_json, after_json, detail, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.select = db.prepare(`SELECT ${AUDIT_COLUMNS} FROM audit WHERE guild_id = ? AND case_number = ?`);
  }

  /** Records a case and returns it; call inside a write transaction. */
  record(guildId: string, input: CaseInput, at: number): AuditEntry {
    const { last_case: caseNumber } = this.next.get(guildId) as { last_case: number };
    const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));
    this.insert.run(
      guildId,
      caseNumber,
      input.action,
      input.actor.id,
      input.actor.displayName,
      input.noteId ?? null,
      input.revisionBefore ?? null,
      input.revisionAfter ?? null,
      json(input.before),
      json(input.after),
      input.detail ?? null,
      at,
    );
    return toAudit(this.select.get(guildId, caseNumber) as AuditRow);
  }
}

class SqliteAudit implements AuditStore {
  private readonly page;
  private readonly pageForNote;
  private readonly one;
  private readonly setMessage;

  constructor(db: Db) {
    this.page = db.prepare(`SELECT ${AUDIT_COLUMNS} FROM audit WHERE guild_id = ? AND case_number < ? ORDER BY case_number DESC LIMIT ?`);
    this.pageForNote = db.prepare(
      `SELECT ${AUDIT_COLUMNS} FROM audit WHERE guild_id = ? AND note_id = ? AND case_number < ? ORDER BY case_number DESC LIMIT ?`,
    );
    this.one = db.prepare(`SELECT ${AUDIT_COLUMNS} FROM audit WHERE guild_id = ? AND case_number = ?`);
    this.setMessage = db.prepare('UPDATE audit SET log_message_id = ?, log_channel_id = ? WHERE guild_id = ? AND case_number = ?');
  }

  list(guildId: string, options: AuditListOptions = {}): Promise<AuditEntry[]> {
    const before = options.beforeCase ?? Number.MAX_SAFE_INTEGER;
    const limit = options.limit ?? 50;
    return run(() => {
      const rows = (
        options.noteId === undefined ? this.page.all(guildId, before, limit) : this.pageForNote.all(guildId, options.noteId, before, limit)
      ) as AuditRow[];
      return rows.map(toAudit);
    });
  }

  get(guildId: string, caseNumber: number): Promise<AuditEntry | undefined> {
    return run(() => {
      const row = this.one.get(guildId, caseNumber) as AuditRow | undefined;
      return row && toAudit(row);
    });
  }

  setLogMessage(guildId: string, caseNumber: number, messageId: string, channelId?: string): Promise<boolean> {
    return run(() => this.setMessage.run(messageId, channelId ?? null, guildId, caseNumber).changes === 1);
  }
}

class SqliteQuestions implements QuestionsStore {
  private readonly query;

  constructor(db: Db) {
    // Written against today's answers/feedback tables: ratings live only as long as their answer (7 days).
    // SQLite's bare-column rule gives `question` and `created_at` from the row holding MAX(id): the latest wording.
    this.query = db.prepare(`
      SELECT question, created_at, MAX(id) AS last_id, SUM(answered = 0) AS unanswered, SUM(not_helpful) AS not_helpful
      FROM (
        SELECT a.id, a.question, a.answered, a.created_at,
               (SELECT COUNT(*) FROM feedback f WHERE f.answer_id = a.id AND f.helpful = 0) AS not_helpful
        FROM answers a
        WHERE a.guild_id = ? AND a.private = 0 AND a.created_at >= ?
      )
      GROUP BY LOWER(TRIM(question))
      HAVING unanswered + not_helpful > 0
      ORDER BY unanswered + not_helpful DESC, last_id DESC
      LIMIT ?`);
  }

  gaps(guildId: string, options: GapOptions = {}): Promise<Gap[]> {
    return run(() => {
      const rows = this.query.all(guildId, options.since ?? 0, options.limit ?? 25) as Array<{
        question: string;
        created_at: number;
        unanswered: number;
        not_helpful: number;
        last_id: number;
      }>;
      return rows.map((r) => ({
        question: r.question.trim(),
        unanswered: r.unanswered,
        notHelpful: r.not_helpful,
        lastAskedAt: r.created_at,
        answerId: r.last_id,
      }));
    });
  }
}

interface LoggedQuestionRow {
  guild_id: string;
  asked_at: number;
  question: string | null;
  answered: number;
  refusal: string | null;
  member_hash: string;
  private: number;
  answer_id: number | null;
  helpful: number;
  not_helpful: number;
}

class SqliteQuestionLog implements QuestionLogStore {
  private readonly insert;
  private readonly range;
  private readonly remove;

  constructor(db: Db) {
    this.insert = db.prepare(`INSERT INTO question_log (guild_id, asked_at, question, answered, refusal, member_hash, private, answer_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    // Ratings are read from `feedback`, which keeps them after the answer is purged; its key starts with answer_id.
    this.range = db.prepare(`SELECT q.guild_id, q.asked_at, q.question, q.answered, q.refusal, q.member_hash, q.private, q.answer_id,
        (SELECT COUNT(*) FROM feedback f WHERE f.answer_id = q.answer_id AND f.helpful = 1) AS helpful,
        (SELECT COUNT(*) FROM feedback f WHERE f.answer_id = q.answer_id AND f.helpful = 0) AS not_helpful
      FROM question_log q WHERE q.guild_id = ? AND q.asked_at >= ? AND q.asked_at < ? ORDER BY q.asked_at, q.id`);
    this.remove = db.prepare('DELETE FROM question_log WHERE asked_at < ?');
  }

  record(entry: LoggedQuestion): Promise<void> {
    return run(() => {
      this.insert.run(
        entry.guildId,
        entry.askedAt,
        entry.isPrivate ? null : entry.question,
        entry.answered ? 1 : 0,
        entry.answered ? null : entry.refusal,
        entry.memberHash,
        entry.isPrivate ? 1 : 0,
        entry.answerId,
      );
    });
  }

  list(guildId: string, since: number, until: number): Promise<LoggedQuestionWithRatings[]> {
    return run(() =>
      (this.range.all(guildId, since, until) as LoggedQuestionRow[]).map((r) => ({
        guildId: r.guild_id,
        askedAt: r.asked_at,
        question: r.question,
        answered: r.answered === 1,
        refusal: r.refusal,
        memberHash: r.member_hash,
        isPrivate: r.private === 1,
        answerId: r.answer_id,
        helpful: r.helpful,
        notHelpful: r.not_helpful,
      })),
    );
  }

  purge(before: number): Promise<number> {
    return run(() => this.remove.run(before).changes);
  }
}

interface PendingImportRow {
  id: number;
  guild_id: string;
  user_id: string;
  plan: string;
  created_at: number;
  expires_at: number;
}

class SqlitePendingImports implements PendingImportStore {
  private readonly insert;
  private readonly purge;
  private readonly one;
  private readonly remove;

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {
    this.insert = db.prepare('INSERT INTO pending_imports (guild_id, user_id, plan, created_at, expires_at) VALUES (?, ?, ?, ?, ?)');
    this.purge = db.prepare('DELETE FROM pending_imports WHERE expires_at <= ?');
    this.one = db.prepare(
      'SELECT id, guild_id, user_id, plan, created_at, expires_at FROM pending_imports WHERE guild_id = ? AND id = ? AND expires_at > ?',
    );
    this.remove = db.prepare('DELETE FROM pending_imports WHERE guild_id = ? AND id = ?');
  }

  put(guildId: string, userId: string, plan: unknown, ttlMs: number): Promise<number> {
    return run(() =>
      this.db
        .transaction(() => {
          const at = this.now();
          // Pending plans are few and short-lived: forgetting the expired ones here needs no timer.
          this.purge.run(at);
          return Number(this.insert.run(guildId, userId, JSON.stringify(plan), at, at + ttlMs).lastInsertRowid);
        })
        .immediate(),
    );
  }

  get(guildId: string, id: number): Promise<PendingImport | undefined> {
    return run(() => {
      const row = this.one.get(guildId, id, this.now()) as PendingImportRow | undefined;
      if (!row) return undefined;
      return {
        id: row.id,
        guildId: row.guild_id,
        userId: row.user_id,
        plan: JSON.parse(row.plan) as unknown,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
      };
    });
  }

  delete(guildId: string, id: number): Promise<boolean> {
    return run(() => this.remove.run(guildId, id).changes === 1);
  }
}

/** Each setting's column; `json` columns hold a JSON array. */
const SETTING_COLUMNS: { readonly [K in StoredSettingKey]: { column: string; json: boolean } } = {
  answerVisibility: { column: 'answer_visibility', json: false },
  passagesPerAnswer: { column: 'passages_per_answer', json: false },
  askChannels: { column: 'ask_channels', json: true },
  moderatorRole: { column: 'moderator_role', json: false },
  disabledCommands: { column: 'disabled_commands', json: true },
  excludedDocuments: { column: 'excluded_documents', json: true },
  logChannel: { column: 'log_channel', json: false },
  askCooldown: { column: 'ask_cooldown', json: false },
  answersPerMinute: { column: 'answers_per_minute', json: false },
};
const SETTING_KEYS = Object.keys(SETTING_COLUMNS) as StoredSettingKey[];

const NO_SETTINGS: StoredSettings = {
  answerVisibility: null,
  passagesPerAnswer: null,
  askChannels: null,
  moderatorRole: null,
  disabledCommands: null,
  excludedDocuments: null,
  logChannel: null,
  askCooldown: null,
  answersPerMinute: null,
};

class SqliteSettings implements SettingsStore {
  private readonly one;
  private readonly upsert;

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
    private readonly caseLog: SqliteCaseLog,
  ) {
    const columns = SETTING_KEYS.map((key) => SETTING_COLUMNS[key].column);
    this.one = db.prepare(`SELECT ${columns.join(', ')} FROM guild_settings WHERE guild_id = ?`);
    // Every column is written: the row is read and rewritten whole inside one IMMEDIATE transaction.
    this.upsert = db.prepare(`INSERT INTO guild_settings (guild_id, ${columns.join(', ')}, updated_at)
      VALUES (?, ${columns.map(() => '?').join(', ')}, ?)
      ON CONFLICT (guild_id) DO UPDATE SET ${columns.map((c) => `${c} = excluded.${c}`).join(', ')}, updated_at = excluded.updated_at`);
  }

  get(guildId: string): Promise<StoredSettings> {
    return run(() => this.read(guildId));
  }

  update(guildId: string, actor: Actor, action: 'settings.set' | 'settings.reset', update: SettingsUpdate): Promise<AuditEntry | null> {
    return runDurably(this.db, () =>
      this.db
        .transaction(() => {
          const current = this.read(guildId);
          const wanted = update(current);
          const next = { ...current };
          const before: Record<string, unknown> = {};
          const after: Record<string, unknown> = {};
          for (const key of SETTING_KEYS) {
            if (!Object.hasOwn(wanted, key) || wanted[key] === undefined) continue;
            if (JSON.stringify(wanted[key]) === JSON.stringify(current[key])) continue;
            before[key] = current[key];
            after[key] = wanted[key];
            (next as Record<string, unknown>)[key] = wanted[key];
          }
          if (Object.keys(after).length === 0) return null;
          const at = this.now();
          this.upsert.run(guildId, ...SETTING_KEYS.map((key) => toColumn(key, next[key])), at);
          return this.caseLog.record(guildId, { action, actor, before, after }, at);
        })
        .immediate(),
    );
  }

  private read(guildId: string): StoredSettings {
    const row = this.one.get(guildId) as Record<string, unknown> | undefined;
    if (!row) return { ...NO_SETTINGS };
    const out: Record<string, unknown> = {};
    for (const key of SETTING_KEYS) {
      const { column, json } = SETTING_COLUMNS[key];
      const value = row[column];
      out[key] = value === null || value === undefined ? null : json && typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
    }
    // Shapes are checked by src/settings, which validates whatever a row holds (even one edited by hand).
    return out as unknown as StoredSettings;
  }
}

function toColumn(key: StoredSettingKey, value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (!SETTING_COLUMNS[key].json && (typeof value === 'number' || typeof value === 'string')) return value;
  return JSON.stringify(value);
}

class SqliteCooldowns implements CooldownStore {
  private readonly upsert;
  private readonly since;
  private readonly purge;

  constructor(db: Db) {
    // Two questions accepted close together may be written out of order: the later time wins.
    this.upsert = db.prepare(`INSERT INTO cooldowns (guild_id, member_hash, asked_at) VALUES (?, ?, ?)
      ON CONFLICT (guild_id, member_hash) DO UPDATE SET asked_at = MAX(asked_at, excluded.asked_at)`);
    this.since = db.prepare('SELECT guild_id, member_hash, asked_at FROM cooldowns WHERE asked_at >= ?');
    this.purge = db.prepare('DELETE FROM cooldowns WHERE asked_at < ?');
  }

  record(guildId: string, member: string, askedAt: number): Promise<void> {
    return run(() => {
      this.upsert.run(guildId, member, askedAt);
    });
  }

  recent(since: number): Promise<CooldownEntry[]> {
    return run(() =>
      (this.since.all(since) as Array<{ guild_id: string; member_hash: string; asked_at: number }>).map((r) => ({
        guildId: r.guild_id,
        member: r.member_hash,
        askedAt: r.asked_at,
      })),
    );
  }

  forget(before: number): Promise<number> {
    return run(() => this.purge.run(before).changes);
  }
}
