import { ApplicationCommandType, InteractionContextType, PermissionFlagsBits } from 'discord.js';
import { UserError } from '../../errors.js';
import { canModerate, requireModerator } from '../notes/access.js';
import { add } from '../notes/add.js';
import { edit } from '../notes/edit.js';
import { exportCommand } from '../notes/export.js';
import { gaps } from '../notes/gaps.js';
import { history } from '../notes/history.js';
import { importCommand } from '../notes/import.js';
import { list } from '../notes/list.js';
import { remove } from '../notes/remove.js';
import { restoreCommand } from '../notes/restore.js';
import { show } from '../notes/show.js';
import type { NoteSubcommand } from '../notes/subcommand.js';
import { subcommandOf } from '../options.js';
import { escapeText } from '../respond.js';
import type { SlashCommand } from './types.js';

const subcommands: readonly NoteSubcommand[] = [add, edit, remove, restoreCommand, list, show, history, exportCommand, importCommand, gaps];
const byName = new Map(subcommands.map((s) => [s.data.name, s]));

/**
 * `/note ...`: moderators write and manage this server's notes. Registered for Manage Messages and servers only, so
 * other members do not see it; each subcommand still runs only for a member the payload says is a moderator.
 */
export const note: SlashCommand = {
  kind: 'slash',
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'note',
    description: "Write and manage this server's notes, which answers cite (moderators).",
    default_member_permissions: PermissionFlagsBits.ManageMessages.toString(),
    contexts: [InteractionContextType.Guild],
    options: subcommands.map((s) => s.data),
  },
  async execute(interaction, context) {
    const who = requireModerator(interaction, context);
    const used = subcommandOf(interaction.options.data);
    const subcommand = used && byName.get(used.name);
    if (!used || !subcommand)
      throw new UserError(`This bot has no \`/note ${escapeText(used?.name ?? '')}\` any more: its command list may be out of date.`);
    await subcommand.execute(interaction, used.options, who, context);
  },
  async autocomplete(interaction, context) {
    // Nothing of a server's notes is shown to a member who may not manage them, not even titles.
    const used = subcommandOf(interaction.options.data);
    const subcommand = used && byName.get(used.name);
    if (!canModerate(interaction, context) || !interaction.guildId || !subcommand?.autocomplete) return interaction.respond([]);
    const focused = interaction.options.getFocused(true);
    await subcommand.autocomplete(interaction, { name: focused.name, value: String(focused.value) }, interaction.guildId, context);
  },
};
