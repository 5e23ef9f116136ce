import { describe, expect, it } from 'vitest';
import { computeMetrics, type EvalQuestion, type Outcome, primaryRank } from '../../../eval/metrics.js';

const ARTICLE = 'articles/op-ed';

function argument(id: string, ranked: string[], refused = false): Outcome {
  const question: EvalQuestion = {
    id,
    question: `question ${id}`,
    expect: [
      { doc: ARTICLE, paragraph: 7 },
      { doc: 'notes/leader', paragraph: 4 },
    ],
    category: 'argument',
    split: 'dev',
    primary: { doc: ARTICLE, paragraph: 7 },
  };
  return { question, ranked, refused };
}

describe('primary passage metrics', () => {
  it('counts the article paragraph, not any expected passage', () => {
    const outcomes = [
      argument('g1', [`${ARTICLE}#7`, 'notes/leader#4']),
      argument('g2', ['notes/leader#4', `${ARTICLE}#7`]),
      argument('g3', ['notes/leader#4', 'notes/other#1', 'notes/other#2', `${ARTICLE}#7`]),
      argument('g4', [], true),
    ];
    expect(outcomes.map((o) => primaryRank(o, 3))).toEqual([1, 2, undefined, undefined]);
    const m = computeMetrics(outcomes);
    expect(m.primaryQuestions).toBe(4);
    expect(m.primaryAt1).toBe(1 / 4);
    expect(m.primaryAt3).toBe(2 / 4);
    // Recall still accepts the note: three of four have an expected passage first.
    expect(m.recallAt1).toBe(3 / 4);
  });

  it('is n/a when no question names a primary passage', () => {
    const question: EvalQuestion = { id: 'n1', question: 'q', expect: [{ doc: 'notes/a', paragraph: 1 }], category: 'note', split: 'test' };
    const m = computeMetrics([{ question, ranked: ['notes/a#1'], refused: false }]);
    expect(m.primaryQuestions).toBe(0);
    expect(m.primaryAt1).toBeNaN();
    expect(m.primaryAt3).toBeNaN();
  });
});
