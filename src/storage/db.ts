import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/**
 * Schema migrations, applied in order; `user_version` records how many ran. Append, never edit: a server's
 * database may be at any earlier step.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE answers (
     id INTEGER PRIMARY KEY,
     guild_id TEXT,
     user_id TEXT NOT NULL,
     question TEXT NOT NULL,
     corpus_version TEXT NOT NULL,
     answered INTEGER NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE INDEX answers_guild_recent ON answers (guild_id, id DESC);
   CREATE TABLE feedback (
     answer_id INTEGER NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
     user_id TEXT NOT NULL,
     helpful INTEGER NOT NULL,
     created_at INTEGER NOT NULL,
     PRIMARY KEY (answer_id, user_id)
   );`,
  // Private answers' questions are never suggested to other members.
  `ALTER TABLE answers ADD COLUMN private INTEGER NOT NULL DEFAULT 0;`,
  // Server notes. A note's content lives in its revisions (never changed or deleted); `notes` holds the current
  // revision number and title, so that uniqueness among live notes is one partial index. `title_key` is the title
  // folded in JS (Unicode case, spaces), since SQLite's LOWER() folds ASCII only. `guild_state` carries per-guild
  // counters: `notes_version` (bumped by every note change, read by search caches) and `last_case` (audit numbers).
  `CREATE TABLE guild_state (
     guild_id TEXT PRIMARY KEY,
     notes_version INTEGER NOT NULL DEFAULT 0,
     last_case INTEGER NOT NULL DEFAULT 0
   ) WITHOUT ROWID;
   CREATE TABLE notes (
     id INTEGER PRIMARY KEY,
     guild_id TEXT NOT NULL,
     title TEXT NOT NULL,
     title_key TEXT NOT NULL,
     revision INTEGER NOT NULL CHECK (revision >= 1),
     removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1)),
     created_by TEXT NOT NULL,
     created_by_name TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     updated_by TEXT NOT NULL,
     updated_by_name TEXT NOT NULL,
     updated_at INTEGER NOT NULL
   );
   CREATE UNIQUE INDEX notes_live_title ON notes (guild_id, title_key) WHERE removed = 0;
   CREATE INDEX notes_guild ON notes (guild_id, removed, title_key);
   CREATE TABLE note_revisions (
     note_id INTEGER NOT NULL REFERENCES notes (id),
     revision INTEGER NOT NULL,
     title TEXT NOT NULL,
     body TEXT NOT NULL,
     tags TEXT NOT NULL,
     source TEXT,
     about TEXT NOT NULL,
     author_id TEXT NOT NULL,
     author_name TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     PRIMARY KEY (note_id, revision)
   ) WITHOUT ROWID;`,
  // The case log: every note change (and, later, every settings change) with a case number per guild.
  // `log_message_id` is the log channel post of the case, edited rather than posted again.
  `CREATE TABLE audit (
     guild_id TEXT NOT NULL,
     case_number INTEGER NOT NULL,
     action TEXT NOT NULL,
     actor_id TEXT NOT NULL,
     actor_name TEXT NOT NULL,
     note_id INTEGER REFERENCES notes (id),
     revision_before INTEGER,
     revision_after INTEGER,
     before_json TEXT,
     after_json TEXT,
     detail TEXT,
     created_at INTEGER NOT NULL,
     log_message_id TEXT,
     PRIMARY KEY (guild_id, case_number)
   ) WITHOUT ROWID;
   CREATE INDEX audit_note ON audit (note_id) WHERE note_id IS NOT NULL;`,
  // Ratings are the record of what helped: they outlive the answers they rate, which are purged after a week.
  // Each rating takes along what reading it needs (the question, server, outcome, corpus and when it was asked),
  // and loses its foreign key, which SQLite can drop only by recreating the table. Answer ids must then never be
  // reused, or a new answer would inherit an old answer's ratings: AUTOINCREMENT guarantees it, and it too needs
  // the answers table recreated. Feedback goes first, so no foreign key points at the answers table it replaces.
  // Until now a purge took the ratings along, so every rating has its answer and the join keeps them all.
  `CREATE TABLE feedback_kept (
     answer_id INTEGER NOT NULL,
     user_id TEXT NOT NULL,
     helpful INTEGER NOT NULL,
     created_at INTEGER NOT NULL,
     guild_id TEXT,
     question TEXT NOT NULL,
     answered INTEGER NOT NULL,
     corpus_version TEXT NOT NULL,
     asked_at INTEGER NOT NULL,
     PRIMARY KEY (answer_id, user_id)
   );
   INSERT INTO feedback_kept (answer_id, user_id, helpful, created_at, guild_id, question, answered, corpus_version, asked_at)
     SELECT f.answer_id, f.user_id, f.helpful, f.created_at, a.guild_id, a.question, a.answered, a.corpus_version, a.created_at
     FROM feedback f JOIN answers a ON a.id = f.answer_id;
   DROP TABLE feedback;
   ALTER TABLE feedback_kept RENAME TO feedback;
   CREATE INDEX feedback_guild ON feedback (guild_id);
   CREATE TABLE answers_kept (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     guild_id TEXT,
     user_id TEXT NOT NULL,
     question TEXT NOT NULL,
     corpus_version TEXT NOT NULL,
     answered INTEGER NOT NULL,
     created_at INTEGER NOT NULL,
     private INTEGER NOT NULL DEFAULT 0
   );
   INSERT INTO answers_kept (id, guild_id, user_id, question, corpus_version, answered, created_at, private)
     SELECT id, guild_id, user_id, question, corpus_version, answered, created_at, private FROM answers;
   DROP TABLE answers;
   ALTER TABLE answers_kept RENAME TO answers;
   CREATE INDEX answers_guild_recent ON answers (guild_id, id DESC);`,
  // Imports checked in Discord and waiting for the moderator's Confirm. AUTOINCREMENT: an id is never given twice, so
  // an old Confirm button can never apply a newer plan.
  `CREATE TABLE pending_imports (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     guild_id TEXT NOT NULL,
     user_id TEXT NOT NULL,
     plan TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL
   );
   CREATE INDEX pending_imports_expiry ON pending_imports (expires_at);`,
  // Per-server settings: one row per guild, one typed column per setting. NULL is "the default", so a server that
  // never chose a value follows the bot's default even when a later version changes it. Lists are JSON arrays.
  // `log_channel_id` on a case: the channel its log post is in, for links and edits after the log channel changes.
  `CREATE TABLE guild_settings (
     guild_id TEXT PRIMARY KEY,
     answer_visibility TEXT CHECK (answer_visibility IN ('public', 'private')),
     passages_per_answer INTEGER CHECK (typeof(passages_per_answer) IN ('integer', 'null')),
     ask_channels TEXT CHECK (json_valid(ask_channels)),
     moderator_role TEXT,
     disabled_commands TEXT CHECK (json_valid(disabled_commands)),
     excluded_documents TEXT CHECK (json_valid(excluded_documents)),
     log_channel TEXT,
     updated_at INTEGER NOT NULL
   ) WITHOUT ROWID;
   ALTER TABLE audit ADD COLUMN log_channel_id TEXT;`,
  // The question log behind /stats: one row per question asked in a server, kept 35 days (answers last 7). The
  // member is an HMAC of the server and user ids (src/stats/member.ts), never the raw id. A private question's text
  // is not kept at all: it counts in the totals, and no admin can read it. `answer_id` links to the ratings, which
  // outlive the answer (`feedback` keeps the answer id). No foreign key: the answer is purged long before this row.
  `CREATE TABLE question_log (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     guild_id TEXT NOT NULL,
     asked_at INTEGER NOT NULL,
     question TEXT,
     answered INTEGER NOT NULL CHECK (answered IN (0, 1)),
     refusal TEXT,
     member_hash TEXT NOT NULL,
     private INTEGER NOT NULL CHECK (private IN (0, 1)),
     answer_id INTEGER,
     CHECK (private = 0 OR question IS NULL)
   );
   CREATE INDEX question_log_guild_time ON question_log (guild_id, asked_at);
   CREATE INDEX question_log_time ON question_log (asked_at);`,
  // Rate limits: two more settings, and each member's last accepted question per guild, so that a cooldown outlives a
  // restart (one row per member and guild, rewritten in place; rows older than the longest cooldown are forgotten).
  // The member is the question log's keyed hash, never the raw id.
  `ALTER TABLE guild_settings ADD COLUMN ask_cooldown INTEGER CHECK (typeof(ask_cooldown) IN ('integer', 'null'));
   ALTER TABLE guild_settings ADD COLUMN answers_per_minute INTEGER CHECK (typeof(answers_per_minute) IN ('integer', 'null'));
   CREATE TABLE cooldowns (
     guild_id TEXT NOT NULL,
     member_hash TEXT NOT NULL,
     asked_at INTEGER NOT NULL,
     PRIMARY KEY (guild_id, member_hash)
   ) WITHOUT ROWID;
   CREATE INDEX cooldowns_asked ON cooldowns (asked_at);`,
];

/** The database file's name inside the data folder. */
export const DATABASE_FILE = 'bot.sqlite';

