// Export and import of a guild's notes as a zip of corpus Markdown files: for backups, for moving notes between
// servers, and for promoting them into the shipped corpus of a fork (`corpus/notes/`).
import { isMap, isScalar, LineCounter, parseDocument as parseYaml } from 'yaml';
import { parseDocument } from '../corpus/parse.js';
import { UserError } from '../errors.js';
import { NoteConflictError, TitleTakenError } from '../storage/errors.js';
import { titleKey } from '../storage/title-key.js';
import type { Actor, NoteChange, NoteContent, NoteWrite } from '../storage/types.js';
import { fileNames, noteToMarkdown } from './document.js';
import { summarize } from './history.js';
import { type NotesDeps, sameContent } from './notes.js';
import { type NoteField, validateNote } from './schema.js';
import { ARCHIVE_LIMITS, type ArchiveLimits, readArchive, writeArchive } from './zip.js';

export interface ExportResult {
  /** The zip archive's bytes. */
  archive: Buffer;
  /** A name for the attachment or file: `notes-<guild>-<date>.zip`. */
  fileName: string;
  /** One Markdown file per live note, at the archive's root. */
  files: Array<{ name: string; noteId: number }>;
}

/** The guild's live notes as a zip of corpus Markdown files, ready to unpack into `corpus/notes/` of a fork. */
export async function exportNotes(deps: NotesDeps, guildId: string, now: Date = new Date()): Promise<ExportResult> {
  const notes = await deps.storage.notes.live(guildId);
  const names = fileNames(notes);
  const files = notes.map((note) => ({
    name: names.get(note.id)!,
    noteId: note.id,
    text: noteToMarkdown(note),
    mtime: new Date(note.updatedAt),
  }));
  const archive = await writeArchive(files);
  return {
    archive,
    fileName: `notes-${guildId}-${now.toISOString().slice(0, 10)}.zip`,
    files: files.map(({ name, noteId }) => ({ name, noteId })),
  };
}

/** A problem with one file of an archive (or the archive itself), with the line when known. */
export interface ImportProblem {
  file: string;
  line?: number;
  message: string;
}

export interface ImportNew {
  file: string;
  content: NoteContent;
}

export interface ImportChange extends ImportNew {
  noteId: number;
  /** The note's revision when the plan was made: if it has changed by the time the plan is applied, nothing is. */
  expectedRevision: number;
  /** What the import would change, one line per field. */
  changes: string[];
}

export interface ImportSame {
  file: string;
  noteId: number;
  title: string;
}

/**
 * What an import would do, computed without writing anything: plain data, so it can be shown to the moderator and
 * kept until they confirm. Only a plan without problems can be applied.
 */
export interface ImportPlan {
  guildId: string;
  archiveName: string;
  /** Notes whose title no live note of the guild has. */
  add: ImportNew[];
  /** Notes whose title a live note has (case-insensitively), with different content. */
  change: ImportChange[];
  unchanged: ImportSame[];
  /** Every problem found, in file and line order. Any problem means nothing can be imported. */
  problems: ImportProblem[];
  /** Files skipped on purpose (not Markdown, hidden). */
  ignored: ImportProblem[];
}

/**
 * Reads an archive of notes and compares it with the guild's notes: every file is checked with the corpus parser
 * (as `npm run corpus:check` would) and the note field limits, `about` references against the corpus.
 */
