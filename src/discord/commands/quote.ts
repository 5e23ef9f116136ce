import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord.js';
import { z } from 'zod';
import { matchDocuments, resolveDocument } from '../../corpus/find.js';
import { UserError } from '../../errors.js';
import { parseOptions } from '../options.js';
import { renderParagraph } from '../render/paragraph.js';
import { escapeText, inertText, LIMITS, send, truncate } from '../respond.js';
import { isEnabled, requireEnabled, visibleCorpus } from '../settings.js';
import type { SlashCommand } from './types.js';

const optionsSchema = z.object({
  document: z
    .string({
      error: (issue) =>
        issue.input === undefined ? 'is required: pick a document from the list' : 'must be text: pick a document from the list',
    })
    .trim()
    .min(1, 'is required: pick a document from the list'),
  paragraph: z
    .number({ error: (issue) => (issue.input === undefined ? 'is required: a paragraph number' : 'must be a whole number') })
    .int('must be a whole number')
    .min(1, 'must be 1 or more'),
});

/** `/quote document paragraph`: a whole paragraph, with buttons to walk the document. */
export const quote: SlashCommand = {
  kind: 'slash',
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'quote',
    description: 'Show a whole paragraph of a document, to read or quote it.',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'document',
        description: 'The document (start typing its title)',
        required: true,
        autocomplete: true,
      },
      {
        type: ApplicationCommandOptionType.Integer,
        name: 'paragraph',
        description: 'Paragraph number, as cited in answers',
        required: true,
        min_value: 1,
      },
    ],
  },
  async execute(interaction, context) {
    requireEnabled(context, 'quote');
    const options = parseOptions(interaction.options.data, optionsSchema);
    // A document this server left out is not in its library: "no document matches", as for any other.
    const document = resolveDocument(visibleCorpus(context), options.document);
    if (!document) {
      throw new UserError(
        `No document matches "${escapeText(truncate(options.document, 80))}". Pick one from the list as you type, or see \`/sources\`.`,
      );
    }
    if (options.paragraph > document.paragraphs.length) {
      throw new UserError(
        `"${escapeText(truncate(document.title, 120))}" has ${document.paragraphs.length} paragraphs: choose a number from 1 to ${document.paragraphs.length}.`,
      );
    }
    await send(interaction, renderParagraph(document, options.paragraph, true));
  },
  async autocomplete(interaction, context) {
    if (!isEnabled(context, 'quote')) return interaction.respond([]);
    const typed = String(interaction.options.getFocused() ?? '');
    const choices = matchDocuments(visibleCorpus(context), typed)
      .slice(0, LIMITS.choices)
      .map((d) => ({ name: truncate(inertText(`${d.title} (${d.paragraphs.length} ¶)`), LIMITS.choiceLength), value: d.id }));
    await interaction.respond(choices);
  },
};
