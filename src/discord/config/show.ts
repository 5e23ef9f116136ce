import { ApplicationCommandOptionType } from 'discord.js';
import { renderSettings, type LogChannelStatus } from '../render/settings.js';
import { send } from '../respond.js';
import { missingLogPermissions } from '../settings.js';
import type { ConfigSubcommand } from './subcommand.js';

/** `/config show`: every setting with its value and default, and what has gone wrong with any of them. */
export const show: ConfigSubcommand = {
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'show',
    description: 'Every setting of this server, its default, and any problem',
  },
  async execute(interaction, _options, who, context) {
    const settings = context.serverSettings;
    const status: LogChannelStatus = {};
    const channelId = settings.values.logChannel;
    if (channelId !== null) {
      status.missing = missingLogPermissions(interaction.guild, channelId);
      const failure = context.modlog.lastFailure(who.guildId);
      if (failure?.channelId === channelId) status.lastFailure = failure;
    }
    await send(interaction, { ephemeral: true, embeds: [renderSettings(settings, context.library.corpus.documents, status)] });
  },
};