/** How many migrations this version of the bot knows: a database at another step must be migrated first. */
export const SCHEMA_VERSION = MIGRATIONS.length;

export interface OpenOptions {
  /** How long a write waits for another connection's lock before failing with SQLITE_BUSY (default 3000 ms). */
  busyTimeoutMs?: number;
  /**
   * Open without write access (offline tools that only read): nothing is created or migrated, and the file must
   * exist at the current schema version.
   */
  readonly?: boolean;
}

/** Opens (creating if needed) the bot's SQLite database in `dataDir`, or in memory for `:memory:`. */
export function openDatabase(dataDir: string, options: OpenOptions = {}): Db {
  let file = ':memory:';
  if (dataDir !== ':memory:') {
    if (!options.readonly) mkdirSync(dataDir, { recursive: true });
    file = path.join(dataDir, DATABASE_FILE);
    if (options.readonly && !existsSync(file)) throw new Error(`there is no database at ${file}`);
  }
  const db = new Database(file, options.readonly ? { readonly: true, fileMustExist: true } : {});
  // WAL lets readers work while a write is in progress; the busy timeout waits out a short lock held by
  // another process (a backup, a second instance) instead of failing at once.
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 3000}`);
  db.pragma('foreign_keys = ON');
  if (options.readonly) {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version !== SCHEMA_VERSION) {
      db.close();
      throw new Error(
        `the database ${file} is at schema version ${version}, this version of the bot expects ${SCHEMA_VERSION}: start the bot once to migrate it`,
      );
    }
    return db;
  }
  db.pragma('journal_mode = WAL');
  // In WAL mode NORMAL syncs the log at checkpoints only (which checkpoint.ts runs in a thread), not at every commit:
  // what a question writes (its answer, its log row, a cooldown) costs no fsync on the main thread. SQLite stays
  // consistent on a power cut, but may lose the last commits before it; the writes a moderator or an admin is told
  // are saved use `durably`. (better-sqlite3 already opens a WAL database at NORMAL; said here so the level does not
  // depend on whether this connection created the file.)
  db.pragma('synchronous = NORMAL');
  migrate(db);
  return db;
}

/**
 * Runs `work`, a write transaction, with `synchronous = FULL`: its commit (and every one before it) is on disk before
 * it returns, as a moderator told "saved" expects even of a power cut. The connection goes back to NORMAL after.
 */
export function durably<T>(db: Db, work: () => T): T {
  if (db.memory || db.readonly) return work();
  db.pragma('synchronous = FULL');
  try {
    return work();
  } finally {
    db.pragma('synchronous = NORMAL');
  }
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let step = current; step < MIGRATIONS.length; step++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[step]!);
      db.pragma(`user_version = ${step + 1}`);
    })();
  }
}

/** True for SQLite's "database is locked/busy" errors, which are worth a friendly retry message rather than a bug report. */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code === 'SQLITE_BUSY_SNAPSHOT';
}
