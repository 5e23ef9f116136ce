import { answerQuestion } from '../src/answer/answer.js';
import type { Library } from '../src/search/library.js';
import type { EvalQuestion, Outcome } from './metrics.js';
import type { ProjectAnalysis } from './analysis.js';
import type { AnalysedRetriever, Retriever } from './peers/retriever.js';
import { passageKey } from './records.js';

/** Passages per answer: what the bot shows on its first page, and the deepest rank the metrics look at. */
export const CUTOFF = 3;

/** Runs every question through the project's answerQuestion, as the bot would ask it. */
export function projectOutcomes(library: Library, questions: readonly EvalQuestion[]): Outcome[] {
  return questions.map((question) => {
    const answer = answerQuestion(question.question, { library, limit: CUTOFF });
    // `closest` passages of a refusal are labelled as near misses to the user, not offered as answers.
    const ranked = answer.answered ? answer.passages.map((p) => passageKey(p.documentId, p.paragraph)) : [];
    if (answer.answered) return { question, ranked, refused: false };
    const closest = answer.closest.map((p) => passageKey(p.documentId, p.paragraph));
    const detail = `refused (${answer.reason ?? 'no reason'})${closest.length > 0 ? `; closest: ${closest.join(', ')}` : ''}`;
    return { question, ranked, refused: true, detail };
  });
}

/** Runs every question through a built peer; a peer "refuses" only by returning nothing. */
export function peerOutcomes(retriever: Retriever, questions: readonly EvalQuestion[]): Outcome[] {
  return questions.map((question) => {
    const ranked = retriever.search(question.question, CUTOFF);
    return { question, ranked, refused: ranked.length === 0 };
  });
}

/** Runs every question through a built peer in its project-analysis form: the project analyses the question. */
export function analysedPeerOutcomes(
  retriever: AnalysedRetriever,
  analysis: ProjectAnalysis,
  questions: readonly EvalQuestion[],
): Outcome[] {
  return questions.map((question) => {
    const terms = analysis.query(question.question);
    const ranked = terms.length === 0 ? [] : retriever.search(terms, CUTOFF);
    return { question, ranked, refused: ranked.length === 0 };
  });
}
