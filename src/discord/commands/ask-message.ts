import { ApplicationCommandType } from 'discord.js';
import { UserError } from '../../errors.js';
import { answerReply, QUESTION_MAX } from '../ask-reply.js';
import { answerCounted, requireWithinLimits } from '../limits.js';
import { deferIfSlow, send } from '../respond.js';
import { requireAskChannel, requireEnabled } from '../settings.js';
import type { MessageCommand } from './types.js';

/** "Ask the corpus" on a message's Apps menu: the message's text becomes the question; only the asker sees the answer. */
export const askMessage: MessageCommand = {
  kind: 'message',
  data: { type: ApplicationCommandType.Message, name: 'Ask the corpus' },
  async execute(interaction, context) {
    requireEnabled(context, 'ask-menu');
    requireAskChannel(interaction, context);
    const text = interaction.targetMessage.content.replace(/\s+/g, ' ').trim();
    if (!text) throw new UserError('That message has no text to ask about (only attachments or embeds).');
    const counted = await requireWithinLimits(interaction, context, 'question');
    // A long message still makes a question: its opening, cut at a word boundary.
    const question =
      text.length <= QUESTION_MAX
        ? text
        : text.slice(0, text.lastIndexOf(' ', QUESTION_MAX) > 0 ? text.lastIndexOf(' ', QUESTION_MAX) : QUESTION_MAX);
    const done = deferIfSlow(interaction, context.log, { ephemeral: true });
    try {
      const reply = await answerCounted(context, counted, () =>
        answerReply(context, { question, guildId: interaction.guildId, userId: interaction.user.id, isPrivate: true }),
      );
      await send(interaction, reply);
    } finally {
      done();
    }
  },
};
