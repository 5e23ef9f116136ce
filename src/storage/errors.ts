import { UserError } from '../errors.js';

/** Why the database cannot be written: each has its own message, and an operator-side fix. */
export type UnavailableReason = 'read-only' | 'disk-full' | 'io' | 'corrupt';

/**
 * The database cannot do what was asked right now. A UserError so the dispatcher shows its message, but handlers
 * that took text from a moderator should catch it and give that text back, since nothing was saved.
 */
export class StorageError extends UserError {}

/** Another connection holds the write lock past the busy timeout (a backup, a second instance): retrying helps. */
export class StorageBusyError extends StorageError {
  constructor(options?: ErrorOptions) {
    super("The bot's database is busy right now: nothing was saved. Please try again in a moment.", options);
  }
}

const UNAVAILABLE_MESSAGES: Record<UnavailableReason, string> = {
  'read-only':
    "The bot's database is read-only right now, so nothing was saved. The bot's operator must fix its data folder's permissions.",
  'disk-full': "The bot's disk is full, so nothing was saved. The bot's operator must free some space.",
  io: "The bot's database could not be read or written (disk error), so nothing was saved. The bot's operator has been told.",
  corrupt: "The bot's database file is damaged, so nothing was saved. The bot's operator must restore it from a backup.",
};

/** The database cannot be written until an operator acts: read-only file, full disk, disk error, damaged file. */
export class StorageUnavailableError extends StorageError {
  constructor(
    readonly reason: UnavailableReason,
    options?: ErrorOptions,
  ) {
    super(UNAVAILABLE_MESSAGES[reason], options);
  }
}

/** No note with this id in this guild (it may exist in another one: that is not this guild's business). */
export class NoteNotFoundError extends UserError {
  constructor(readonly noteId: number) {
    super(`There is no note #${noteId} in this server.`);
  }
}

/** A live note of the guild already has this title (compared case-insensitively). */
export class TitleTakenError extends UserError {
  constructor(
    readonly title: string,
    readonly existingNoteId: number,
  ) {
    super(`A note titled "${title}" already exists in this server (note #${existingNoteId}): choose another title, or edit that note.`);
  }
}

/** The note was changed by someone else after the change was prepared (two moderators editing at once). */
export class NoteConflictError extends UserError {
  constructor(
    readonly noteId: number,
    readonly expectedRevision: number,
    readonly currentRevision: number,
    readonly changedBy: string,
  ) {
    super(
      `Note #${noteId} was changed by ${changedBy} after you opened it (now revision ${currentRevision}, ` +
        `you started from ${expectedRevision}): nothing was saved. Open it again to see their change.`,
    );
  }
}

/** Removing a note that is already removed, restoring or editing one that is not live. */
export class NoteStateError extends UserError {}
