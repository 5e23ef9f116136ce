import { ApplicationCommandOptionType, type ButtonInteraction } from 'discord.js';
import { UserError } from '../../errors.js';
import { listGaps } from '../../notes/index.js';
import { StorageError } from '../../storage/errors.js';
import type { BotContext } from '../context.js';
import { MAX_GAPS, renderGaps } from '../render/gaps.js';
import { send } from '../respond.js';
import { requireEnabled } from '../settings.js';
import { requireModerator } from './access.js';
import { fromNotes } from './errors.js';
import { guessTitle, noteForm } from './form.js';
import type { NoteSubcommand } from './subcommand.js';

/** `/note gaps`: the questions of this server the library could not answer or that were rated "Not helpful". */
export const gaps: NoteSubcommand = {
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'gaps',
    description: 'Questions asked here that the library did not answer well, to write notes for.',
  },
  async execute(interaction, _options, who, context) {
    requireEnabled(context, 'gaps');
    const found = await fromNotes(listGaps(context.notes, who.guildId, { limit: MAX_GAPS }));
    await send(interaction, { ...renderGaps(found), ephemeral: true });
  },
};

/** "Write a note" beside a gap: the note form, with the question as its title. */
export async function gapButton(interaction: ButtonInteraction, { answerId }: { answerId: number }, context: BotContext): Promise<void> {
  requireModerator(interaction, context);
  requireEnabled(context, 'gaps');
  let question: string;
  try {
    question = context.answers.getFor(answerId, { guildId: interaction.guildId, userId: interaction.user.id }).question;
  } catch (error) {
    if (!(error instanceof UserError) || error instanceof StorageError) throw error;
    throw new UserError('That question is no longer listed (questions are kept 7 days): run `/note gaps` again.', { cause: error });
  }
  await interaction.showModal(
    noteForm({ id: { kind: 'note-gap', answerId }, heading: 'Write a note for a question', values: { title: guessTitle(question) } }),
  );
}
