import { ApplicationCommandOptionType } from 'discord.js';
import { noteHistory } from '../../notes/index.js';
import { parseOptions } from '../options.js';
import { renderHistory } from '../render/note.js';
import { send } from '../respond.js';
import { fromNotes } from './errors.js';
import { noteOption, noteOptionSchema, pickedNote, respondWithNotes } from './pick.js';
import type { NoteSubcommand } from './subcommand.js';

/** `/note history note`: every revision (who, when, what changed, a short diff), removals and restorations. */
export const history: NoteSubcommand = {
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'history',
    description: 'Every change to a note: who, when, and what changed.',
    options: [noteOption('The note (start typing its title)')],
  },
  async execute(interaction, options, who, context) {
    const note = await pickedNote(context, who.guildId, parseOptions(options, noteOptionSchema).note);
    const entries = await fromNotes(noteHistory(context.notes, who.guildId, note.id, { maxDiffLines: 8, lineWidth: 100 }));
    await send(interaction, { ephemeral: true, embeds: [renderHistory(note, entries)] });
  },
  autocomplete: (interaction, focused, guildId, context) => respondWithNotes(interaction, focused.value, guildId, 'any', context),
};
