import { ActionRowBuilder, ApplicationCommandOptionType, ButtonBuilder, ButtonStyle } from 'discord.js';
import { removeNote } from '../../notes/index.js';
import { encodeId } from '../components/ids.js';
import { parseOptions } from '../options.js';
import { escapeText, send, truncate } from '../respond.js';
import { fromNotes } from './errors.js';
import { noteOption, noteOptionSchema, pickedNote, respondWithNotes } from './pick.js';
import type { NoteSubcommand } from './subcommand.js';

/** `/note remove note`: hides a note from answers and lists; it is kept, with a Restore button to undo at once. */
export const remove: NoteSubcommand = {
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'remove',
    description: 'Hide a note from answers and lists; it is kept and can be restored.',
    options: [noteOption('The note to remove (start typing its title)')],
  },
  async execute(interaction, options, who, context) {
    const note = await pickedNote(context, who.guildId, parseOptions(options, noteOptionSchema).note);
    const { note: removed } = await fromNotes(removeNote(context.notes, who.guildId, who.actor, note.id));
    const undo = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder()
        .setCustomId(encodeId({ kind: 'restore', noteId: removed.id }))
        .setLabel('Restore')
        .setStyle(ButtonStyle.Secondary),
    );
    await send(interaction, {
      ephemeral: true,
      content:
        `Removed note #${removed.id} "${escapeText(truncate(removed.title, 100))}": members no longer ` +
        `see it in answers, and it is kept with its ${removed.revision} ${removed.revision === 1 ? 'revision' : 'revisions'}. ` +
        `**Restore** (or \`/note restore\`) brings it back.`,
      components: [undo],
    });
  },
  autocomplete: (interaction, focused, guildId, context) => respondWithNotes(interaction, focused.value, guildId, 'live', context),
};
