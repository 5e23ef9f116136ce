// Server notes as plain functions over `Storage`: what /note, the "Save as note" menu, the shell and the tests call.
// Every function takes the guild id, and the ones that change something take the acting moderator.
import type { Corpus } from '../corpus/types.js';
import { UserError } from '../errors.js';
import { NoteNotFoundError, NoteStateError } from '../storage/errors.js';
import type { Actor, AuditEntry, Gap, Note, NoteChange, NoteContent, NoteTitle, Storage } from '../storage/types.js';
import { fold } from '../text/fold.js';
import { formatAboutRef, type NoteInput, parseNote } from './schema.js';

/** A committed change, as the per-server search index and the log channel hear of it. */
export interface NotesChanged {
  guildId: string;
  changes: NoteChange[];
  /** The guild's notes version after the change (see `NotesStore.version`). */
  version: number;
}

/** What the notes functions work with. */
export interface NotesDeps {
  storage: Storage;
  /** The shipped library: `about` references are checked against it. */
  corpus: Pick<Corpus, 'documents'>;
  /**
   * Called after every committed change: the hook where the log channel hears of it (the search threads learn of
   * changes from the notes version instead). It must handle its own errors: the change is already saved when it runs.
   */
  onChange?: (event: NotesChanged) => void | Promise<void>;
}

/** The result of an edit: `audit` is null when the fields were already exactly so and nothing was written. */
export interface EditResult {
  note: Note;
  audit: AuditEntry | null;
}

export interface NotePage {
  notes: Note[];
  /** 1-based; a page past the end is answered with the last page. */
  page: number;
  pageCount: number;
  total: number;
}

export const DEFAULT_PAGE_SIZE = 10;

async function changed(deps: NotesDeps, guildId: string, changes: NoteChange[]): Promise<void> {
  if (!deps.onChange || changes.length === 0) return;
  await deps.onChange({ guildId, changes, version: await deps.storage.notes.version(guildId) });
}

/** Saves a new note. Throws `NoteValidationError` (bad fields) or `TitleTakenError`. */
export async function addNote(deps: NotesDeps, guildId: string, actor: Actor, input: NoteInput): Promise<NoteChange> {
  const content = parseNote(input, deps.corpus);
  const change = await deps.storage.notes.create(guildId, content, actor);
  await changed(deps, guildId, [change]);
  return change;
}

/**
 * Saves a new revision of a live note; the previous one is kept. Pass `expectedRevision` (the revision the modal was
 * filled from) to refuse with `NoteConflictError` when someone else saved in between. Unchanged fields write nothing.
 */
export async function editNote(
  deps: NotesDeps,
  guildId: string,
  actor: Actor,
  noteId: number,
  input: NoteInput,
  options: { expectedRevision?: number } = {},
): Promise<EditResult> {
  const content = parseNote(input, deps.corpus);
  const note = await showNote(deps, guildId, noteId);
  if (note.removed) throw new NoteStateError(`Note #${noteId} is removed: restore it before editing it.`);
  if (sameContent(note, content) && (options.expectedRevision === undefined || options.expectedRevision === note.revision))
    return { note, audit: null };
  const change = await deps.storage.notes.update(guildId, noteId, content, actor, options);
  await changed(deps, guildId, [change]);
  return change;
}

/** Hides a note from answers, lists and exports; its text and revisions are kept and `restoreNote` brings it back. */
export async function removeNote(deps: NotesDeps, guildId: string, actor: Actor, noteId: number): Promise<NoteChange> {
  const change = await deps.storage.notes.setRemoved(guildId, noteId, true, actor);
  await changed(deps, guildId, [change]);
  return change;
}

/** Brings a removed note back. Throws `TitleTakenError` when a live note has taken its title since. */
export async function restoreNote(deps: NotesDeps, guildId: string, actor: Actor, noteId: number): Promise<NoteChange> {
  const change = await deps.storage.notes.setRemoved(guildId, noteId, false, actor);
  await changed(deps, guildId, [change]);
  return change;
}

