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

describe('retrieval quality on eval/questions.jsonl', () => {
  let metrics: Metrics;

  beforeAll(async () => {
    const corpus = await loadCorpus(root('corpus'));
    const questions = await loadQuestions(root('eval/questions.jsonl'));
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
