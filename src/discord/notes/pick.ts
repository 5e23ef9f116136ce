// The `note` option that edit, remove, restore, show and history share: autocomplete from this server's notes only,
// and resolution of what was picked or typed.
import { type APIApplicationCommandBasicOption, ApplicationCommandOptionType, type AutocompleteInteraction } from 'discord.js';
import { z } from 'zod';
import { matchNotes, resolveNote } from '../../notes/index.js';
import type { Note } from '../../storage/types.js';
import type { BotContext } from '../context.js';
import { inertText, LIMITS, truncate } from '../respond.js';
import { fromNotes } from './errors.js';

/** Which notes an option offers: live ones (edit, remove), removed ones (restore), or all (show, history). */
export type NoteState = 'live' | 'removed' | 'any';

/** The option's registration data. */
export function noteOption(description: string): APIApplicationCommandBasicOption {
  return { type: ApplicationCommandOptionType.String, name: 'note', description, required: true, autocomplete: true, max_length: 100 };
}

export const noteOptionSchema = z.object({
  note: z
    .string({
      error: (issue) => (issue.input === undefined ? 'is required: pick a note from the list' : 'must be text: pick a note from the list'),
    })
    .trim()
    .min(1, 'is required: pick a note from the list'),
});

/** Answers autocomplete with this server's notes whose title holds what was typed: "Title (#12)", value the id. */
export async function respondWithNotes(
  interaction: AutocompleteInteraction,
  typed: string,
  guildId: string,
  state: NoteState,
  context: BotContext,
): Promise<void> {
  const notes = await matchNotes(context.notes, guildId, typed, { state, limit: LIMITS.choices });
  const choices = notes.map((n) => {
    const suffix = ` (#${n.id}${state === 'any' && n.removed ? ', removed' : ''})`;
    return { name: truncate(inertText(n.title), LIMITS.choiceLength - suffix.length) + suffix, value: String(n.id) };
  });
  await interaction.respond(choices);
}

/** The note an option names in this server (`12`, `#12` or an exact title); "not found" for any other server's. */
export function pickedNote(context: BotContext, guildId: string, value: string): Promise<Note> {
  return fromNotes(resolveNote(context.notes, guildId, value));
}
