import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectOutcomes } from '../../eval/evaluate.js';
import { computeMetrics, type Metrics } from '../../eval/metrics.js';
import { loadQuestions } from '../../eval/questions.js';
import { loadCorpus } from '../../src/corpus/load.js';
import { buildLibrary } from '../../src/search/library.js';

// The same evaluation as `npm run eval`, on the held-out test half only: a change to analysis or ranking that loses
// answers fails here rather than in the study group's channel. The floors are what the search reached on the test
// half, less a margin of a few questions, so one question flipping by chance does not fail CI but a real loss does.
// Tune on the dev half; raise these only after a change measured there, from the test half's new figures.
const root = (relative: string) => fileURLToPath(new URL(`../../${relative}`, import.meta.url));

/**
 * Test-half counts reached (answerable 120, argument 43, unanswerable 22): recall@1 71.7%, recall@3 84.2%, MRR@3 0.771.
 * Re-based when 26 argument and 11 unanswerable questions were added (18 of them to this half), at what the search
 * reached on the enlarged half before the changes measured with them: those changes left the test half level
 * (one more question refused), so the floors were not raised.
 */
const REACHED = {
  answerable: 120,
  argument: 43,
  unanswerable: 22,
  at1: 86,
  at3: 101,
  mrr: 0.771,
  argumentAt1: 19,
  argumentAt3: 26,
  refused: 13,
  wronglyRefused: 4,
};
/** Questions the figures may lose before the test fails. */
const MARGIN = { answerable: 3, argument: 2, unanswerable: 2 };

describe('retrieval quality on the test half of eval/questions.jsonl', () => {
  let metrics: Metrics;

  beforeAll(async () => {
    const corpus = await loadCorpus(root('corpus'));
    const questions = (await loadQuestions(root('eval/questions.jsonl'))).filter((q) => q.split === 'test');
    metrics = computeMetrics(projectOutcomes(buildLibrary(corpus), questions));
  });

  it('holds the questions the floors were set on', () => {
    expect({ answerable: metrics.answerable, argument: metrics.primaryQuestions, unanswerable: metrics.unanswerable }).toEqual({
      answerable: REACHED.answerable,
      argument: REACHED.argument,
      unanswerable: REACHED.unanswerable,
    });
  });

  it(`answers with an expected passage first for all but ${MARGIN.answerable} of the ${REACHED.at1} questions it did`, () => {
    expect(metrics.recallAt1).toBeGreaterThanOrEqual((REACHED.at1 - MARGIN.answerable) / REACHED.answerable);
  });

  it(`finds an expected passage in the top 3 for all but ${MARGIN.answerable} of the ${REACHED.at3} questions it did`, () => {
    expect(metrics.recallAt3).toBeGreaterThanOrEqual((REACHED.at3 - MARGIN.answerable) / REACHED.answerable);
    expect(metrics.mrrAt3).toBeGreaterThanOrEqual(REACHED.mrr - MARGIN.answerable / REACHED.answerable);
  });

  it(`puts the op-ed's own paragraph first for all but ${MARGIN.argument} of the ${REACHED.argumentAt1} argument questions it did`, () => {
    expect(metrics.primaryAt1).toBeGreaterThanOrEqual((REACHED.argumentAt1 - MARGIN.argument) / REACHED.argument);
    expect(metrics.primaryAt3).toBeGreaterThanOrEqual((REACHED.argumentAt3 - MARGIN.argument) / REACHED.argument);
  });

  it(
    `refuses all but ${MARGIN.unanswerable} of the ${REACHED.refused} unanswerable questions it ` +
      `did, and wrongly refuses at most ${MARGIN.answerable} more`,
    () => {
      expect(metrics.unanswerableRefused).toBeGreaterThanOrEqual((REACHED.refused - MARGIN.unanswerable) / REACHED.unanswerable);
      expect(metrics.wronglyRefused).toBeLessThanOrEqual(REACHED.wronglyRefused + MARGIN.answerable);
    },
  );
});
