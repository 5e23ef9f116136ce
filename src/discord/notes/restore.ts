import { ApplicationCommandOptionType, type ButtonInteraction } from 'discord.js';
import { restoreNote } from '../../notes/index.js';
import type { Note } from '../../storage/types.js';
import type { BotContext } from '../context.js';
import { parseOptions } from '../options.js';
import { escapeText, type Reply, send, truncate, update } from '../respond.js';
import { type ModeratorAction, requireModerator } from './access.js';
import { fromNotes } from './errors.js';
import { noteOption, noteOptionSchema, pickedNote, respondWithNotes } from './pick.js';
import type { NoteSubcommand } from './subcommand.js';

async function restore(context: BotContext, who: ModeratorAction, noteId: number): Promise<Note> {
  return (await fromNotes(restoreNote(context.notes, who.guildId, who.actor, noteId))).note;
}

function restored(note: Note): Reply {
  return {
    content: `Restored note #${note.id} "${escapeText(truncate(note.title, 100))}": members see it in answers again.`,
    components: [],
  };
}

/** `/note restore note`: brings a removed note back (autocomplete offers the removed ones). */
export const restoreCommand: NoteSubcommand = {
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'restore',
    description: 'Bring back a removed note.',
    options: [noteOption('The removed note to bring back (start typing its title)')],
  },
  async execute(interaction, options, who, context) {
    const note = await pickedNote(context, who.guildId, parseOptions(options, noteOptionSchema).note);
    await send(interaction, { ...restored(await restore(context, who, note.id)), ephemeral: true });
  },
  autocomplete: (interaction, focused, guildId, context) => respondWithNotes(interaction, focused.value, guildId, 'removed', context),
};

/** The Restore button under a removal: undoes it in place. */
export async function restoreButton(interaction: ButtonInteraction, { noteId }: { noteId: number }, context: BotContext): Promise<void> {
  const who = requireModerator(interaction, context);
  await update(interaction, restored(await restore(context, who, noteId)));
}
