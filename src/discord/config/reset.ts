import { ApplicationCommandOptionType } from 'discord.js';
import { z } from 'zod';
import { resetSetting, SETTING_KEYS, SETTING_LABELS } from '../../settings/index.js';
import { parseOptions } from '../options.js';
import { confirmChange } from './apply.js';
import type { ConfigSubcommand } from './subcommand.js';

const optionsSchema = z.object({
  setting: z.enum(SETTING_KEYS, { error: 'must be one of the settings: pick one from the list' }),
});

/** `/config reset setting:<setting>`: back to the default, which it then follows. */
export const reset: ConfigSubcommand = {
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'reset',
    description: 'Put a setting back to its default',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'setting',
        description: 'Which setting',
        required: true,
        choices: SETTING_KEYS.map((key) => ({ name: SETTING_LABELS[key], value: key })),
      },
    ],
  },
  async execute(interaction, options, who, context) {
    const { setting } = parseOptions(options, optionsSchema);
    await confirmChange(interaction, context, setting, await resetSetting(context.settings, who.guildId, who.actor, setting));
  },
};
