import { ApplicationCommandOptionType } from 'discord.js';
import { z } from 'zod';
import { UserError } from '../../../errors.js';
import { setSetting } from '../../../settings/index.js';
import { parseOptions } from '../../options.js';
import { confirmChange, roleSchema } from '../apply.js';
import type { ConfigSubcommand } from '../subcommand.js';

const optionsSchema = z.object({ role: roleSchema });

/** `/config set moderator-role role:<role>`: members with this role may use `/note` as well as those with Manage Messages. */
export const moderatorRole: ConfigSubcommand = {
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'moderator-role',
    description: 'A role whose members may manage notes, besides those with Manage Messages',
    options: [{ type: ApplicationCommandOptionType.Role, name: 'role', description: "The moderators' role", required: true }],
  },
  async execute(interaction, options, who, context) {
    const { role } = parseOptions(options, optionsSchema);
    if (role.id === who.guildId) throw new UserError('Option `role`: pick a role other than @everyone: every member has it.');
    const change = await setSetting(context.settings, who.guildId, who.actor, 'moderatorRole', role.id);
    await confirmChange(
      interaction,
      context,
      'moderatorRole',
      change,
      'So that they see `/note` and **Save as note**, add the role to both in Server Settings > Integrations > this bot.',
    );
  },
};
