import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { CorpusDocument } from '../../corpus/types.js';
import type { HistoryEntry } from '../../notes/index.js';
import { SETTING_KEYS, SETTING_LABELS } from '../../settings/index.js';
import type { AuditAction, AuditEntry } from '../../storage/types.js';
import { escapeText, LIMITS, maskedLink, truncate } from '../respond.js';
import { historyField } from './note.js';
import { formatStored } from './settings.js';

/** How each kind of case is named in its log post: "Case #12 · note edited". */
export const ACTION_LABELS: { readonly [A in AuditAction]: string } = {
  'note.add': 'note added',
  'note.edit': 'note edited',
  'note.remove': 'note removed',
  'note.restore': 'note restored',
  'settings.set': 'setting changed',
  'settings.reset': 'setting reset',
};

const COLORS: { readonly [A in AuditAction]: number } = {
  'note.add': 0x3ba55c,
  'note.edit': 0x5865f2,
  'note.remove': 0xed4245,
  'note.restore': 0xfaa61a,
  'settings.set': 0x7a5cb8,
  'settings.reset': 0x7a5cb8,
};

const SNOWFLAKE = /^[1-9]\d{16,19}$/;

/** The link to a message, which Discord renders as a jump to it. */
export function messageUrl(guildId: string, channelId: string, messageId: string): string {
  return `https://discord.com/channels/${guildId}/${channelId}/${messageId}`;
}

/** What a note case's post says about the note. */
export interface NoteCaseInfo {
  noteId: number;
  title: string;
  source: string | null;
  /** The revision the case made (added or edited), with what changed and the diff. */
  revision?: HistoryEntry;
  /** Revisions the note keeps (for a removal). */
  revisions: number;
}

export interface CaseView {
  entry: AuditEntry;
  documents: readonly Pick<CorpusDocument, 'id' | 'title'>[];
  note?: NoteCaseInfo;
  /** The log post of the note's previous case, to follow its history back. */
  previous?: { caseNumber: number; url: string };
  /** The case that undid this one (a restore after a removal), once it has happened. */
  undoneBy?: AuditEntry;
}

function byline(entry: AuditEntry): string {
  const name = escapeText(truncate(entry.actor.displayName, 100));
  // A mention in an embed renders as the member and never pings; the command line's actor has no Discord id.
  return SNOWFLAKE.test(entry.actor.id) ? `By ${name} (<@${entry.actor.id}>)` : `By ${name}`;
}

function noteFields(view: CaseView, note: NoteCaseInfo): APIEmbedField[] {
  const { entry } = view;
  const links = [`\`/note show note:${note.noteId}\``];
  if (note.source) links.push(maskedLink('Source', note.source));
  if (view.previous) links.push(`previous change: ${maskedLink(`case #${view.previous.caseNumber}`, view.previous.url)}`);
  const fields: APIEmbedField[] = [
    {
      name: 'Note',
      value: truncate(`#${note.noteId} "${escapeText(truncate(note.title, 200))}"\n${links.join(' · ')}`, LIMITS.fieldValue),
    },
  ];
  if (note.revision?.kind === 'revision') {
    fields.push({
      ...historyField(note.revision),
      name: entry.action === 'note.add' ? 'Written' : `Revision ${entry.revisionBefore ?? '?'} → ${entry.revisionAfter ?? '?'}`,
    });
  } else if (entry.action === 'note.remove') {
    fields.push({
      name: 'Change',
      value: `Hidden from answers and lists; kept with its ${note.revisions} ${note.revisions === 1 ? 'revision' : 'revisions'}.`,
    });
  } else if (entry.action === 'note.restore') {
    fields.push({ name: 'Change', value: 'Back in answers and lists.' });
  }
  return fields;
}

function settingFields(view: CaseView): APIEmbedField[] {
  const { entry, documents } = view;
  const before = (entry.before ?? {}) as Record<string, unknown>;
  const after = (entry.after ?? {}) as Record<string, unknown>;
  return SETTING_KEYS.filter((key) => Object.hasOwn(after, key)).map((key) => ({
    name: SETTING_LABELS[key],
    value: truncate(
      `Before: ${formatStored(key, before[key], documents)}\nAfter: ${formatStored(key, after[key], documents)}`,
      LIMITS.fieldValue,
    ),
  }));
}

/** The log channel post of one case: who, what, before and after, and links to follow the note. */
export function renderCase(view: CaseView): APIEmbed {
  const { entry } = view;
  const fields = entry.action.startsWith('settings.') ? settingFields(view) : view.note ? noteFields(view, view.note) : [];
  if (entry.detail) fields.push({ name: 'Detail', value: truncate(escapeText(entry.detail), LIMITS.fieldValue) });
  if (view.undoneBy) {
    fields.push({
      name: 'Undone',
      value: `${ACTION_LABELS[view.undoneBy.action]} in case #${view.undoneBy.caseNumber} by ${escapeText(view.undoneBy.actor.displayName)}`,
    });
  }
  return {
    title: `Case #${entry.caseNumber} · ${ACTION_LABELS[entry.action]}`,
    color: COLORS[entry.action],
    description: byline(entry),
    fields,
    footer: { text: entry.action.startsWith('settings.') ? 'Settings' : 'Server notes' },
    timestamp: new Date(entry.createdAt).toISOString(),
  };
}

/** One post for many cases committed together (an import): a line per case, so a large import is not 50 posts. */
export function renderCaseSummary(entries: readonly AuditEntry[], titles: ReadonlyMap<number, string>): APIEmbed {
  const first = entries[0]!;
  const last = entries[entries.length - 1]!;
  const lines = entries.map((e) => {
    const title = e.noteId === null ? '' : ` · #${e.noteId} "${escapeText(truncate(titles.get(e.noteId) ?? '?', 80))}"`;
    return `Case #${e.caseNumber} · ${ACTION_LABELS[e.action]}${title}`;
  });
  const details = [...new Set(entries.map((e) => e.detail).filter((d): d is string => d !== null))];
  return {
    title: `Cases #${first.caseNumber} to #${last.caseNumber} · ${entries.length} changes`,
    color: COLORS[first.action],
    description: truncate(`${byline(first)}\n\n${lines.join('\n')}`, LIMITS.embedDescription),
    fields: details.length > 0 ? [{ name: 'Detail', value: truncate(escapeText(details.join('\n')), LIMITS.fieldValue) }] : [],
    footer: { text: 'Server notes' },
    timestamp: new Date(last.createdAt).toISOString(),
  };
}
