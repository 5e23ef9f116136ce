import { describe, expect, it } from 'vitest';
import type { EvalQuestion, Outcome, Split } from '../../../eval/metrics.js';
import { buildReport, renderMarkdown, type SystemRun } from '../../../eval/report.js';

function outcome(id: string, split: Split, ranked: string[], extra: Partial<EvalQuestion> = {}): Outcome {
  const question: EvalQuestion = {
    id,
    question: `question ${id}`,
    expect: [{ doc: 'notes/a', paragraph: 1 }],
    category: 'note',
    split,
    ...extra,
  };
  return { question, ranked, refused: ranked.length === 0 };
}

const PROJECT: SystemRun = {
  name: 'this project',
  outcomes: [
    outcome('d1', 'dev', ['notes/a#1']),
    outcome('d2', 'dev', ['notes/b#1']),
    outcome('t1', 'test', ['notes/b#1']),
    outcome('t2', 'test', ['notes/b#1']),
    outcome('g1', 'dev', ['notes/a#1', 'articles/x#2'], {
      category: 'argument',
      expect: [
        { doc: 'articles/x', paragraph: 2 },
        { doc: 'notes/a', paragraph: 1 },
      ],
      primary: { doc: 'articles/x', paragraph: 2 },
    }),
  ],
};
const PEER: SystemRun = { name: 'peer', outcomes: PROJECT.outcomes.map((o) => ({ ...o, ranked: ['notes/a#1'], refused: false })) };
const CORPUS = { documents: 3, passages: 9, version: 'v' };

describe('buildReport', () => {
  it('computes each half from its own questions', () => {
    const report = buildReport(PROJECT, [PEER], [], CORPUS, 'q.jsonl', ['dev', 'test', 'all']);
    const [dev, test, all] = report.splits;
    expect(dev!.questions).toEqual({ total: 3, answerable: 3, unanswerable: 0, withPrimary: 1 });
    expect(dev!.systems[0]!.metrics.recallAt1).toBe(2 / 3);
    expect(dev!.systems[0]!.metrics.primaryAt1).toBe(0);
    expect(dev!.systems[0]!.metrics.primaryAt3).toBe(1);
    expect(test!.systems[0]!.metrics.recallAt1).toBe(0);
    expect(test!.systems[1]!.metrics.recallAt1).toBe(1);
    expect(all!.questions.total).toBe(5);
    expect(report.questions.perCategory).toEqual({ note: { dev: 2, test: 2 }, argument: { dev: 1, test: 0 } });
  });

  it('lists the misses of the dev half only, including an argument question answered first by a note', () => {
    const report = buildReport(PROJECT, [PEER], [], CORPUS, 'q.jsonl', ['dev', 'test', 'all']);
    expect(report.misses.map((m) => [m.id, m.kind])).toEqual([
      ['d2', 'not-found'],
      ['g1', 'primary-not-first'],
    ]);
    expect(report.misses[1]!.rank).toBe(2);
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('Test half (for reporting only: do not tune on these figures)');
    expect(markdown).not.toContain('`t1`');
  });

  it('prints the test half alone without any misses', () => {
    const report = buildReport(PROJECT, [PEER], [], CORPUS, 'q.jsonl', ['test']);
    expect(report.splits.map((s) => s.split)).toEqual(['test']);
    expect(report.misses).toEqual([]);
    expect(renderMarkdown(report)).not.toContain("This project's misses");
  });
});
