import { ApplicationCommandOptionType } from 'discord.js';
import { z } from 'zod';
import { MAX_ANSWERS_PER_MINUTE, SETTING_LABELS, setSetting, settingsSchema } from '../../../settings/index.js';
import { parseOptions } from '../../options.js';
import { confirmChange } from '../apply.js';
import type { ConfigSubcommand } from '../subcommand.js';

// `count` cannot be null here: no ceiling is the default, which `/config reset` brings back.
const optionsSchema = z.object({ count: settingsSchema.shape.answersPerMinute.unwrap() });

/** `/config set answers-per-minute count:<1-600>`: the most new answers the server gets in any 60 seconds. */
export const answersPerMinute: ConfigSubcommand = {
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'answers-per-minute',
    description: 'The most answers the whole server gets in a minute (reset it for no limit)',
    options: [
      {
        type: ApplicationCommandOptionType.Integer,
        name: 'count',
        description: `1 to ${MAX_ANSWERS_PER_MINUTE}`,
        required: true,
        min_value: 1,
        max_value: MAX_ANSWERS_PER_MINUTE,
      },
    ],
  },
  async execute(interaction, options, who, context) {
    const { count } = parseOptions(options, optionsSchema);
    await confirmChange(
      interaction,
      context,
      'answersPerMinute',
      await setSetting(context.settings, who.guildId, who.actor, 'answersPerMinute', count),
      `\`/config reset setting:${SETTING_LABELS.answersPerMinute}\` lifts the limit.`,
    );
  },
};