export async function planImport(
  deps: NotesDeps,
  guildId: string,
  archive: Buffer,
  archiveName = 'notes.zip',
  limits: ArchiveLimits = ARCHIVE_LIMITS,
): Promise<ImportPlan> {
  const plan: ImportPlan = { guildId, archiveName, add: [], change: [], unchanged: [], problems: [], ignored: [] };
  const contents = await readArchive(archive, archiveName, limits);
  plan.ignored = contents.ignored;
  plan.problems.push(...contents.problems);
  if (contents.problems.length > 0) return sortProblems(plan);
  if (contents.files.length === 0) {
    plan.problems.push({ file: archiveName, message: 'holds no Markdown (.md) files' });
    return plan;
  }

  const existing = new Map((await deps.storage.notes.live(guildId)).map((note) => [titleKey(note.title), note]));
  const claimed = new Map<string, string>();
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  for (const file of contents.files) {
    let text: string;
    try {
      text = utf8.decode(file.data);
    } catch {
      plan.problems.push({ file: file.name, message: 'is not valid UTF-8 text' });
      continue;
    }
    const read = readNoteFile(text, file.name, deps);
    if (!read.ok) {
      plan.problems.push(...read.problems);
      continue;
    }
    const key = titleKey(read.content.title);
    const earlier = claimed.get(key);
    if (earlier !== undefined) {
      plan.problems.push({
        file: file.name,
        line: read.titleLine,
        message: `title "${read.content.title}" is also the title of ${earlier}: titles must be unique in a server`,
      });
      continue;
    }
    claimed.set(key, file.name);
    const note = existing.get(key);
    if (!note) plan.add.push({ file: file.name, content: read.content });
    else if (sameContent(note, read.content)) plan.unchanged.push({ file: file.name, noteId: note.id, title: note.title });
    else
      plan.change.push({
        file: file.name,
        content: read.content,
        noteId: note.id,
        expectedRevision: note.revision,
        changes: summarize(note, read.content),
      });
  }
  return sortProblems(plan);
}

function sortProblems(plan: ImportPlan): ImportPlan {
  // Code-unit order, as the corpus loader sorts files: the same on every machine whatever its locale.
  plan.problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0)));
  return plan;
}

export interface ImportResult {
  added: NoteChange[];
  changed: NoteChange[];
}

/**
 * Applies a plan from `planImport` in one transaction: every note is added or changed, or none is. Refuses a plan
 * with problems, and a plan made before someone else changed one of its notes or took one of its titles.
 */
export async function applyImport(deps: NotesDeps, guildId: string, actor: Actor, plan: ImportPlan): Promise<ImportResult> {
  if (plan.guildId !== guildId) throw new UserError('This import was checked for another server: import the file again here.');
  if (plan.problems.length > 0) {
    throw new UserError(
      `${plan.archiveName} has ${plan.problems.length} ${plan.problems.length === 1 ? 'problem' : 'problems'}: ` +
        `nothing was imported. Fix ${plan.problems.length === 1 ? 'it' : 'them'} and import it again.`,
    );
  }
  const detail = (file: string) => `import ${plan.archiveName}: ${file}`;
  const writes: NoteWrite[] = [
    ...plan.add.map((item): NoteWrite => ({ kind: 'create', content: item.content, detail: detail(item.file) })),
    ...plan.change.map((item): NoteWrite => ({
      kind: 'update',
      noteId: item.noteId,
      expectedRevision: item.expectedRevision,
      content: item.content,
      detail: detail(item.file),
    })),
  ];
  if (writes.length === 0) return { added: [], changed: [] };
  let changes: NoteChange[];
  try {
    changes = await deps.storage.notes.writeBatch(guildId, writes, actor);
  } catch (error) {
    if (error instanceof NoteConflictError) {
      throw new UserError(
        `Nothing was imported: note #${error.noteId} was changed by ${error.changedBy} after the archive ` +
          `was checked. Import it again to see what it would change now.`,
        { cause: error },
      );
    }
    if (error instanceof TitleTakenError) {
      throw new UserError(
        `Nothing was imported: a note titled "${error.title}" was added after the archive was checked. ` +
          `Import it again to see what it would change now.`,
        { cause: error },
      );
    }
    throw error;
  }
  if (deps.onChange) await deps.onChange({ guildId, changes, version: await deps.storage.notes.version(guildId) });
  return { added: changes.slice(0, plan.add.length), changed: changes.slice(plan.add.length) };
}

/** How long a checked import waits for its moderator's Confirm. */
export const PENDING_IMPORT_TTL_MS = 15 * 60 * 1000;

/** A checked import kept until its moderator confirms it. */
export interface HeldImport {
  id: number;
  /** The moderator who checked it: the only one who may apply it. */
  userId: string;
  plan: ImportPlan;
  expiresAt: number;
}

/** Keeps a plan in the storage until the moderator who made it confirms it; returns its id for the buttons. */
export function holdImport(
  deps: NotesDeps,
  guildId: string,
  userId: string,
  plan: ImportPlan,
  ttlMs = PENDING_IMPORT_TTL_MS,
): Promise<number> {
  if (plan.guildId !== guildId) throw new Error(`a plan for guild ${plan.guildId} cannot be held for guild ${guildId}`);
  return deps.storage.imports.put(guildId, userId, plan, ttlMs);
}

