import { ApplicationCommandOptionType, type ButtonInteraction } from 'discord.js';
import { z } from 'zod';
import { listNotes } from '../../notes/index.js';
import type { BotContext } from '../context.js';
import { parseOptions } from '../options.js';
import { renderNoteList } from '../render/note.js';
import { type Reply, send, update } from '../respond.js';
import { requireModerator } from './access.js';
import { fromNotes } from './errors.js';
import type { NoteSubcommand } from './subcommand.js';

const optionsSchema = z.object({
  page: z.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be 1 or more').default(1),
});

async function listPage(context: BotContext, guildId: string, page: number): Promise<Reply> {
  const [notes, removed] = await Promise.all([
    fromNotes(listNotes(context.notes, guildId, { page })),
    fromNotes(listNotes(context.notes, guildId, { removed: true, pageSize: 1 })),
  ]);
  return renderNoteList(notes, removed.total);
}

/** `/note list [page]`: this server's notes by title, ten a page, with Previous / Next. */
export const list: NoteSubcommand = {
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'list',
    description: "This server's notes, by title.",
    options: [
      {
        type: ApplicationCommandOptionType.Integer,
        name: 'page',
        description: 'Page number (ten notes a page)',
        required: false,
        min_value: 1,
      },
    ],
  },
  async execute(interaction, options, who, context) {
    const { page } = parseOptions(options, optionsSchema);
    await send(interaction, { ...(await listPage(context, who.guildId, page)), ephemeral: true });
  },
};

/** Previous / Next under the list: the page, in place. */
export async function listButton(interaction: ButtonInteraction, { page }: { page: number }, context: BotContext): Promise<void> {
  const who = requireModerator(interaction, context);
  await update(interaction, await listPage(context, who.guildId, page));
}
