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

  // Floors at what the search reaches today (recall@3 95.3%, 123 of 129): they stop it from sliding back while
  // the gaps are worked on. Raise them as the search improves, never lower them.
  const RECALL3_FLOOR = TARGETS.recallAt3;
  it(`finds an expected passage in the top 3 for at least ${RECALL3_FLOOR * 100}% of answerable questions (target ${TARGETS.recallAt3 * 100}%)`, () => {
    expect(metrics.answerable).toBeGreaterThan(0);
    expect(metrics.recallAt3).toBeGreaterThanOrEqual(RECALL3_FLOOR);
  });

  it(`refuses at most ${TARGETS.wronglyRefusedShare * 100}% of answerable questions`, () => {
    expect(metrics.wronglyRefusedShare).toBeLessThanOrEqual(TARGETS.wronglyRefusedShare);
  });

  // Today 72.7% (16 of 22) against a target of 80%.
  const REFUSED_FLOOR = 0.7;
  it(`refuses at least ${REFUSED_FLOOR * 100}% of questions the corpus does not answer (target ${TARGETS.unanswerableRefused * 100}%)`, () => {
    expect(metrics.unanswerable).toBeGreaterThan(0);
    expect(metrics.unanswerableRefused).toBeGreaterThanOrEqual(REFUSED_FLOOR);
  });
});
