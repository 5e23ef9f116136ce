import { ApplicationCommandOptionType, type ButtonInteraction, MessageFlags } from 'discord.js';
import { z } from 'zod';
import { UserError } from '../../errors.js';
import { ARCHIVE_LIMITS, applyImport, dropImport, heldImport, holdImport, PENDING_IMPORT_TTL_MS, planImport } from '../../notes/index.js';
import type { BotContext } from '../context.js';
import { parseOptions } from '../options.js';
import { renderImported, renderPlan, renderProblems } from '../render/import.js';
import { send, update } from '../respond.js';
import { requireModerator } from './access.js';
import { downloadAttachment, tooLarge } from './download.js';
import { fromNotes } from './errors.js';
import type { NoteSubcommand } from './subcommand.js';

/** How long the download of an import may take. */
export const DOWNLOAD_TIMEOUT_MS = 15_000;

const optionsSchema = z.object({
  file: z.object(
    { url: z.string(), name: z.string(), size: z.number() },
    {
      error: (issue) => (issue.input === undefined ? 'is required: attach the .zip that `/note export` makes' : 'must be an attached file'),
    },
  ),
});

/**
 * `/note import file`: checks every note of the attached zip, shows what it would add and change, and keeps the plan
 * in the storage until the moderator who imported it presses Confirm. A file with any problem changes nothing.
 */
export const importCommand: NoteSubcommand = {
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'import',
    description: 'Add or update notes from a .zip of Markdown files (as /note export makes); you confirm first.',
    options: [{ type: ApplicationCommandOptionType.Attachment, name: 'file', description: 'The .zip of notes', required: true }],
  },
  async execute(interaction, options, who, context) {
    const { file } = parseOptions(options, optionsSchema);
    // Refused before a byte is downloaded.
    if (file.size > ARCHIVE_LIMITS.archiveBytes) throw tooLarge(file.name, file.size, ARCHIVE_LIMITS.archiveBytes);
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const archive = await downloadAttachment(file.url, file.name, {
      origins: context.attachmentOrigins,
      maxBytes: ARCHIVE_LIMITS.archiveBytes,
      timeoutMs: DOWNLOAD_TIMEOUT_MS,
    });
    const plan = await fromNotes(planImport(context.notes, who.guildId, archive, file.name));
    context.log.info(
      { archive: file.name, bytes: archive.length, add: plan.add.length, change: plan.change.length, problems: plan.problems.length },
      'import checked',
    );
    if (plan.problems.length > 0) return send(interaction, renderProblems(plan));
    if (plan.add.length === 0 && plan.change.length === 0) return send(interaction, renderPlan(plan, null, null));
    const pendingId = await fromNotes(holdImport(context.notes, who.guildId, who.actor.id, plan));
    await send(interaction, renderPlan(plan, pendingId, Date.now() + PENDING_IMPORT_TTL_MS));
  },
};

const GONE = 'This import is no longer waiting: it was confirmed, cancelled, or checked more than 15 minutes ago. Import the file again.';

/** Confirm / Cancel under a checked import: only the moderator who imported the file may press them. */
export async function importButton(
  interaction: ButtonInteraction,
  { pendingId, confirm }: { pendingId: number; confirm: boolean },
  context: BotContext,
): Promise<void> {
  const who = requireModerator(interaction, context);
  const held = await fromNotes(heldImport(context.notes, who.guildId, pendingId));
  if (!held) throw new UserError(GONE);
  if (held.userId !== who.actor.id) throw new UserError('Only the moderator who imported this file can confirm or cancel it.');
  if (!confirm) {
    await fromNotes(dropImport(context.notes, who.guildId, pendingId));
    return update(interaction, { content: 'Import cancelled: nothing was changed.', embeds: [], components: [] });
  }
  // An import of thousands of notes is one long transaction: acknowledge first, then write.
  await interaction.deferUpdate();
  const result = await fromNotes(applyImport(context.notes, who.guildId, who.actor, held.plan));
  await fromNotes(dropImport(context.notes, who.guildId, pendingId));
  context.log.info({ pendingId, added: result.added.length, changed: result.changed.length }, 'import applied');
  await update(interaction, renderImported(held.plan, result));
}
