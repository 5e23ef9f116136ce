import { describe, expect, it } from 'vitest';
import { checkTargets, computeMetrics, type EvalQuestion, type Outcome, primaryRank } from '../../../eval/metrics.js';

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

describe('targets', () => {
  it("holds the argument questions to the grounded-answers bar: the article's paragraph first for 90%, in the top 3 for all", () => {
    // Nine of ten first and the tenth second: first is met at exactly 90%, top 3 for all.
    const nineFirst = [
      ...Array.from({ length: 9 }, (_, i) => argument(`g${i}`, [`${ARTICLE}#7`])),
      argument('g9', ['notes/leader#4', `${ARTICLE}#7`]),
    ];
    const met = checkTargets(computeMetrics(nineFirst), []);
    expect(met.filter((t) => t.label.startsWith('argument')).map((t) => [t.label, t.target, t.met])).toEqual([
      ['argument: article paragraph first', '>= 90.0%', true],
      ['argument: article paragraph in top 3', '>= 100.0%', true],
    ]);
    // One question whose paragraph is not in the top 3 misses both.
    const oneMissing = [...nineFirst.slice(0, 8), argument('g8', ['notes/leader#4']), nineFirst[9]!];
    expect(checkTargets(computeMetrics(oneMissing), []).filter((t) => t.label.startsWith('argument') && !t.met)).toHaveLength(2);
  });

  it('checks nothing about argument questions where there are none', () => {
    const question: EvalQuestion = { id: 'n1', question: 'q', expect: [{ doc: 'notes/a', paragraph: 1 }], category: 'note', split: 'test' };
    const labels = checkTargets(computeMetrics([{ question, ranked: ['notes/a#1'], refused: false }]), []).map((t) => t.label);
    expect(labels).toEqual(['recall@3', 'recall@1', 'unanswerable refused', 'answerable wrongly refused']);
  });
});
