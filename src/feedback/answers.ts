import { UserError } from '../errors.js';
import type { Db } from '../storage/db.js';
import { toStorageError } from '../storage/sqlite.js';

/** How long buttons under an answer keep working: after this the answer is forgotten and must be asked again. */
export const ANSWER_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface StoredAnswer {
  id: number;
  guildId: string | null;
  userId: string;
  question: string;
  corpusVersion: string;
  answered: boolean;
  /** Asked privately (ephemeral answer): its question is never suggested to anyone else. */
  isPrivate: boolean;
  createdAt: number;
}

export type Rating = 'recorded' | 'already-rated';

/** Who pressed a button, and where: the server (null in a DM) and the member. */
export interface Viewer {
  guildId: string | null;
  userId: string;
}

const EXPIRED = 'This answer has expired: ask the question again.';

/**
 * Whether `viewer` could have seen `answer`, and so may press its buttons. A private answer is seen by its asker
 * only; a public one by its server, and a DM answer (no server) again by its asker only.
 */
export function canSee(answer: Pick<StoredAnswer, 'guildId' | 'userId' | 'isPrivate'>, viewer: Viewer): boolean {
  if (answer.guildId !== viewer.guildId) return false;
  // A DM has no server to share the answer with.
  if (answer.isPrivate || answer.guildId === null) return answer.userId === viewer.userId;
  return true;
}

/**
 * Answers given and the ratings they got. Buttons carry only an answer id, so they keep working after a restart;
 * ratings are kept once per user and answer, and outlive the answer, so the team can see which questions fail.
 */
export class AnswerStore {
  private readonly insert;
  private readonly select;
  private readonly recentByGuild;
  private readonly rate;
  private readonly rated;
  private readonly purge;
  private readonly tally;

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.insert = db.prepare(
      'INSERT INTO answers (guild_id, user_id, question, corpus_version, answered, private, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.select = db.prepare(
      'SELECT id, guild_id, user_id, question, corpus_version, answered, private, created_at FROM answers WHERE id = ?',
    );
    this.recentByGuild = db.prepare(
      'SELECT question FROM answers WHERE guild_id IS ? AND answered = 1 AND private = 0 ORDER BY id DESC LIMIT 200',
    );
    // A rating copies what it needs from its answer, so it can still be read once the answer is purged.
    this.rate = db.prepare(
      `INSERT OR IGNORE INTO feedback (answer_id, user_id, helpful, created_at, guild_id, question, answered, corpus_version, asked_at)
       SELECT id, ?, ?, ?, guild_id, question, answered, corpus_version, created_at FROM answers WHERE id = ?`,
    );
    this.rated = db.prepare('SELECT 1 FROM feedback WHERE answer_id = ? AND user_id = ?');
    this.purge = db.prepare('DELETE FROM answers WHERE created_at < ?');
    this.tally = db.prepare('SELECT SUM(helpful) AS helpful, COUNT(*) - SUM(helpful) AS unhelpful FROM feedback WHERE guild_id IS ?');
  }

  /** Records an answer and returns its id, for the buttons under it. */
  save(answer: Omit<StoredAnswer, 'id' | 'createdAt'>): number {
    return guard(() =>
      Number(
        this.insert.run(
          answer.guildId,
          answer.userId,
          answer.question,
          answer.corpusVersion,
          answer.answered ? 1 : 0,
          answer.isPrivate ? 1 : 0,
          this.now(),
        ).lastInsertRowid,
      ),
    );
  }

  /** A stored answer whoever asks, or a UserError saying it has expired. Buttons use `getFor`, which checks who asks. */
  get(id: number): StoredAnswer {
    const row = guard(() => this.select.get(id)) as
      | {
          id: number;
          guild_id: string | null;
          user_id: string;
          question: string;
          corpus_version: string;
          answered: number;
          private: number;
          created_at: number;
        }
      | undefined;
    if (!row || row.created_at < this.now() - ANSWER_TTL_MS) throw new UserError(EXPIRED);
    return {
      id: row.id,
      guildId: row.guild_id,
      userId: row.user_id,
      question: row.question,
      corpusVersion: row.corpus_version,
      answered: row.answered === 1,
      isPrivate: row.private === 1,
      createdAt: row.created_at,
    };
  }

  /**
   * The answer behind a button pressed by `viewer`: what every button handler uses. An answer they could not have
   * seen gets the same UserError as an expired one, so a forged id does not even learn that the answer exists.
   */
  getFor(id: number, viewer: Viewer): StoredAnswer {
    const answer = this.get(id);
    if (!canSee(answer, viewer)) throw new UserError(EXPIRED);
    return answer;
  }

  /**
   * Distinct recent questions asked in one server (never another's), newest first. DMs share no server: questions
   * asked there are never suggested, or one user's DM questions would show in everyone else's DMs.
   */
  recentQuestions(guildId: string | null): string[] {
    if (guildId === null) return [];
    const rows = guard(() => this.recentByGuild.all(guildId)) as Array<{ question: string }>;
    return [...new Set(rows.map((r) => r.question))];
  }

  /** Rates an answer once per user: a second click is reported, not counted; a purged answer cannot be rated. */
  rateAnswer(answerId: number, userId: string, helpful: boolean): Rating {
    const result = guard(() => this.rate.run(userId, helpful ? 1 : 0, this.now(), answerId));
    if (result.changes === 1) return 'recorded';
    if (guard(() => this.rated.get(answerId, userId))) return 'already-rated';
    throw new UserError('This answer has expired: ask the question again.');
  }

  /** Helpful / not helpful counts for one server, including ratings of answers since purged. */
  ratings(guildId: string | null): { helpful: number; unhelpful: number } {
    const row = guard(() => this.tally.get(guildId)) as { helpful: number | null; unhelpful: number | null };
    return { helpful: row.helpful ?? 0, unhelpful: row.unhelpful ?? 0 };
  }

  /** Forgets answers past their time to live; their ratings are kept, with the question they rated. */
  purgeExpired(): number {
    return guard(() => this.purge.run(this.now() - ANSWER_TTL_MS).changes);
  }
}

/**
 * Database faults become the storage's typed errors (a locked database is a passing condition, a read-only file or a
 * full disk the operator's to fix): users are told, and callers can tell a fault from a bug.
 */
function guard<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw toStorageError(error);
  }
}
