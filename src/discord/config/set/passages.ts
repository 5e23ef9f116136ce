import { ApplicationCommandOptionType } from 'discord.js';
import { z } from 'zod';
import { MAX_PASSAGES, setSetting, settingsSchema } from '../../../settings/index.js';
import { parseOptions } from '../../options.js';
import { confirmChange } from '../apply.js';
import type { ConfigSubcommand } from '../subcommand.js';

const optionsSchema = z.object({ count: settingsSchema.shape.passagesPerAnswer });

/** `/config set passages count:<1-5>`: passages per page of an answer. */
export const passages: ConfigSubcommand = {
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'passages',
    description: 'How many passages an answer shows at a time',
    options: [
      {
        type: ApplicationCommandOptionType.Integer,
        name: 'count',
        description: `1 to ${MAX_PASSAGES}`,
        required: true,
        min_value: 1,
        max_value: MAX_PASSAGES,
      },
    ],
  },
  async execute(interaction, options, who, context) {
    const { count } = parseOptions(options, optionsSchema);
    await confirmChange(
      interaction,
      context,
      'passagesPerAnswer',
      await setSetting(context.settings, who.guildId, who.actor, 'passagesPerAnswer', count),
    );
  },
};
