import { ApplicationCommandOptionType } from 'discord.js';
import { z } from 'zod';
import { setSetting, settingsSchema } from '../../../settings/index.js';
import { parseOptions } from '../../options.js';
import { confirmChange } from '../apply.js';
import type { ConfigSubcommand } from '../subcommand.js';

const optionsSchema = z.object({ answers: settingsSchema.shape.answerVisibility });

/** `/config set visibility answers:<public|private>`: who sees `/ask` answers when the asker does not say. */
export const visibility: ConfigSubcommand = {
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'visibility',
    description: "Who sees /ask answers by default (the asker's private option still decides)",
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'answers',
        description: 'Public: the channel sees them; private: only the asker',
        required: true,
        choices: [
          { name: 'public', value: 'public' },
          { name: 'private', value: 'private' },
        ],
      },
    ],
  },
  async execute(interaction, options, who, context) {
    const { answers } = parseOptions(options, optionsSchema);
    await confirmChange(
      interaction,
      context,
      'answerVisibility',
      await setSetting(context.settings, who.guildId, who.actor, 'answerVisibility', answers),
    );
  },
};