/** A note of this guild, removed or not; `NoteNotFoundError` when the guild has no such note. */
export async function showNote(deps: NotesDeps, guildId: string, noteId: number): Promise<Note> {
  const note = await deps.storage.notes.get(guildId, noteId);
  if (!note) throw new NoteNotFoundError(noteId);
  return note;
}

/** One page of the guild's live notes (or removed ones), ordered by title. */
export async function listNotes(
  deps: NotesDeps,
  guildId: string,
  options: { page?: number; pageSize?: number; removed?: boolean } = {},
): Promise<NotePage> {
  const pageSize = Math.max(1, Math.floor(options.pageSize ?? DEFAULT_PAGE_SIZE));
  const wanted = Math.max(1, Math.floor(options.page ?? 1));
  const removed = options.removed ?? false;
  let result = await deps.storage.notes.list(guildId, { removed, offset: (wanted - 1) * pageSize, limit: pageSize });
  const pageCount = Math.max(1, Math.ceil(result.total / pageSize));
  const page = Math.min(wanted, pageCount);
  // Notes removed since the buttons were drawn can leave the asked page empty: show the last one instead.
  if (page !== wanted) result = await deps.storage.notes.list(guildId, { removed, offset: (page - 1) * pageSize, limit: pageSize });
  return { notes: result.notes, page, pageCount, total: result.total };
}

/**
 * Notes whose title contains every word typed (accents and case folded), for autocomplete: titles starting with
 * the text first, then by title. `state` picks live notes (edit, show), removed ones (restore) or both.
 */
export async function matchNotes(
  deps: NotesDeps,
  guildId: string,
  typed: string,
  options: { state?: 'live' | 'removed' | 'any'; limit?: number } = {},
): Promise<NoteTitle[]> {
  const state = options.state ?? 'live';
  const needle = fold(typed.trim());
  const words = needle.split(/\s+/).filter(Boolean);
  const titles = (await deps.storage.notes.titles(guildId)).filter((t) => state === 'any' || t.removed === (state === 'removed'));
  const scored = titles
    .map((t) => ({ t, folded: fold(t.title) }))
    .filter(({ t, folded }) => words.every((w) => folded.includes(w)) || String(t.id) === needle.replace(/^#/, ''));
  scored.sort((a, b) => Number(b.folded.startsWith(needle)) - Number(a.folded.startsWith(needle)));
  return scored.slice(0, options.limit ?? 25).map(({ t }) => t);
}

/**
 * The note a command option names: its id (what autocomplete sends, `12` or `#12`) or its exact title (what a
 * member may type instead). Throws a UserError when the guild has no such note.
 */
export async function resolveNote(deps: NotesDeps, guildId: string, value: string): Promise<Note> {
  const text = value.trim();
  const id = /^#?(\d{1,15})$/.exec(text);
  if (id) return showNote(deps, guildId, Number(id[1]));
  const note = await deps.storage.notes.findByTitle(guildId, text);
  if (!note) throw new UserError(`There is no note titled "${text}" in this server: pick one from the list.`);
  return note;
}

/**
 * Questions of this guild the library served badly: not answered, or rated "Not helpful", most frequent first.
 * What /note gaps shows, each with a button to write the missing note.
 */
export function listGaps(deps: NotesDeps, guildId: string, options: { limit?: number; since?: number } = {}): Promise<Gap[]> {
  return deps.storage.questions.gaps(guildId, options);
}

/** True when storing `content` would change nothing. */
export function sameContent(note: NoteContent, content: NoteContent): boolean {
  return (
    note.title === content.title &&
    note.body === content.body &&
    note.source === content.source &&
    JSON.stringify(note.tags) === JSON.stringify(content.tags) &&
    JSON.stringify(note.about) === JSON.stringify(content.about)
  );
}

/** A note's fields as text, to fill the edit modal: saving them unchanged changes nothing. */
export function noteToInput(note: NoteContent): { title: string; text: string; tags: string; source: string; about: string } {
  return {
    title: note.title,
    text: note.body,
    tags: note.tags.join(', '),
    source: note.source ?? '',
    about: note.about.map(formatAboutRef).join(', '),
  };
}
