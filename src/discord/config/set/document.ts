import { ApplicationCommandOptionType } from 'discord.js';
import { z } from 'zod';
import { matchDocuments, resolveDocument } from '../../../corpus/find.js';
import { UserError } from '../../../errors.js';
import { changeSetting } from '../../../settings/index.js';
import { parseOptions } from '../../options.js';
import { escapeText, inertText, LIMITS, truncate } from '../../respond.js';
import { confirmChange } from '../apply.js';
import type { ConfigSubcommand } from '../subcommand.js';

const optionsSchema = z.object({
  document: z
    .string({ error: 'must be text: pick a document from the list' })
    .trim()
    .min(1, 'is required: pick a document from the list')
    .max(200, 'is too long: pick a document from the list'),
  answers: z.boolean({ error: 'must be true or false' }),
});

/**
 * `/config set document document:<id> answers:<bool>`: leaves a document out of this server (answers, `/sources`,
 * `/quote` and autocomplete), or brings it back.
 */
export const document: ConfigSubcommand = {
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'document',
    description: 'Leave a document of the library out of this server, or bring it back',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'document',
        description: 'The document (start typing its title)',
        required: true,
        autocomplete: true,
        max_length: 200,
      },
      {
        type: ApplicationCommandOptionType.Boolean,
        name: 'answers',
        description: 'Whether it answers here (false: left out)',
        required: true,
      },
    ],
  },
  async execute(interaction, options, who, context) {
    const parsed = parseOptions(options, optionsSchema);
    const found = resolveDocument(context.library.corpus, parsed.document);
    if (!found) {
      throw new UserError(
        `Option \`document\`: no document of the library matches "${escapeText(truncate(parsed.document, 80))}". Pick one from the list as you type.`,
      );
    }
    const change = await changeSetting(context.settings, who.guildId, who.actor, 'excludedDocuments', (current) =>
      parsed.answers ? current.filter((id) => id !== found.id) : [...current, found.id],
    );
    await confirmChange(interaction, context, 'excludedDocuments', change);
  },
  async autocomplete(interaction, focused, context) {
    if (focused.name !== 'document') return interaction.respond([]);
    const excluded = new Set(context.serverSettings.values.excludedDocuments);
    const choices = matchDocuments(context.library.corpus, focused.value)
      .slice(0, LIMITS.choices)
      .map((d) => ({
        name: truncate(inertText(`${d.title} (${excluded.has(d.id) ? 'left out' : 'answers'})`), LIMITS.choiceLength),
        value: d.id,
      }));
    await interaction.respond(choices);
  },
};
