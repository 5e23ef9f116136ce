import type { ButtonInteraction } from 'discord.js';
import type { CorpusDocument } from '../../corpus/types.js';
import { UserError } from '../../errors.js';
import type { StoredAnswer } from '../../feedback/answers.js';
import { noteToDocument, parseServerNoteId } from '../../notes/document.js';
import { answerReply } from '../ask-reply.js';
import type { BotContext } from '../context.js';
import { answerCounted, requireWithinLimits } from '../limits.js';
import { gapButton } from '../notes/gaps.js';
import { importButton } from '../notes/import.js';
import { listButton } from '../notes/list.js';
import { restoreButton } from '../notes/restore.js';
import { renderParagraph } from '../render/paragraph.js';
import { deferIfSlow, send, update } from '../respond.js';
import { requireEnabled, visibleDocuments } from '../settings.js';
import type { ComponentId } from './ids.js';

type Handler<K extends ComponentId['kind']> = (
  interaction: ButtonInteraction,
  payload: Extract<ComponentId, { kind: K }>,
  context: BotContext,
) => Promise<void>;

/** The answer a button refers to, if whoever pressed it could have seen it (see `canSee`). */
function answerFor(interaction: ButtonInteraction, context: BotContext, answerId: number): StoredAnswer {
  return context.answers.getFor(answerId, { guildId: interaction.guildId, userId: interaction.user.id });
}

const GONE = 'That paragraph is no longer in the library (the corpus has changed since): ask again or see `/sources`.';

function findDocument(context: BotContext, documentId: string, paragraph: number): CorpusDocument {
  // A document left out of this server since the button was drawn is gone from its library, as if the corpus changed.
  const document = visibleDocuments(context).find((d) => d.id === documentId);
  if (!document || paragraph > document.paragraphs.length) throw new UserError(GONE);
  return document;
}

/**
 * A server's note as it is now, looked up in the server the button is pressed in: another server's note, a removed
 * one or a paragraph an edit took away is gone from this server's library, like a shipped document that was.
 */
async function findServerNote(
  interaction: ButtonInteraction,
  context: BotContext,
  noteId: number,
  paragraph: number,
): Promise<CorpusDocument> {
  const note = interaction.guildId === null ? undefined : await context.notes.storage.notes.get(interaction.guildId, noteId);
  const document = note && !note.removed ? noteToDocument(note) : undefined;
  if (!document || paragraph > document.paragraphs.length) throw new UserError(GONE);
  return document;
}

/** What each button does, by payload kind: one table, so a new button is one entry here and one in ids.ts. */
export const componentHandlers: { [K in ComponentId['kind']]: Handler<K> } = {
  /**
   * "More results": the next page, in the same message. Not counted by the rate limits: it adds nothing to the
   * channel, and the question it pages through was counted when it was asked.
   */
  async more(interaction, { answerId, offset }, context) {
    const stored = answerFor(interaction, context, answerId);
    const isPrivate = interaction.message.flags.has('Ephemeral');
    const done = deferIfSlow(interaction, context.log, { ephemeral: isPrivate, update: true });
    try {
      const reply = await answerReply(context, {
        question: stored.question,
        guildId: stored.guildId,
        userId: stored.userId,
        isPrivate,
        offset,
        answerId,
      });
      await update(interaction, reply);
    } finally {
      done();
    }
  },

  /**
   * "Post to channel": a public copy of a private answer, with who asked. It counts toward the server's answers per
   * minute (it adds an answer to the channel, which the ceiling keeps in check), not toward the member's cooldown.
   */
  async post(interaction, { answerId, offset }, context) {
    requireEnabled(context, 'post');
    const stored = answerFor(interaction, context, answerId);
    if (stored.userId !== interaction.user.id) throw new UserError('Only the person who asked can post this answer.');
    const counted = await requireWithinLimits(interaction, context, 'post');
    const done = deferIfSlow(interaction, context.log, { ephemeral: false });
    try {
      const reply = await answerCounted(context, counted, () =>
        answerReply(context, {
          question: stored.question,
          guildId: stored.guildId,
          userId: stored.userId,
          isPrivate: false,
          offset,
          answerId,
          posted: true,
          askedBy: interaction.user.displayName,
        }),
      );
      await send(interaction, { ...reply, ephemeral: false });
    } finally {
      done();
    }
  },

  /** "Helpful" / "Not helpful": once per member and answer (the feedback table's key). */
  async rate(interaction, { answerId, helpful }, context) {
    answerFor(interaction, context, answerId);
    const outcome = context.answers.rateAnswer(answerId, interaction.user.id, helpful);
    context.log.info({ answerId, helpful, outcome }, 'rated');
    await send(interaction, {
      ephemeral: true,
      content:
        outcome === 'recorded' ? 'Thanks: your rating was recorded.' : 'You have already rated this answer; only your first rating counts.',
    });
  },

  /** "Full paragraph": the whole passage, just for the one who asked for it. */
  async full(interaction, { documentId, paragraph }, context) {
    const noteId = parseServerNoteId(documentId);
    const document =
      noteId === undefined ? findDocument(context, documentId, paragraph) : await findServerNote(interaction, context, noteId, paragraph);
    await send(interaction, { ...renderParagraph(document, paragraph, false), ephemeral: true });
  },

  /** "Previous" / "Next" under a quote: walk the document in place. */
  async quote(interaction, { documentId, paragraph }, context) {
    requireEnabled(context, 'quote');
    const document = findDocument(context, documentId, paragraph);
    await update(interaction, renderParagraph(document, paragraph, true));
  },

  /** Previous / Next under `/note list`. */
  notes: listButton,
  /** Confirm / Cancel under a checked `/note import`. */
  import: importButton,
  /** "Write a note" under `/note gaps`. */
  gap: gapButton,
  /** "Restore" under a note's removal. */
  restore: restoreButton,
};
