// Server notes as moderators see them in Discord: a note as members will see it cited, a page of the list, a history.
import { type APIEmbed, type APIEmbedField, ActionRowBuilder, ButtonBuilder, ButtonStyle } from 'discord.js';
import type { CorpusDocument } from '../../corpus/types.js';
import { formatAboutRef, type HistoryEntry, type NotePage, splitParagraphs } from '../../notes/index.js';
import type { AboutRef, Note } from '../../storage/types.js';
import { encodeId } from '../components/ids.js';
import { codeBlock, embedLength, escapeText, inertText, LIMITS, maskedLink, type Reply, truncate } from '../respond.js';
import { COLORS } from './answer.js';

/** Server notes' colour: distinct from the shipped library's answers and quotes. */
export const NOTE_COLOR = 0xb3762f;

/** `YYYY-MM-DD` (UTC), as the library's documents are dated. */
export function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** "Server note · by Alice · 2026-01-15": how a cited note says whose it is (plain text, for a footer). */
export function noteByline(note: Pick<Note, 'createdBy' | 'createdAt'>): string {
  return inertText(`Server note · by ${note.createdBy.displayName} · ${day(note.createdAt)}`);
}

/** "Deploy U.S. Diplomats Quietly… ¶4" for an `about` reference, with the document's title when the library has it. */
export function aboutLabel(ref: AboutRef, documents: readonly Pick<CorpusDocument, 'id' | 'title'>[]): string {
  const title = documents.find((d) => d.id === ref.documentId)?.title;
  if (title === undefined) return formatAboutRef(ref);
  return `${truncate(title, 60)}${ref.paragraph === undefined ? '' : ` ¶${ref.paragraph}`}`;
}

/**
 * A note as members will see it cited: its title, whose it is and when, its numbered paragraphs (rendered literally),
 * the passages it comments on, its tags and its source.
 */
export function renderNote(note: Note, documents: readonly Pick<CorpusDocument, 'id' | 'title'>[]): APIEmbed {
  const paragraphs = splitParagraphs(note.body).map((p, i) => `**¶${i + 1}** ${escapeText(p)}`);
  const description = paragraphs.join('\n\n');
  const fields: APIEmbedField[] = [];
  if (note.about.length > 0)
    fields.push({ name: 'Comments on', value: note.about.map((ref) => escapeText(aboutLabel(ref, documents))).join('\n') });
  if (note.tags.length > 0) fields.push({ name: 'Tags', value: escapeText(note.tags.join(', ')), inline: true });
  if (note.source !== null) fields.push({ name: 'Source', value: maskedLink(truncate(note.source, 200), note.source), inline: true });
  const embed: APIEmbed = {
    title: truncate(escapeText(note.title), LIMITS.embedTitle),
    color: NOTE_COLOR,
    description:
      description.length <= LIMITS.embedDescription
        ? description
        : `${truncate(description, LIMITS.embedDescription - 80)}\n\n*(Cut to fit a message: /note export has the whole text.)*`,
    fields,
    footer: { text: noteByline(note) },
  };
  return embed;
}

/** "Note #12 · revision 3 · last changed by Bob on 2026-01-16": what a moderator needs beyond the cited view. */
export function noteStatus(note: Note): string {
  const state = note.removed ? ' · **removed** (hidden from answers; `/note restore` brings it back)' : '';
  const changed =
    note.revision > 1 || note.updatedAt !== note.createdAt
      ? ` · last changed by ${escapeText(note.updatedBy.displayName)} on ${day(note.updatedAt)}`
      : '';
  return `Note #${note.id} · revision ${note.revision}${changed}${state}`;
}

