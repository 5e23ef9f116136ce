import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type CommandInteractionOption,
  InteractionContextType,
  PermissionFlagsBits,
} from 'discord.js';
import { UserError } from '../../errors.js';
import { canConfigure, requireAdmin } from '../config/access.js';
import { reset } from '../config/reset.js';
import { setSubcommands } from '../config/set/index.js';
import { show } from '../config/show.js';
import type { ConfigSubcommand } from '../config/subcommand.js';
import { escapeText } from '../respond.js';
import type { SlashCommand } from './types.js';

const topLevel = new Map([show, reset].map((s) => [s.data.name, s]));
const setters = new Map(setSubcommands.map((s) => [s.data.name, s]));

/** The subcommand used (`show`, `reset`, or `set <setting>`) and its options. */
function route(options: readonly CommandInteractionOption[]): {
  name: string;
  subcommand?: ConfigSubcommand;
  options: readonly CommandInteractionOption[];
} {
  const [first] = options;
  if (first?.type === ApplicationCommandOptionType.SubcommandGroup && first.name === 'set') {
    const [inner] = first.options ?? [];
    return { name: `set ${inner?.name ?? ''}`, subcommand: inner && setters.get(inner.name), options: inner?.options ?? [] };
  }
  if (first?.type === ApplicationCommandOptionType.Subcommand)
    return { name: first.name, subcommand: topLevel.get(first.name), options: first.options ?? [] };
  return { name: first?.name ?? '', options: [] };
}

/**
 * `/config ...`: a server's admins see and change how the bot behaves there. Registered for Manage Server and servers
 * only, so others do not see it; every subcommand still runs only for a member the payload says may manage the server.
 */
export const config: SlashCommand = {
  kind: 'slash',
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'config',
    description: 'See and change how the bot behaves in this server (admins).',
    default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
    contexts: [InteractionContextType.Guild],
    options: [
      show.data,
      {
        type: ApplicationCommandOptionType.SubcommandGroup,
        name: 'set',
        description: 'Change a setting; it applies from the next interaction',
        options: setSubcommands.map((s) => s.data),
      },
      reset.data,
    ],
  },
  async execute(interaction, context) {
    const who = requireAdmin(interaction);
    const used = route(interaction.options.data);
    if (!used.subcommand)
      throw new UserError(`This bot has no \`/config ${escapeText(used.name)}\` any more: its command list may be out of date.`);
    await used.subcommand.execute(interaction, used.options, who, context);
  },
  async autocomplete(interaction, context) {
    // Nothing about a server's settings is offered to a member who may not change them.
    const used = route(interaction.options.data);
    if (!canConfigure(interaction) || !used.subcommand?.autocomplete) return interaction.respond([]);
    const focused = interaction.options.getFocused(true);
    await used.subcommand.autocomplete(interaction, { name: focused.name, value: String(focused.value) }, context);
  },
};
