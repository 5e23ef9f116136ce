import { diffArrays } from 'diff';
import type { Actor, NoteContent, NoteRevision } from '../storage/types.js';
import { type NotesDeps, showNote } from './notes.js';
import { formatAboutRef, splitParagraphs } from './schema.js';

/** One event in a note's life, newest first in `noteHistory`. */
export type HistoryEntry =
  | {
      kind: 'revision';
      revision: number;
      author: Actor;
      at: number;
      /** The audit case that recorded it (null only for data older than the case log). */
      caseNumber: number | null;
      /** What changed, one short line per field: `created`, `title: "A" → "B"`, `tags: +IAEA −Vienna`... */
      changes: string[];
      /** Changed paragraphs, `- ¶2 …old…` and `+ ¶2 …new…`, at most `maxDiffLines` lines. */
      diff: string[];
      /** Diff lines left out beyond `maxDiffLines`. */
      omittedLines: number;
    }
  | { kind: 'removed' | 'restored'; revision: number; author: Actor; at: number; caseNumber: number };

export interface HistoryOptions {
  /** Diff lines per revision (default 8). */
  maxDiffLines?: number;
  /** Characters per diff line (default 120). */
  lineWidth?: number;
}

/**
 * Every revision of a note with who made it, when, and a short diff against the one before, plus its removals and
 * restorations; newest first. Throws `NoteNotFoundError` when the note is not in this guild.
 */
export async function noteHistory(deps: NotesDeps, guildId: string, noteId: number, options: HistoryOptions = {}): Promise<HistoryEntry[]> {
  await showNote(deps, guildId, noteId);
  const [revisions, cases] = await Promise.all([
    deps.storage.notes.revisions(guildId, noteId),
    deps.storage.audit.list(guildId, { noteId, limit: Number.MAX_SAFE_INTEGER }),
  ]);
  const caseOf = new Map(
    cases.filter((c) => c.action === 'note.add' || c.action === 'note.edit').map((c) => [c.revisionAfter, c.caseNumber]),
  );
  const entries: HistoryEntry[] = revisions.map((revision, i) => {
    const { lines, omitted } = diffRevisions(revisions[i - 1], revision, options);
    return {
      kind: 'revision',
      revision: revision.revision,
      author: revision.author,
      at: revision.createdAt,
      caseNumber: caseOf.get(revision.revision) ?? null,
      changes: summarize(revisions[i - 1], revision),
      diff: lines,
      omittedLines: omitted,
    };
  });
  for (const c of cases) {
    if (c.action !== 'note.remove' && c.action !== 'note.restore') continue;
    entries.push({
      kind: c.action === 'note.remove' ? 'removed' : 'restored',
      revision: c.revisionAfter ?? 0,
      author: c.actor,
      at: c.createdAt,
      caseNumber: c.caseNumber,
    });
  }
  // Case numbers give the order the changes were committed in; revisions without one keep their own order.
  const order = (e: HistoryEntry) => e.caseNumber ?? 0;
  return entries.sort((a, b) => order(b) - order(a) || b.at - a.at || b.revision - a.revision);
}

/** One line per changed field between two versions of a note (`created` when there is no earlier one). */
export function summarize(before: NoteContent | undefined, after: NoteContent): string[] {
  if (!before) return [`created: ${count(splitParagraphs(after.body).length, 'paragraph')}`];
  const changes: string[] = [];
  if (before.title !== after.title) changes.push(`title: "${before.title}" → "${after.title}"`);
  const paragraphs = diffArrays(splitParagraphs(before.body), splitParagraphs(after.body));
  const added = paragraphs.filter((p) => p.added).reduce((n, p) => n + p.count, 0);
  const removed = paragraphs.filter((p) => p.removed).reduce((n, p) => n + p.count, 0);
  if (added || removed)
    changes.push(
      `text: ${[added ? `${count(added, 'paragraph')} new or changed` : '', removed ? `${count(removed, 'paragraph')} replaced or deleted` : ''].filter(Boolean).join(', ')}`,
    );
  const tags = setChange(before.tags, after.tags);
  if (tags) changes.push(`tags: ${tags}`);
  if (before.source !== after.source)
    changes.push(
      after.source === null
        ? 'source link removed'
        : before.source === null
          ? `source link added: ${after.source}`
          : `source link: ${after.source}`,
    );
  const about = setChange(before.about.map(formatAboutRef), after.about.map(formatAboutRef));
  if (about) changes.push(`about: ${about}`);
  return changes.length > 0 ? changes : ['no change'];
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function setChange(before: string[], after: string[]): string {
  const added = after.filter((t) => !before.includes(t)).map((t) => `+${t}`);
  const removed = before.filter((t) => !after.includes(t)).map((t) => `−${t}`);
  return [...added, ...removed].join(' ');
}

/**
 * The paragraphs that changed, aligned with jsdiff. A changed paragraph is shown around the change only (common
 * start and end cut away), so a one-word fix in a long paragraph reads as that word.
 */
function diffRevisions(
  before: NoteRevision | undefined,
  after: NoteRevision,
  options: HistoryOptions,
): { lines: string[]; omitted: number } {
  const width = options.lineWidth ?? 120;
  const max = options.maxDiffLines ?? 8;
  const parts = diffArrays(before ? splitParagraphs(before.body) : [], splitParagraphs(after.body));
  const lines: string[] = [];
  let oldNumber = 1;
  let newNumber = 1;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const next = parts[i + 1];
    if (!part.added && !part.removed) {
      oldNumber += part.count;
      newNumber += part.count;
      continue;
    }
    if (part.removed && next?.added) {
      // Replaced paragraphs: pair them up to show each change in context.
      const pairs = Math.max(part.value.length, next.value.length);
      for (let k = 0; k < pairs; k++) {
        const old = part.value[k];
        const fresh = next.value[k];
        const [a, b] = old !== undefined && fresh !== undefined ? aroundChange(old, fresh, width) : [old, fresh];
        if (a !== undefined) lines.push(clip(`- ¶${oldNumber + k} ${a}`, width));
        if (b !== undefined) lines.push(clip(`+ ¶${newNumber + k} ${b}`, width));
      }
      oldNumber += part.count;
      newNumber += next.count;
      i++;
      continue;
    }
    for (const [k, text] of part.value.entries())
      lines.push(clip(part.added ? `+ ¶${newNumber + k} ${text}` : `- ¶${oldNumber + k} ${text}`, width));
    if (part.added) newNumber += part.count;
    else oldNumber += part.count;
  }
  return { lines: lines.slice(0, max), omitted: Math.max(0, lines.length - max) };
}

const CONTEXT = 30;

/** The two texts cut to the part that differs, with some context and ellipses where text was cut. */
function aroundChange(a: string, b: string, width: number): [string, string] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  let from = Math.max(0, start - CONTEXT);
  // Start at a word: back to the space before, unless the word is very long.
  const space = a.lastIndexOf(' ', from);
  if (from > 0 && space !== -1 && from - space <= 15) from = space + 1;
  const cut = (text: string) => {
    const to = Math.min(text.length, Math.max(text.length - end + CONTEXT, from + width));
    return `${from > 0 ? '…' : ''}${text.slice(from, to)}${to < text.length ? '…' : ''}`;
  };
  return [cut(a), cut(b)];
}

function clip(line: string, width: number): string {
  const flat = line.replace(/\s*\n\s*/g, ' ');
  return flat.length <= width ? flat : `${flat.slice(0, width - 1)}…`;
}
