import { ApplicationCommandOptionType } from 'discord.js';
import { z } from 'zod';
import { setSetting } from '../../../settings/index.js';
import { parseOptions } from '../../options.js';
import { missingLogPermissions } from '../../settings.js';
import { channelSchema, confirmChange, LOG_CHANNEL_TYPES } from '../apply.js';
import type { ConfigSubcommand } from '../subcommand.js';

const optionsSchema = z.object({ channel: channelSchema(LOG_CHANNEL_TYPES, 'must be a text or announcement channel') });

/** `/config set log-channel channel:<#channel>`: where every note and settings change is posted as a numbered case. */
export const logChannel: ConfigSubcommand = {
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'log-channel',
    description: 'Where every note and settings change is posted, as numbered cases',
    options: [
      {
        type: ApplicationCommandOptionType.Channel,
        name: 'channel',
        description: 'A channel the bot can post in',
        required: true,
        channel_types: [...LOG_CHANNEL_TYPES],
      },
    ],
  },
  async execute(interaction, options, who, context) {
    const { channel } = parseOptions(options, optionsSchema);
    const change = await setSetting(context.settings, who.guildId, who.actor, 'logChannel', channel.id);
    const missing = missingLogPermissions(interaction.guild, channel.id);
    const warning =
      missing.length > 0
        ? `The bot cannot post there yet: give it ${missing.join(', ')} in that channel. \`/config show\` tells you when it can.`
        : undefined;
    await confirmChange(interaction, context, 'logChannel', change, warning);
  },
};
