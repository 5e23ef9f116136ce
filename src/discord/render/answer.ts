import { type APIEmbed, type APIEmbedField, ActionRowBuilder, ButtonBuilder, ButtonStyle } from 'discord.js';
import { cardText } from '../../answer/card.js';
import type { Answer, DocumentCard, Passage } from '../../answer/types.js';
import { renderExcerpt } from '../../search/excerpt.js';
import { encodeId } from '../components/ids.js';
import { escapeText, LIMITS, maskedLink, type Reply, truncate } from '../respond.js';

export const COLORS = { answer: 0x2f6fb3, noAnswer: 0x8a8f98, quote: 0x4a8c5c } as const;

export interface AnswerView {
  answer: Answer;
  /** Stored answer id: what the buttons refer to; null when it could not be stored (only "Full paragraph" then). */
  answerId: number | null;
  offset: number;
  /** The answer was sent ephemerally: offer to post it to the channel. */
  isPrivate: boolean;
  /** false when the server's admins turned "Post to channel" off: the button is left out. */
  canPost?: boolean;
  /** Rendered for "Post to channel": the public copy carries no buttons of the asker's own. */
  posted?: boolean;
  askedBy?: string;
}

/** "Deploy U.S. Diplomats Quietly... - paragraph 7": how every citation reads. */
export function citation(title: string, paragraph: number): string {
  return `${truncate(title, 200)} - paragraph ${paragraph}`;
}

/** Room kept for each commentary line under a passage, so the excerpt is cut rather than the commentary. */
const COMMENTARY_LINE_MAX = 160;

/** How a note of the asking server is told apart from the shipped library's documents, wherever it is cited. */
export const SERVER_NOTE_LABEL = 'Server note: ';

/** "by Alice, 2026-01-15": who wrote a server's note (their display name then) and when; escaped. */
export function serverNoteByline(passage: Pick<Passage, 'author' | 'published'>): string {
  return escapeText(`by ${passage.author ?? 'a moderator'}${passage.published ? `, ${passage.published}` : ''}`);
}

/** "Commentary: <title> - paragraph 5", and for a server's note "Commentary: Server note: <title> - paragraph 5 · by ...". */
function commentaryLine(note: Passage): string {
  const head = `\nCommentary: ${note.origin === 'server' ? SERVER_NOTE_LABEL : ''}`;
  const byline = note.origin === 'server' ? ` · ${serverNoteByline(note)}` : '';
  // The title is what gives way, so the line always says whose note it is.
  return `${head}${truncate(escapeText(citation(note.title, note.paragraph)), Math.max(40, COMMENTARY_LINE_MAX - head.length - byline.length))}${byline}`;
}

function passageField(passage: Passage, label: string): APIEmbedField {
  const link = passage.url ? `\n${maskedLink('Source', passage.url)} · \`${passage.documentId}\`` : `\n\`${passage.documentId}\``;
  const server = passage.origin === 'server';
  const byline = server ? `\n${serverNoteByline(passage)}` : '';
  // "Commentary: Susan Rice, US Ambassador to the UN - paragraph 5": the notes that discuss this passage.
  const commentary = (passage.commentary ?? []).map(commentaryLine).join('');
  const excerpt = renderExcerpt(passage.excerpt, '**', '**', escapeText);
  return {
    name: truncate(`${label}${server ? SERVER_NOTE_LABEL : ''}${escapeText(citation(passage.title, passage.paragraph))}`, LIMITS.fieldName),
    value: truncate(excerpt, LIMITS.fieldValue - byline.length - link.length - commentary.length) + byline + link + commentary,
  };
}

/** The document's own details (who wrote it, when, where), cited from its front matter. */
function cardField(card: DocumentCard): APIEmbedField {
  const link = card.url ? `${maskedLink('Source', card.url)} · \`${card.documentId}\`` : `\`${card.documentId}\``;
  const label = card.origin === 'server' ? SERVER_NOTE_LABEL : '';
  return { name: truncate(`${label}${escapeText(cardText(card))}`, LIMITS.fieldName), value: `From the document's details. ${link}` };
}

/** The answer embed and its buttons. */
export function renderAnswer(view: AnswerView): Required<Pick<Reply, 'embeds' | 'components'>> {
  const { answer, offset } = view;
  const shown = answer.answered ? answer.passages : answer.closest;
  const embed: APIEmbed = {
    title: truncate(escapeText(answer.query), LIMITS.embedTitle),
    color: answer.answered ? COLORS.answer : COLORS.noAnswer,
    footer: { text: `Corpus ${answer.corpusVersion} · ${answer.searched} passages searched` },
  };
  if (answer.answered) {
    embed.description = `Passages ${offset + 1}-${offset + shown.length} of ${answer.total}, best first.${view.askedBy ? ` Asked by ${escapeText(view.askedBy)}.` : ''}`;
    embed.fields = [...(answer.card ? [cardField(answer.card)] : []), ...shown.map((p, i) => passageField(p, `${offset + i + 1}. `))];
  } else {
    embed.description =
      'The library does not answer this question.' +
      (shown.length > 0
        ? ' The closest passages are below, but they are not an answer.'
        : ' Try other words, or see `/sources` for what it covers.');
    embed.fields = shown.map((p) => passageField(p, 'Closest passage (not an answer): '));
  }

  if (view.posted) return { embeds: [embed], components: [] };
  const { answerId } = view;
  const fullRow = new ActionRowBuilder<ButtonBuilder>().addComponents(
    shown.map((p, i) =>
      new ButtonBuilder()
        .setCustomId(encodeId({ kind: 'full', documentId: p.documentId, paragraph: p.paragraph }))
        .setLabel(answer.answered ? `Full paragraph #${offset + i + 1}` : `Full closest passage #${i + 1}`)
        .setStyle(ButtonStyle.Secondary),
    ),
  );
  if (answerId === null) return { embeds: [embed], components: shown.length > 0 ? [fullRow] : [] };
  const actions = new ActionRowBuilder<ButtonBuilder>();
  if (answer.answered) {
    const next = offset + shown.length;
    actions.addComponents(
      new ButtonBuilder()
        .setCustomId(encodeId({ kind: 'more', answerId, offset: next }))
        .setLabel(next < answer.total ? 'More results' : 'No more results')
        .setStyle(ButtonStyle.Primary)
        .setDisabled(next >= answer.total),
    );
    if (view.isPrivate && view.canPost !== false) {
      actions.addComponents(
        new ButtonBuilder()
          .setCustomId(encodeId({ kind: 'post', answerId, offset }))
          .setLabel('Post to channel')
          .setStyle(ButtonStyle.Secondary),
      );
    }
  }
  actions.addComponents(
    new ButtonBuilder()
      .setCustomId(encodeId({ kind: 'rate', answerId, helpful: true }))
      .setLabel('Helpful')
      .setStyle(ButtonStyle.Success),
    new ButtonBuilder()
      .setCustomId(encodeId({ kind: 'rate', answerId, helpful: false }))
      .setLabel('Not helpful')
      .setStyle(ButtonStyle.Danger),
  );
  return { embeds: [embed], components: shown.length > 0 ? [fullRow, actions] : [actions] };
}
