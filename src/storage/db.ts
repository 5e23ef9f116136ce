import { mkdirSync } from 'node:fs';
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
];

/** Opens (creating if needed) the bot's SQLite database in `dataDir`, or in memory for `:memory:`. */
export function openDatabase(dataDir: string): Db {
  let file = ':memory:';
  if (dataDir !== ':memory:') {
    mkdirSync(dataDir, { recursive: true });
    file = path.join(dataDir, 'bot.sqlite');
  }
  const db = new Database(file);
  // WAL lets readers work while a write is in progress; the busy timeout waits out a short lock held by
  // another process (a backup, a second instance) instead of failing at once.
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 3000');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
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
