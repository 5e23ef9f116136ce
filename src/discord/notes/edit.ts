import { ApplicationCommandOptionType } from 'discord.js';
import { UserError } from '../../errors.js';
import { noteToInput } from '../../notes/index.js';
import { parseOptions } from '../options.js';
import { noteForm } from './form.js';
import { noteOption, noteOptionSchema, pickedNote, respondWithNotes } from './pick.js';
import type { NoteSubcommand } from './subcommand.js';

/** `/note edit note`: the note form filled with the note as it is; saving makes a new revision and keeps the old one. */
export const edit: NoteSubcommand = {
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'edit',
    description: 'Change a note; every earlier revision is kept.',
    options: [noteOption('The note to change (start typing its title)')],
  },
  async execute(interaction, options, who, context) {
    const note = await pickedNote(context, who.guildId, parseOptions(options, noteOptionSchema).note);
    if (note.removed) throw new UserError(`Note #${note.id} is removed: restore it with \`/note restore\` before editing it.`);
    // The revision goes into the form's id: a save by someone else in between is refused rather than overwritten.
    await interaction.showModal(
      noteForm({
        id: { kind: 'note-edit', noteId: note.id, revision: note.revision },
        heading: `Edit note #${note.id}`,
        values: noteToInput(note),
      }),
    );
  },
  autocomplete: (interaction, focused, guildId, context) => respondWithNotes(interaction, focused.value, guildId, 'live', context),
};
