import type { Answer, Answered, NotAnswered } from '../../../src/answer/types.js';

/** The answer, narrowed to answered; fails the test, naming the reason, when the library refused. */
export function expectAnswered(answer: Answer): Answered {
  if (!answer.answered) throw new Error(`expected "${answer.query}" to be answered, but it was refused (${answer.reason})`);
  return answer;
}

/** The answer, narrowed to refused; fails the test, naming the first passage, when the library answered. */
export function expectRefused(answer: Answer): NotAnswered {
  if (answer.answered)
    throw new Error(`expected "${answer.query}" to be refused, but it was answered with ${answer.passages[0]?.documentId ?? 'nothing'}`);
  return answer;
}