/** One page of `/note list`, with Previous / Next when there is more than one page. */
export function renderNoteList(page: NotePage, removedCount: number): Required<Pick<Reply, 'embeds' | 'components'>> {
  const lines = page.notes.map((note) => {
    const count = splitParagraphs(note.body).length;
    return `**#${note.id}** ${escapeText(truncate(note.title, 90))} · ${count} ¶ · by ${escapeText(note.createdBy.displayName)}, ${day(note.createdAt)}`;
  });
  const removed = removedCount > 0 ? ` · ${removedCount} removed (see /note restore)` : '';
  const embed: APIEmbed = {
    title: 'Server notes',
    color: COLORS.quote,
    description:
      lines.length > 0
        ? lines.join('\n')
        : 'This server has no notes yet. Write one with `/note add`, or right-click a message > Apps > **Save as note**.',
    footer: { text: `Page ${page.page} of ${page.pageCount} · ${page.total} ${page.total === 1 ? 'note' : 'notes'}${removed}` },
  };
  // One page has nowhere to go, and its two buttons would share one custom_id, which Discord rejects.
  if (page.pageCount < 2) return { embeds: [embed], components: [] };
  const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(encodeId({ kind: 'notes', page: Math.max(1, page.page - 1) }))
      .setLabel('Previous')
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(page.page <= 1),
    new ButtonBuilder()
      .setCustomId(encodeId({ kind: 'notes', page: Math.min(page.pageCount, page.page + 1) }))
      .setLabel('Next')
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(page.page >= page.pageCount),
  );
  return { embeds: [embed], components: [row] };
}

function historyHeading(entry: HistoryEntry): string {
  const what =
    entry.kind === 'revision'
      ? entry.revision === 1
        ? 'Written'
        : `Revision ${entry.revision}`
      : entry.kind === 'removed'
        ? 'Removed'
        : 'Restored';
  const when = new Date(entry.at).toISOString().slice(0, 16).replace('T', ' ');
  const caseNumber = entry.caseNumber === null ? '' : ` · case ${entry.caseNumber}`;
  return `${what} · ${entry.author.displayName} · ${when} UTC${caseNumber}`;
}

/** The field for one history entry: what changed, then the diff in a code block that the text cannot break out of. */
export function historyField(entry: HistoryEntry): APIEmbedField {
  const name = truncate(inertText(historyHeading(entry)), LIMITS.fieldName);
  if (entry.kind !== 'revision')
    return { name, value: entry.kind === 'removed' ? 'Hidden from answers and lists; kept.' : 'Back in answers and lists.' };
  const changes = truncate(entry.changes.map((c) => escapeText(c)).join('\n'), 400);
  const room = LIMITS.fieldValue - changes.length - 40;
  const lines: string[] = [];
  let omitted = entry.omittedLines;
  for (const [i, line] of entry.diff.entries()) {
    if (codeBlock([...lines, line].join('\n'), 'diff').length > room) {
      omitted += entry.diff.length - i;
      break;
    }
    lines.push(line);
  }
  const diff = lines.length > 0 ? `\n${codeBlock(lines.join('\n'), 'diff')}` : '';
  const more = omitted > 0 ? `\n*${omitted} more changed ${omitted === 1 ? 'line' : 'lines'} not shown*` : '';
  return { name, value: `${changes}${diff}${more}` };
}

/** A note's history, newest first: as many entries as a message holds, and how many older ones were left out. */
export function renderHistory(note: Note, entries: HistoryEntry[]): APIEmbed {
  const embed: APIEmbed = {
    title: truncate(`History of ${escapeText(note.title)}`, LIMITS.embedTitle),
    color: NOTE_COLOR,
    description: noteStatus(note),
    fields: [],
  };
  for (const entry of entries.slice(0, LIMITS.fields)) {
    const field = historyField(entry);
    // Whole entries only: a cut field could leave a code block open.
    if (embedLength([{ ...embed, fields: [...embed.fields!, field] }]) + 100 > LIMITS.embedsTotal) break;
    embed.fields!.push(field);
  }
  const shown = embed.fields!.length;
  embed.footer = {
    text:
      shown < entries.length
        ? `${shown} most recent of ${entries.length} changes shown`
        : `${entries.length} ${entries.length === 1 ? 'change' : 'changes'}`,
  };
  return embed;
}
