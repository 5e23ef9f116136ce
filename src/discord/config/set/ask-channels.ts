import { ApplicationCommandOptionType } from 'discord.js';
import { z } from 'zod';
import { UserError } from '../../../errors.js';
import { changeSetting } from '../../../settings/index.js';
import { parseOptions } from '../../options.js';
import { presenceOf } from '../../settings.js';
import { channelSchema, confirmChange, QUESTION_CHANNEL_TYPES } from '../apply.js';
import type { ConfigSubcommand } from '../subcommand.js';

const channel = channelSchema(QUESTION_CHANNEL_TYPES, 'must be a text, announcement, voice or forum channel').optional();
const optionsSchema = z.object({ add: channel, remove: channel });

/**
 * `/config set ask-channels [add] [remove]`: the channels where `/ask` and "Ask the corpus" may be used. None listed
 * (the default, or after removing the last): every channel.
 */
export const askChannels: ConfigSubcommand = {
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'ask-channels',
    description: 'Where /ask and "Ask the corpus" may be used (none listed: everywhere)',
    options: [
      {
        type: ApplicationCommandOptionType.Channel,
        name: 'add',
        description: 'A channel to allow questions in',
        required: false,
        channel_types: [...QUESTION_CHANNEL_TYPES],
      },
      {
        type: ApplicationCommandOptionType.Channel,
        name: 'remove',
        description: 'A channel to take off the list',
        required: false,
        channel_types: [...QUESTION_CHANNEL_TYPES],
      },
    ],
  },
  async execute(interaction, options, who, context) {
    const { add, remove } = parseOptions(options, optionsSchema);
    if (!add && !remove)
      throw new UserError(
        'Pick a channel to `add` or to `remove`. `/config reset setting:Channels for questions` allows every channel again.',
      );
    const presence = presenceOf(interaction.guild);
    const change = await changeSetting(context.settings, who.guildId, who.actor, 'askChannels', (current) =>
      // Channels deleted since they were listed are dropped here, as `/config show` reports.
      [...current.filter((id) => presence?.hasChannel(id) ?? true), ...(add ? [add.id] : [])].filter((id) => id !== remove?.id),
    );
    const everywhere =
      change.settings.values.askChannels.length === 0 ? 'With no channel listed, questions can be asked in every channel.' : undefined;
    await confirmChange(interaction, context, 'askChannels', change, everywhere);
  },
};
