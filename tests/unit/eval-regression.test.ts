import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectOutcomes } from '../../eval/evaluate.js';
import { computeMetrics, type Metrics, TARGETS } from '../../eval/metrics.js';
import { loadQuestions } from '../../eval/questions.js';
import { loadCorpus } from '../../src/corpus/load.js';
import { buildLibrary } from '../../src/search/library.js';

// The same evaluation as `npm run eval`, for the project only: a change to analysis or ranking that loses
// answers fails here rather than in the study group's channel.
const root = (relative: string) => fileURLToPath(new URL(`../../${relative}`, import.meta.url));

// The targets were set on the first 151 questions (ids a01-a54, n01-n75, u01-u22), the ones the search was tuned
// on. Questions added later (g, m and v ids) are reported per half by `npm run eval`; thresholds for the held-out
// test half are a separate decision, so they are not asserted here.
const TUNED_ON = /^[anu]\d{2}$/;
const TUNED_COUNT = 151;

describe('retrieval quality on the questions of eval/questions.jsonl the targets were set on', () => {
  let metrics: Metrics;

  beforeAll(async () => {
    const corpus = await loadCorpus(root('corpus'));
    const questions = (await loadQuestions(root('eval/questions.jsonl'))).filter((q) => TUNED_ON.test(q.id));
    expect(questions).toHaveLength(TUNED_COUNT);
    metrics = computeMetrics(projectOutcomes(buildLibrary(corpus), questions));
  });

  it(`finds an expected passage in the top 3 for at least ${TARGETS.recallAt3 * 100}% of answerable questions`, () => {
    expect(metrics.answerable).toBeGreaterThan(0);
    expect(metrics.recallAt3).toBeGreaterThanOrEqual(TARGETS.recallAt3);
  });

  it(`refuses at most ${TARGETS.wronglyRefusedShare * 100}% of answerable questions`, () => {
    expect(metrics.wronglyRefusedShare).toBeLessThanOrEqual(TARGETS.wronglyRefusedShare);
  });

  it(`refuses at least ${TARGETS.unanswerableRefused * 100}% of questions the corpus does not answer`, () => {
    expect(metrics.unanswerable).toBeGreaterThan(0);
    expect(metrics.unanswerableRefused).toBeGreaterThanOrEqual(TARGETS.unanswerableRefused);
  });
});
