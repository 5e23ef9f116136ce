import { type APIEmbed, ApplicationCommandType } from 'discord.js';
import type { CorpusDocument } from '../../corpus/types.js';
import { COLORS } from '../render/answer.js';
import { escapeText, LIMITS, maskedLink, send, truncate } from '../respond.js';
import { visibleDocuments } from '../settings.js';
import type { SlashCommand } from './types.js';

function line(d: CorpusDocument): string {
  const title = d.source ? maskedLink(truncate(d.title, 120), d.source) : `**${escapeText(truncate(d.title, 120))}**`;
  const by = [d.author, d.published]
    .filter(Boolean)
    .map((s) => escapeText(String(s)))
    .join(', ');
  return `${title}${by ? ` - ${by}` : ''} · ${d.paragraphs.length} paragraphs · \`${d.id}\``;
}

/** Joins lines into embed-sized chunks, so a large library spills into more fields rather than being cut mid-line. */
function chunks(lines: string[], max: number): string[] {
  const out: string[] = [];
  for (const l of lines) {
    const last = out[out.length - 1];
    if (last !== undefined && last.length + 1 + l.length <= max) out[out.length - 1] = `${last}\n${l}`;
    else out.push(truncate(l, max));
  }
  return out;
}

/** `/sources`: what the library holds: articles, then notes counted separately. */
export const sources: SlashCommand = {
  kind: 'slash',
  data: { type: ApplicationCommandType.ChatInput, name: 'sources', description: 'List the documents the bot answers from.' },
  async execute(interaction, context) {
    const { corpus } = context.library;
    const documents = visibleDocuments(context);
    const passageCount = documents.reduce((n, d) => n + d.paragraphs.length, 0);
    const articles = documents.filter((d) => d.kind === 'article');
    const notes = documents.filter((d) => d.kind === 'note');
    const embed: APIEmbed = {
      title: 'Sources',
      color: COLORS.quote,
      description:
        `${articles.length} ${articles.length === 1 ? 'article' : 'articles'} and ${notes.length} background ` +
        `${notes.length === 1 ? 'note' : 'notes'}, ${passageCount} paragraphs in all. Quote any paragraph ` +
        `with \`/quote\`.`,
      fields: [
        ...chunks(articles.map(line), LIMITS.fieldValue).map((value, i) => ({
          name: i === 0 ? `Articles (${articles.length})` : 'Articles (continued)',
          value,
        })),
        ...chunks(notes.map(line), LIMITS.fieldValue).map((value, i) => ({
          name: i === 0 ? `Notes (${notes.length})` : 'Notes (continued)',
          value,
        })),
      ],
      footer: { text: `Corpus ${corpus.version}` },
    };
    await send(interaction, { embeds: [embed] });
  },
};
