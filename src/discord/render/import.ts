// What `/note import` shows: the problems of a file that cannot be imported, or what it would change, to confirm.
import { type APIEmbed, type APIEmbedField, ActionRowBuilder, ButtonBuilder, ButtonStyle } from 'discord.js';
import type { ImportPlan, ImportProblem, ImportResult } from '../../notes/index.js';
import { encodeId } from '../components/ids.js';
import { escapeText, LIMITS, type Reply, truncate } from '../respond.js';
import { NOTE_COLOR } from './note.js';

/** `file:line: message`, as `npm run corpus:check` and `npm run notes -- import` print problems. */
export function problemLine(problem: ImportProblem): string {
  return `${problem.file}${problem.line === undefined ? '' : `:${problem.line}`}: ${problem.message}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Lines into one field value, ending with "… and N more" when they do not all fit. */
function listValue(lines: string[], max: number = LIMITS.fieldValue): string {
  let value = '';
  for (const [i, line] of lines.entries()) {
    const more = `\n… and ${lines.length - i} more`;
    const next = value === '' ? line : `${value}\n${line}`;
    if (next.length > max - (i < lines.length - 1 ? more.length : 0))
      return `${value}${value === '' ? '' : '\n'}… and ${lines.length - i} more`;
    value = next;
  }
  return value;
}

/**
 * A file that cannot be imported: every problem with its file and line. They are listed in the message as far as
 * they fit, and all of them are attached as a text file when they do not.
 */
export function renderProblems(plan: ImportPlan): Reply {
  const lines = plan.problems.map((p) => `• ${escapeText(problemLine(p))}`);
  const description = lines.join('\n');
  const fits = description.length <= LIMITS.embedDescription;
  const embed: APIEmbed = {
    title: truncate(`${escapeText(plan.archiveName)}: ${plural(plan.problems.length, 'problem')}`, LIMITS.embedTitle),
    color: NOTE_COLOR,
    description: fits ? description : listValue(lines, LIMITS.embedDescription - 100) + '\n\nEvery problem is in the attached file.',
  };
  return {
    content: `Nothing was imported: fix ${plan.problems.length === 1 ? 'this problem' : 'these problems'} and import the file again.`,
    embeds: [embed],
    ...(fits
      ? {}
      : { files: [{ attachment: Buffer.from(`${plan.problems.map(problemLine).join('\n')}\n`, 'utf8'), name: 'problems.txt' }] }),
  };
}

/** What a checked file would add and change, with Confirm and Cancel; or that it would change nothing. */
export function renderPlan(plan: ImportPlan, pendingId: number | null, expiresAt: number | null): Reply {
  const fields: APIEmbedField[] = [];
  const add = plan.add.map((item) => `${escapeText(item.file)}: "${escapeText(truncate(item.content.title, 80))}"`);
  const change = plan.change.map(
    (item) =>
      `${escapeText(item.file)}: note #${item.noteId} "${escapeText(truncate(item.content.title, 60))}": ${escapeText(item.changes.join('; '))}`,
  );
  const same = plan.unchanged.map((item) => `${escapeText(item.file)}: note #${item.noteId}`);
  if (add.length > 0) fields.push({ name: `Add (${add.length})`, value: listValue(add) });
  if (change.length > 0) fields.push({ name: `Change (${change.length})`, value: listValue(change) });
  if (same.length > 0) fields.push({ name: `Already the same (${same.length})`, value: listValue(same) });
  if (plan.ignored.length > 0)
    fields.push({ name: `Skipped (${plan.ignored.length})`, value: listValue(plan.ignored.map((p) => escapeText(problemLine(p)))) });
  const embed: APIEmbed = { title: truncate(`Import ${escapeText(plan.archiveName)}`, LIMITS.embedTitle), color: NOTE_COLOR, fields };
  if (pendingId === null || expiresAt === null) {
    return { content: 'Nothing to import: every note in this file is already in this server exactly so.', embeds: [embed], components: [] };
  }
  const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(encodeId({ kind: 'import', pendingId, confirm: true }))
      .setLabel('Confirm')
      .setStyle(ButtonStyle.Success),
    new ButtonBuilder()
      .setCustomId(encodeId({ kind: 'import', pendingId, confirm: false }))
      .setLabel('Cancel')
      .setStyle(ButtonStyle.Secondary),
  );
  const counts = [
    plan.add.length > 0 ? `add ${plural(plan.add.length, 'note')}` : '',
    plan.change.length > 0 ? `change ${plural(plan.change.length, 'note')}` : '',
  ]
    .filter(Boolean)
    .join(' and ');
  return {
    content: `Checked: importing this file would ${counts}. Nothing is written until you press **Confirm** (before <t:${Math.floor(expiresAt / 1000)}:t>).`,
    embeds: [embed],
    components: [row],
  };
}

/** After Confirm: what was written. */
export function renderImported(plan: ImportPlan, result: ImportResult): Reply {
  const notes = (changes: ImportResult['added']) => changes.map((c) => `#${c.note.id} ${escapeText(truncate(c.note.title, 80))}`);
  const fields: APIEmbedField[] = [];
  if (result.added.length > 0) fields.push({ name: `Added (${result.added.length})`, value: listValue(notes(result.added)) });
  if (result.changed.length > 0) fields.push({ name: `Changed (${result.changed.length})`, value: listValue(notes(result.changed)) });
  return {
    content: `Imported ${escapeText(plan.archiveName)}: ${plural(result.added.length, 'note')} added, ${plural(result.changed.length, 'note')} changed.`,
    embeds: [{ title: truncate(`Import ${escapeText(plan.archiveName)}`, LIMITS.embedTitle), color: NOTE_COLOR, fields }],
    components: [],
  };
}
