import { Document as YamlDocument, isSeq } from 'yaml';
import { SERVER_NOTES_FOLDER } from '../corpus/load.js';
import type { CorpusDocument } from '../corpus/types.js';
import type { AboutRef, Note } from '../storage/types.js';
import { formatAboutRef, splitParagraphs } from './schema.js';

/**
 * Document ids of server notes start with this. The corpus loader refuses a `server/` folder, so a shipped document
 * can never share an id with a server note.
 */
export const SERVER_NOTE_PREFIX = SERVER_NOTES_FOLDER;

/** The stable document id of a server note (`server/42`): the same across edits, never reused. */
export function serverNoteId(noteId: number): string {
  return `${SERVER_NOTE_PREFIX}${noteId}`;
}

/** The note id in a server note's document id, or undefined for a shipped document's id. */
export function parseServerNoteId(documentId: string): number | undefined {
  const match = /^server\/(\d+)$/.exec(documentId);
  return match ? Number(match[1]) : undefined;
}

/**
 * A server note as the search indexes and cites it: a `CorpusDocument` (so it ranks and renders like a shipped
 * note) that says whose it is. `author` is the moderator who wrote it, with the display name they had then;
 * `published` the day it was written.
 */
export interface ServerNoteDocument extends CorpusDocument {
  kind: 'note';
  origin: 'server';
  guildId: string;
  noteId: number;
  revision: number;
  author: string;
  published: string;
  /** The passages it comments on; it shows as commentary under them. */
  about: AboutRef[];
  /** Day of the last change, `YYYY-MM-DD`. */
  updated: string;
}

/** True for a server note's document, false for a shipped one. */
export function isServerNote(document: CorpusDocument): document is ServerNoteDocument {
  return (document as Partial<ServerNoteDocument>).origin === 'server';
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A live note as a document for the guild's search index. */
export function noteToDocument(note: Note): ServerNoteDocument {
  const document: ServerNoteDocument = {
    id: serverNoteId(note.id),
    title: note.title,
    author: note.createdBy.displayName,
    published: isoDay(note.createdAt),
    kind: 'note',
    tags: [...note.tags],
    paragraphs: splitParagraphs(note.body),
    origin: 'server',
    guildId: note.guildId,
    noteId: note.id,
    revision: note.revision,
    about: note.about.map((ref) => ({ ...ref })),
    updated: isoDay(note.updatedAt),
  };
  if (note.source !== null) document.source = note.source;
  return document;
}

/**
 * A note as a corpus Markdown file: front matter (title, author, source, published, kind, tags, about), then its
 * paragraphs. The YAML is written by the YAML library, so any title or tag reads back exactly.
 */
export function noteToMarkdown(note: Note): string {
  const meta: Record<string, unknown> = { title: note.title, author: note.createdBy.displayName };
  if (note.source !== null) meta.source = note.source;
  meta.published = isoDay(note.createdAt);
  meta.kind = 'note';
  meta.tags = note.tags;
  if (note.about.length > 0) meta.about = note.about.map(formatAboutRef);
  const yaml = new YamlDocument(meta);
  // Lists on one line, as in the shipped corpus: `tags: [IAEA, Vienna]`.
  for (const key of ['tags', 'about']) {
    const node = yaml.get(key, true);
    if (isSeq(node)) node.flow = true;
  }
  const front = yaml.toString({ lineWidth: 0 });
  return `---\n${front}---\n\n${splitParagraphs(note.body).join('\n\n')}\n`;
}

const MAX_SLUG = 60;

/** A file name stem from a title: ASCII letters and digits joined by hyphens, at most 60 characters. */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= MAX_SLUG) return slug;
  const cut = slug.slice(0, MAX_SLUG);
  const hyphen = cut.lastIndexOf('-');
  return hyphen > MAX_SLUG / 2 ? cut.slice(0, hyphen) : cut;
}

/**
 * One file name per note, from its title, unique (case-insensitively, for case-insensitive disks): `iaea.md`,
 * `iaea-2.md`; a title with no Latin letters or digits becomes `note-<id>.md`.
 */
export function fileNames(notes: readonly Note[]): Map<number, string> {
  const taken = new Set<string>();
  const names = new Map<number, string>();
  for (const note of notes) {
    const stem = slugify(note.title) || `note-${note.id}`;
    let name = stem;
    for (let n = 2; taken.has(name); n++) name = `${stem}-${n}`;
    taken.add(name);
    names.set(note.id, `${name}.md`);
  }
  return names;
}
