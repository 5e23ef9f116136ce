import { ApplicationCommandOptionType } from 'discord.js';
import { z } from 'zod';
import { changeSetting, COMMAND_LABELS, TOGGLEABLE_COMMANDS } from '../../../settings/index.js';
import { parseOptions } from '../../options.js';
import { confirmChange } from '../apply.js';
import type { ConfigSubcommand } from '../subcommand.js';

const optionsSchema = z.object({
  command: z.enum(TOGGLEABLE_COMMANDS, { error: `must be one of ${TOGGLEABLE_COMMANDS.join(', ')}: pick one from the list` }),
  enabled: z.boolean({ error: 'must be true or false' }),
});

/** `/config set command command:<feature> enabled:<bool>`: turns a command, button or menu off (or on) in this server. */
export const command: ConfigSubcommand = {
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'command',
    description: 'Turn a command, button or menu on or off in this server',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'command',
        description: 'Which one',
        required: true,
        choices: TOGGLEABLE_COMMANDS.map((c) => ({ name: COMMAND_LABELS[c], value: c })),
      },
      { type: ApplicationCommandOptionType.Boolean, name: 'enabled', description: 'On (true) or off (false)', required: true },
    ],
  },
  async execute(interaction, options, who, context) {
    const { command: feature, enabled } = parseOptions(options, optionsSchema);
    const change = await changeSetting(context.settings, who.guildId, who.actor, 'disabledCommands', (current) =>
      enabled ? current.filter((c) => c !== feature) : [...current, feature],
    );
    await confirmChange(interaction, context, 'disabledCommands', change);
  },
};
