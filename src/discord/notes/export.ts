import { ApplicationCommandOptionType, MessageFlags } from 'discord.js';
import { UserError } from '../../errors.js';
import { exportNotes } from '../../notes/index.js';
import { send } from '../respond.js';
import { fromNotes } from './errors.js';
import type { NoteSubcommand } from './subcommand.js';

/** `/note export`: this server's live notes as a zip of corpus Markdown files, attached to a private reply. */
export const exportCommand: NoteSubcommand = {
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'export',
    description: "This server's notes as a .zip of Markdown files (for backups, other servers, or a fork).",
  },
  async execute(interaction, _options, who, context) {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const result = await fromNotes(exportNotes(context.notes, who.guildId));
    if (result.files.length === 0) throw new UserError('This server has no notes to export yet.');
    if (result.archive.length > interaction.attachmentSizeLimit) {
      throw new UserError(
        `The export is ${Math.ceil(result.archive.length / (1024 * 1024))} MB, more than Discord lets ` +
          `the bot attach here: the bot's operator can run \`npm run notes -- export --guild ${who.guildId}\` ` +
          `instead.`,
      );
    }
    await send(interaction, {
      content:
        `${result.files.length} ${result.files.length === 1 ? 'note' : 'notes'} of this server, one ` +
        `Markdown file each. Unzip into \`corpus/notes/\` of a fork to ship them, or bring them into ` +
        `another server with \`/note import\`.`,
      files: [{ attachment: result.archive, name: result.fileName }],
    });
  },
};
