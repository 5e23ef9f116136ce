import { z } from 'zod';
import { UserError } from '../errors.js';
import type { StoredAnswer } from '../feedback/answers.js';
import { StorageError } from '../storage/errors.js';
import { logQuestion } from '../stats/log.js';
import type { BotContext } from './context.js';
import { renderAnswer } from './render/answer.js';
import type { Reply } from './respond.js';
import { isEnabled } from './settings.js';

/** Longest question accepted: Discord enforces it in the client too (`max_length`), the handler checks again. */
export const QUESTION_MAX = 300;

export const questionSchema = z
  // Discord sends a string or nothing; anything else is a stale or foreign client and deserves its own message.
  .string({ error: (issue) => (issue.input === undefined ? 'is required: type a question' : 'must be text') })
  .trim()
  .min(2, 'is too short: type a question of a few words')
  .max(QUESTION_MAX, {
    error: (issue) => `is too long (${String((issue.input as string).length)} characters): keep it under ${QUESTION_MAX}`,
  });

export interface AskRequest {
  question: string;
  guildId: string | null;
  userId: string;
  isPrivate: boolean;
  offset?: number;
  /** Reuse a stored answer (buttons) instead of recording a new one. */
  answerId?: number;
  posted?: boolean;
  askedBy?: string;
}

/**
 * Answers a question and renders the reply: the one path shared by /ask, the context menu and the buttons. The
 * server's settings decide the page size and which documents may answer.
 */
export async function answerReply(context: BotContext, request: AskRequest): Promise<Reply> {
  const offset = request.offset ?? 0;
  const { passagesPerAnswer, excludedDocuments } = context.serverSettings.values;
  const answer = await context.search.answer(request.question, {
    guildId: request.guildId,
    limit: passagesPerAnswer,
    offset,
    exclude: excludedDocuments,
  });
  if (!answer.answered && answer.reason === 'empty-question') {
    throw new UserError(
      'That question has no words to search for, only common words or punctuation. Ask with a few ' +
        'meaningful words, for example "Why aren\'t US diplomats talking to Iran?"',
    );
  }
  const answerId =
    request.answerId ??
    saveAnswer(context, {
      guildId: request.guildId,
      userId: request.userId,
      question: answer.query,
      corpusVersion: answer.corpusVersion,
      answered: answer.answered,
      isPrivate: request.isPrivate,
    });
  // A new question asked in a server joins the question log; button pages are the same question again, and DMs
  // belong to no server's figures.
  if (request.answerId === undefined && request.guildId !== null) {
    await logQuestion(
      context.questionLog,
      {
        guildId: request.guildId,
        userId: request.userId,
        question: answer.query,
        answered: answer.answered,
        refusal: answer.answered ? null : answer.reason,
        isPrivate: request.isPrivate,
        answerId,
      },
      context.log,
    );
  }
  context.log.info(
    answer.answered
      ? { answerId, answered: true, passages: answer.passages.length, total: answer.total, offset }
      : { answerId, answered: false, reason: answer.reason },
    'answered',
  );
  const view = {
    answer,
    answerId,
    offset,
    isPrivate: request.isPrivate,
    canPost: isEnabled(context, 'post'),
    ...(request.posted ? { posted: true } : {}),
    ...(request.askedBy ? { askedBy: request.askedBy } : {}),
  };
  return { ...renderAnswer(view), ephemeral: request.isPrivate };
}

/**
 * Records an answer for its buttons. When the database cannot take it (locked, read-only, full disk) the answer is
 * still worth giving: it goes out without the buttons that need a stored answer, and the fault is logged.
 */
function saveAnswer(context: BotContext, answer: Omit<StoredAnswer, 'id' | 'createdAt'>): number | null {
  try {
    return context.answers.save(answer);
  } catch (error) {
    if (!(error instanceof StorageError)) throw error;
    context.log.warn({ err: error }, 'answer not stored: sent without its buttons');
    return null;
  }
}
