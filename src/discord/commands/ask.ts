import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord.js';
import { z } from 'zod';
import { answerReply, QUESTION_MAX, questionSchema } from '../ask-reply.js';
import { parseOptions } from '../options.js';
import { deferIfSlow, inertText, LIMITS, send, truncate } from '../respond.js';
import type { SlashCommand } from './types.js';

const optionsSchema = z.object({
  question: questionSchema,
  private: z.boolean({ error: 'must be true or false' }).default(false),
});

/** `/ask question [private]`: the cited passages that answer a question. */
export const ask: SlashCommand = {
  kind: 'slash',
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'ask',
    description: 'Ask the library a question; the answer cites document and paragraph.',
    options: [
      { type: ApplicationCommandOptionType.String, name: 'question', description: 'Your question, in your own words', required: true, autocomplete: true, max_length: QUESTION_MAX },
      { type: ApplicationCommandOptionType.Boolean, name: 'private', description: 'Only you see the answer (default: everyone in the channel)', required: false },
    ],
  },
  async execute(interaction, context) {
    const options = parseOptions(interaction.options.data, optionsSchema);
    const done = deferIfSlow(interaction, context.log, { ephemeral: options.private });
    try {
      const reply = await answerReply(context, { question: options.question, guildId: interaction.guildId, userId: interaction.user.id, isPrivate: options.private });
      await send(interaction, reply);
    } finally {
      done();
    }
  },
  async autocomplete(interaction, context) {
    const typed = String(interaction.options.getFocused() ?? '');
    const recent = context.answers.recentQuestions(interaction.guildId);
    const choices = context.suggester.suggest(typed, recent, LIMITS.choices, LIMITS.choiceLength);
    // The name is only shown; the value is what the member sends, so it stays exactly what they would have typed.
    const named = choices.map((choice) => ({ name: truncate(inertText(choice), LIMITS.choiceLength), value: choice.slice(0, QUESTION_MAX) }));
    await interaction.respond(named);
  },
};