/** A held plan of this guild, or undefined when it expired, was applied or cancelled, or belongs to another guild. */
export async function heldImport(deps: NotesDeps, guildId: string, id: number): Promise<HeldImport | undefined> {
  const held = await deps.storage.imports.get(guildId, id);
  // Written by `holdImport` from an ImportPlan: plain JSON that reads back as it was.
  return held && { id: held.id, userId: held.userId, plan: held.plan as ImportPlan, expiresAt: held.expiresAt };
}

/** Forgets a held plan; false when there was none. */
export function dropImport(deps: NotesDeps, guildId: string, id: number): Promise<boolean> {
  return deps.storage.imports.delete(guildId, id);
}

type NoteFile = { ok: true; content: NoteContent; titleLine: number } | { ok: false; problems: ImportProblem[] };

/** One Markdown file of an archive as a note's content, or its problems with their lines. */
function readNoteFile(text: string, file: string, deps: NotesDeps): NoteFile {
  const { rest, about, aboutLine } = takeAbout(text);
  const parsed = parseDocument(rest, file.replace(/\.md$/i, ''), file);
  if (!parsed.ok)
    return {
      ok: false,
      problems: parsed.issues.map((i) => ({ file, ...(i.line === undefined ? {} : { line: i.line }), message: i.message })),
    };
  const lines = rest.split('\n');
  const keyLine = (key: string) => {
    const index = lines.findIndex((line) => line.startsWith(`${key}:`));
    return index === -1 ? 1 : index + 1;
  };
  const { document } = parsed;
  if (document.kind !== 'note')
    return { ok: false, problems: [{ file, line: keyLine('kind'), message: 'kind: a server note must be of kind "note"' }] };
  const result = validateNote(
    { title: document.title, text: document.paragraphs.join('\n\n'), tags: document.tags, source: document.source ?? null, about },
    deps.corpus,
  );
  if (!result.ok) {
    const bodyLine = lines.findIndex((line, i) => i > 0 && line.trim() === '---') + 2;
    const lineOf: Record<NoteField, number> = {
      title: keyLine('title'),
      text: bodyLine,
      tags: keyLine('tags'),
      source: keyLine('source'),
      about: aboutLine ?? 1,
    };
    return {
      ok: false,
      problems: result.issues.map((issue) => ({
        file,
        line: lineOf[issue.field],
        message: `${issue.field === 'text' ? 'text' : issue.field}: ${issue.message}`,
      })),
    };
  }
  return { ok: true, content: result.content, titleLine: keyLine('title') };
}

/**
 * Takes the `about:` key out of the front matter (blanking its lines, so line numbers stay right) for the corpus
 * parser, which does not know the key yet. Once the corpus schema reads `about:` itself, this goes away.
 */
function takeAbout(text: string): { rest: string; about: unknown; aboutLine: number | undefined } {
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const unchanged = { rest: source, about: undefined, aboutLine: undefined };
  const lines = source.split('\n');
  if (lines[0]?.trim() !== '---') return unchanged;
  const close = lines.findIndex((line, i) => i > 0 && line.trim() === '---');
  if (close === -1) return unchanged;
  const lineCounter = new LineCounter();
  const yaml = parseYaml(lines.slice(1, close).join('\n'), { lineCounter });
  if (yaml.errors.length > 0 || !isMap(yaml.contents)) return unchanged;
  const pair = yaml.contents.items.find((p) => isScalar(p.key) && p.key.value === 'about');
  if (!pair || !isScalar(pair.key) || !pair.key.range) return unchanged;
  const value = pair.value as { range?: [number, number, number] } | null;
  const endOffset = Math.max(pair.key.range[1], (value?.range?.[1] ?? 0) - 1);
  // YAML line n is file line n + 1 (after the opening ---), which is lines[n].
  const first = lineCounter.linePos(pair.key.range[0]).line;
  const last = lineCounter.linePos(endOffset).line;
  const about: unknown = (yaml.toJS() as Record<string, unknown>).about;
  for (let n = first; n <= last && n < close; n++) lines[n] = '';
  return { rest: lines.join('\n'), about: about ?? undefined, aboutLine: first + 1 };
}
