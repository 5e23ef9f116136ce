import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord.js';
import { z } from 'zod';
import { answerReply, QUESTION_MAX, questionSchema } from '../ask-reply.js';
import { answerCounted, requireWithinLimits } from '../limits.js';
import { parseOptions } from '../options.js';
import { deferIfSlow, inertText, LIMITS, send, truncate } from '../respond.js';
import { requireAskChannel } from '../settings.js';
import type { SlashCommand } from './types.js';

const optionsSchema = z.object({
  question: questionSchema,
  // Unset: the server's default visibility decides.
  private: z.boolean({ error: 'must be true or false' }).optional(),
});

/** `/ask question [private]`: the cited passages that answer a question. */
export const ask: SlashCommand = {
  kind: 'slash',
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'ask',
    description: 'Ask the library a question; the answer cites document and paragraph.',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'question',
        description: 'Your question, in your own words',
        required: true,
        autocomplete: true,
        max_length: QUESTION_MAX,
      },
      {
        type: ApplicationCommandOptionType.Boolean,
        name: 'private',
        description: "Only you see the answer (default: the server's choice, public unless changed)",
        required: false,
      },
    ],
  },
  async execute(interaction, context) {
    const options = parseOptions(interaction.options.data, optionsSchema);
    requireAskChannel(interaction, context);
    const counted = await requireWithinLimits(interaction, context, 'question');
    const isPrivate = options.private ?? context.serverSettings.values.answerVisibility === 'private';
    const done = deferIfSlow(interaction, context.log, { ephemeral: isPrivate });
    try {
      const reply = await answerCounted(context, counted, () =>
        answerReply(context, {
          question: options.question,
          guildId: interaction.guildId,
          userId: interaction.user.id,
          isPrivate,
        }),
      );
      await send(interaction, reply);
    } finally {
      done();
    }
  },
  async autocomplete(interaction, context) {
    const typed = String(interaction.options.getFocused() ?? '');
    const recent = context.answers.recentQuestions(interaction.guildId);
    const choices = context.suggester.suggest(
      typed,
      recent,
      LIMITS.choices,
      LIMITS.choiceLength,
      context.serverSettings.values.excludedDocuments,
    );
    // The name is only shown; the value is what the member sends, so it stays exactly what they would have typed.
    const named = choices.map((choice) => ({
      name: truncate(inertText(choice), LIMITS.choiceLength),
      value: choice.slice(0, QUESTION_MAX),
    }));
    await interaction.respond(named);
  },
};
