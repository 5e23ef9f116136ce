// `npm run eval:tune`: the dev half only, for choosing a ranking or confidence constant without overfitting. Prints
// the dev figures for each value tried, and the figures on held-out folds: the dev half is cut into 5 folds (by a
// hash of the question id); for each fold the value scoring best on the other four is chosen and scored on it.
// `--unseen` also runs every question on the corpus with what the notes say they comment on removed (no `about:`,
// no resolved "paragraph 4" links), as notes written by someone else may be: a mechanism must hold up there too.
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { CONFIDENCE } from '../src/answer/answer.js';
import { loadCorpus } from '../src/corpus/load.js';
import type { Corpus } from '../src/corpus/types.js';
import { buildLibrary, IMPLICIT, PRIORS } from '../src/search/library.js';
import { RANKING } from '../src/search/search.js';
import { projectOutcomes } from './evaluate.js';
import { computeMetrics, type EvalQuestion, type Metrics, type Outcome } from './metrics.js';
import { loadQuestions } from './questions.js';
import { withoutReferences } from './unseen.js';

const USAGE = `usage: npm run eval:tune -- [--param NAME --values A,B,C] [--unseen] [--folds N]
  --param NAME   a key of RANKING (search.ts) or CONFIDENCE.answer / CONFIDENCE.related (answer.ts)
  --values LIST  comma-separated values to try (the current value is always tried too)
  --set NAME=V   set a parameter before anything is run (repeatable)
  --unseen       also score on the corpus with the notes' references to the article removed
Without --param, prints the dev figures of the current settings.`;

const FOLDS_DEFAULT = 5;

function foldOf(id: string, folds: number): number {
  return createHash('sha256').update(id).digest().readUInt32BE(0) % folds;
}

/** One number summing the targets: recall and MRR, refusals, the article's paragraph first, wrong refusals penalised. */
export function objective(m: Metrics): number {
  const refused = Number.isNaN(m.unanswerableRefused) ? 0 : m.unanswerableRefused;
  const primary = Number.isNaN(m.primaryAt1) ? 0 : m.primaryAt1;
  return m.recallAt1 + m.mrrAt3 + m.recallAt3 + 0.5 * refused + 0.5 * primary - 3 * m.wronglyRefusedShare;
}

/** The tunable tables, by prefix: `CONFIDENCE.answer`, `IMPLICIT.minShared`, or a bare key of RANKING. */
function tableOf(name: string): [Record<string, unknown>, string] {
  const [prefix, key] = name.includes('.') ? name.split('.', 2) : ['RANKING', name];
  const tables: Record<string, object> = { RANKING, CONFIDENCE, IMPLICIT, PRIORS };
  const table = tables[prefix!];
  if (!table) throw new Error(`no table ${prefix}`);
  return [table as Record<string, unknown>, key!];
}

function setParam(name: string, value: number): number {
  const [table, key] = tableOf(name);
  const old = table[key];
  if (typeof old !== 'number') throw new Error(`no numeric parameter ${name}`);
  table[key] = value;
  return old;
}

function getParam(name: string): number {
  const [table, key] = tableOf(name);
  return table[key] as number;
}

function row(label: string, m: Metrics): string {
  const p = (v: number) => (Number.isNaN(v) ? '  n/a' : `${(v * 100).toFixed(1).padStart(5)}`);
  return `${label.padEnd(14)} r@1 ${p(m.recallAt1)}  r@3 ${p(m.recallAt3)}  mrr ${m.mrrAt3.toFixed(3)}  refused ${p(m.unanswerableRefused)}  wrong ${m.wronglyRefused}  arg@1 ${p(m.primaryAt1)}  arg@3 ${p(m.primaryAt3)}  obj ${objective(m).toFixed(3)}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      param: { type: 'string' },
      values: { type: 'string' },
      unseen: { type: 'boolean', default: false },
      folds: { type: 'string', default: String(FOLDS_DEFAULT) },
      set: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return console.log(USAGE);
  const folds = Number(values.folds);
  for (const assignment of values.set) {
    const [key, value] = assignment.split('=');
    setParam(key!, Number(value));
  }
  const corpus = await loadCorpus('corpus');
  const questions = (await loadQuestions('eval/questions.jsonl')).filter((q) => q.split === 'dev');
  const corpora: Array<[string, Corpus]> = [['dev', corpus]];
  if (values.unseen) corpora.push(['dev unseen', withoutReferences(corpus)]);

  const run = (c: Corpus): Outcome[] => projectOutcomes(buildLibrary(c), questions);
  if (!values.param) {
    for (const [label, c] of corpora) console.log(row(label, computeMetrics(run(c))));
    return;
  }
  const name = values.param;
  const current = getParam(name);
  const tried = [...new Set([current, ...(values.values ?? '').split(',').filter(Boolean).map(Number)])].sort((a, b) => a - b);
  for (const [label, c] of corpora) {
    const byValue = new Map<number, Outcome[]>();
    for (const value of tried) {
      const old = setParam(name, value);
      byValue.set(value, run(c));
      setParam(name, old);
    }
    console.log(`## ${label}: ${name} (current ${current})`);
    for (const [value, outcomes] of byValue) console.log(row(String(value), computeMetrics(outcomes)));
    // Held out: choose on four folds, score the fifth with the chosen value; pool the held-out outcomes.
    const pooled: Outcome[] = [];
    const chosen: number[] = [];
    for (let f = 0; f < folds; f++) {
      const inFold = (q: EvalQuestion) => foldOf(q.id, folds) === f;
      let best = current;
      let bestScore = -Infinity;
      for (const [value, outcomes] of byValue) {
        const score = objective(computeMetrics(outcomes.filter((o) => !inFold(o.question))));
        if (score > bestScore + 1e-9) [best, bestScore] = [value, score];
      }
      chosen.push(best);
      pooled.push(...byValue.get(best)!.filter((o) => inFold(o.question)));
    }
    console.log(row('held-out', computeMetrics(pooled)), ` chosen per fold: ${chosen.join(', ')}`);
    console.log(row('current', computeMetrics(byValue.get(current)!)));
  }
}

await main();
