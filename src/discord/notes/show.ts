import { ApplicationCommandOptionType } from 'discord.js';
import { parseOptions } from '../options.js';
import { renderNote, noteStatus } from '../render/note.js';
import { send } from '../respond.js';
import { noteOption, noteOptionSchema, pickedNote, respondWithNotes } from './pick.js';
import type { NoteSubcommand } from './subcommand.js';

/** `/note show note`: the note as members see it cited, with its number, revision and state. */
export const show: NoteSubcommand = {
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'show',
    description: 'Show a note as members see it cited.',
    options: [noteOption('The note (start typing its title)')],
  },
  async execute(interaction, options, who, context) {
    const note = await pickedNote(context, who.guildId, parseOptions(options, noteOptionSchema).note);
    await send(interaction, { ephemeral: true, content: noteStatus(note), embeds: [renderNote(note, context.library.corpus.documents)] });
  },
  autocomplete: (interaction, focused, guildId, context) => respondWithNotes(interaction, focused.value, guildId, 'any', context),
};
