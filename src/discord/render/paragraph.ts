import { type APIEmbed, ActionRowBuilder, ButtonBuilder, ButtonStyle } from 'discord.js';
import type { CorpusDocument } from '../../corpus/types.js';
import { isServerNote } from '../../notes/document.js';
import { encodeId } from '../components/ids.js';
import { escapeText, inertText, LIMITS, type Reply, truncate } from '../respond.js';
import { citation, COLORS, SERVER_NOTE_LABEL } from './answer.js';
import { NOTE_COLOR } from './note.js';

/** One whole paragraph as an embed, cited; with Previous/Next buttons when `navigate` is set (for /quote). */
export function renderParagraph(
  document: CorpusDocument,
  paragraph: number,
  navigate: boolean,
): Required<Pick<Reply, 'embeds' | 'components'>> {
  const text = document.paragraphs[paragraph - 1] ?? '';
  const server = isServerNote(document);
  // A server's note says whose it is, as where it is cited: "Server note · by Alice, 2026-01-15".
  const byline = server
    ? `Server note · by ${document.author}, ${document.published}`
    : [document.author, document.published].filter(Boolean).join(', ');
  const embed: APIEmbed = {
    title: truncate(`${server ? SERVER_NOTE_LABEL : ''}${escapeText(citation(document.title, paragraph))}`, LIMITS.embedTitle),
    description: truncate(escapeText(text), LIMITS.embedDescription),
    color: server ? NOTE_COLOR : COLORS.quote,
    footer: { text: `${document.id} · paragraph ${paragraph} of ${document.paragraphs.length}${byline ? ` · ${inertText(byline)}` : ''}` },
  };
  if (document.source) embed.url = document.source;
  // A single paragraph has nowhere to go, and its two buttons would share one custom_id, which Discord rejects.
  if (!navigate || document.paragraphs.length < 2) return { embeds: [embed], components: [] };
  const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(encodeId({ kind: 'quote', documentId: document.id, paragraph: Math.max(1, paragraph - 1) }))
      .setLabel('Previous')
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(paragraph <= 1),
    new ButtonBuilder()
      .setCustomId(encodeId({ kind: 'quote', documentId: document.id, paragraph: Math.min(document.paragraphs.length, paragraph + 1) }))
      .setLabel('Next')
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(paragraph >= document.paragraphs.length),
  );
  return { embeds: [embed], components: [row] };
}
