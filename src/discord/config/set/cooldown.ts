import { ApplicationCommandOptionType } from 'discord.js';
import { z } from 'zod';
import { MAX_ASK_COOLDOWN, setSetting, settingsSchema } from '../../../settings/index.js';
import { parseOptions } from '../../options.js';
import { confirmChange } from '../apply.js';
import type { ConfigSubcommand } from '../subcommand.js';

const optionsSchema = z.object({ seconds: settingsSchema.shape.askCooldown });

/** `/config set cooldown seconds:<0-600>`: how long a member waits after a question before asking another. */
export const cooldown: ConfigSubcommand = {
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'cooldown',
    description: 'How long a member waits between questions (/ask, "Ask the corpus")',
    options: [
      {
        type: ApplicationCommandOptionType.Integer,
        name: 'seconds',
        description: `0 (no wait) to ${MAX_ASK_COOLDOWN}`,
        required: true,
        min_value: 0,
        max_value: MAX_ASK_COOLDOWN,
      },
    ],
  },
  async execute(interaction, options, who, context) {
    const { seconds } = parseOptions(options, optionsSchema);
    await confirmChange(
      interaction,
      context,
      'askCooldown',
      await setSetting(context.settings, who.guildId, who.actor, 'askCooldown', seconds),
    );
  },
};
