// Search section: build time, memory, persisted size, load time and query latency of the project's search
// against plain peer libraries, on generated corpora of increasing size. Each system and size is measured in
// its own child process (see search/job.ts).
import { fork } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchSystemNames, type Job, K, PROJECT, type Row, WARMUP, WARMUP_BUDGET_MS } from '../search/job.js';
import type { BenchOptions, BenchSection } from '../section.js';

const CHILD = fileURLToPath(new URL('../search/child.ts', import.meta.url));
/**
 * Systems whose queries scan most of a large index would take many minutes for 1,000 queries at 100,000
 * passages, so timing stops after a budget and the table says how many queries were timed. Up to 10,000
 * passages the project times every query and peers get enough time for MiniSearch to finish (the comparison
 * with it is a target); above, the project gets more time than peers, since its targets are judged on it.
 */
function queryBudgetMs(size: number, isProject: boolean): number | null {
  if (size <= 10_000) return isProject ? null : 40_000;
  return isProject ? 120_000 : 15_000;
}
/** Lunr and Orama at 100,000 passages outgrow Node's default heap limit; half the machine's memory is plenty. */
const CHILD_HEAP_MB = Math.min(16_384, Math.floor(os.totalmem() / 1024 / 1024 / 2));

type Outcome = { ok: true; row: Row } | { ok: false; name: string; error: string };

function runChild(job: Job, name: string): Promise<Outcome> {
  return new Promise((resolve) => {
    let row: Row | undefined;
    const child = fork(CHILD, [JSON.stringify(job)], {
      // Inherits --expose-gc and --import tsx from `npm run bench`.
      execArgv: [...process.execArgv, `--max-old-space-size=${CHILD_HEAP_MB}`],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (message) => {
      row = message as Row;
    });
    child.on('exit', (code, signal) => {
      if (row) resolve({ ok: true, row });
      else resolve({ ok: false, name, error: `child exited with ${signal ?? `code ${code}`}` });
    });
  });
}

const ms = (v: number) => (v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1));
const lat = (v: number | null) => (v === null || Number.isNaN(v) ? 'n/a' : v.toFixed(3));
const thousands = (n: number) => n.toLocaleString('en-US');

function sizeTable(outcomes: readonly Outcome[], asked: number): string {
  const lines = [
    '| system | build ms | heap MB | serialised MB | load ms | queries timed | p50 ms | p99 ms ' +
      '| p99 typo queries ms | source in top 3 | wall s |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const outcome of outcomes) {
    if (!outcome.ok) {
      lines.push(`| ${outcome.name} | failed: ${outcome.error} | | | | | | | | | |`);
      continue;
    }
    const r = outcome.row;
    const load = `${ms(r.loadMs)}${r.loadAgrees ? '' : ' (ranks differ!)'}`;
    const timedCell = r.timed < asked ? `${thousands(r.timed)} (budget)` : thousands(r.timed);
    lines.push(
      `| ${r.name} | ${ms(r.buildMs)} | ${r.heapMB.toFixed(1)} | ${r.serialisedMB.toFixed(1)} | ${load} ` +
        `| ${timedCell} | ${lat(r.p50)} | ${lat(r.p99)} | ${lat(r.p99Typo)} | ${(r.foundAt3 * 100).toFixed(1)}% ` +
        `| ${r.wallS.toFixed(1)} |`,
    );
  }
  return lines.join('\n');
}

interface Target {
  label: string;
  goal: string;
  actual: string;
  met: boolean | undefined;
}

function targets(results: ReadonlyMap<number, Outcome[]>): Target[] {
  const at = (size: number, name: string): Row | undefined => {
    const outcome = results.get(size)?.find((o) => (o.ok ? o.row.name : o.name) === name);
    return outcome?.ok ? outcome.row : undefined;
  };
  const project10k = at(10_000, PROJECT);
  const mini10k = at(10_000, 'MiniSearch (defaults)');
  const project100k = at(100_000, PROJECT);
  const check = (
    row: Row | undefined,
    label: string,
    goal: string,
    value: (r: Row) => number,
    show: (v: number) => string,
    ok: (v: number) => boolean,
  ): Target => {
    if (!row) return { label, goal, actual: 'not measured', met: undefined };
    const v = value(row);
    return { label, goal, actual: show(v), met: ok(v) };
  };
  const ratioLabel = '10,000 passages: project p99 / MiniSearch (defaults) p99';
  const ratio: Target =
    project10k && mini10k
      ? {
          label: ratioLabel,
          goal: '<= 3x',
          actual: `${(project10k.p99 / mini10k.p99).toFixed(2)}x (${lat(project10k.p99)} / ${lat(mini10k.p99)} ms)`,
          met: project10k.p99 <= 3 * mini10k.p99,
        }
      : { label: ratioLabel, goal: '<= 3x', actual: 'not measured', met: undefined };
  const seconds = (v: number) => `${(v / 1000).toFixed(2)} s`;
  return [
    check(
      project10k,
      '10,000 passages: project p99',
      '<= 2 ms',
      (r) => r.p99,
      (v) => `${lat(v)} ms`,
      (v) => v <= 2,
    ),
    ratio,
    check(
      project10k,
      '10,000 passages: project build',
      '<= 2 s',
      (r) => r.buildMs,
      seconds,
      (v) => v <= 2000,
    ),
    check(
      project100k,
      '100,000 passages: start from the persisted index (loadLibrary)',
      '< 10 s',
      (r) => r.loadMs,
      seconds,
      (v) => v < 10_000,
    ),
    check(
      project100k,
      '100,000 passages: cold start (buildLibrary)',
      '< 10 s',
      (r) => r.buildMs,
      seconds,
      (v) => v < 10_000,
    ),
    check(
      project100k,
      '100,000 passages: project p99',
      '<= 20 ms',
      (r) => r.p99,
      (v) => `${lat(v)} ms`,
      (v) => v <= 20,
    ),
  ];
}

export const searchSection: BenchSection = {
  title: 'Search',
  async run(options: BenchOptions, log) {
    const names = benchSystemNames();
    const results = new Map<number, Outcome[]>();
    const tables: string[] = [];
    let sourceNote = '';
    for (const size of options.sizes) {
      log(`  ${thousands(size)} passages`);
      const outcomes: Outcome[] = [];
      for (const [system, name] of names.entries()) {
        const job: Job = {
          size,
          system,
          queries: options.queries,
          // Null (no budget) rather than Infinity: the job reaches the child as JSON.
          queryBudgetMs: queryBudgetMs(size, name === PROJECT),
          seed: options.seed,
          corpusDir: options.corpusDir,
        };
        const outcome = await runChild(job, name);
        log(
          outcome.ok
            ? `    ${name}: build ${ms(outcome.row.buildMs)} ms, p50 ${lat(outcome.row.p50)} ms, p99 ${lat(outcome.row.p99)} ` +
                `ms, ${outcome.row.wallS.toFixed(1)} s in all`
            : `    ${name}: ${outcome.error}`,
        );
        outcomes.push(outcome);
      }
      results.set(size, outcomes);
      const first = outcomes.find((o): o is Extract<Outcome, { ok: true }> => o.ok)?.row;
      if (first) sourceNote = first.sourceNote;
      tables.push('', `### ${thousands(size)} passages`, '');
      if (first) {
        tables.push(
          `${thousands(first.documents)} notes; vocabulary of ${thousands(first.vocabulary)} words offered; ` +
            `generated in ${(first.generateMs / 1000).toFixed(1)} s.`,
          '',
        );
      }
      tables.push(sizeTable(outcomes, options.queries));
      const project = outcomes[0];
      if (size >= 100_000 && project?.ok) {
        const r = project.row;
        tables.push(
          '',
          `Start (this project): buildLibrary ${(r.buildMs / 1000).toFixed(2)} s without a persisted ` +
            `index; loadLibrary ${(r.loadMs / 1000).toFixed(2)} s from one (${r.serialisedMB.toFixed(1)} ` +
            `MB).`,
        );
      }
    }

    const out = [
      '## Search',
      '',
      `Generated corpora (seed ${options.seed}): notes of 5-20 paragraphs of 40-160 words, Zipf-distributed words from a vocabulary`,
      `seeded with the real corpus (${sourceNote}) and grown with pseudo-words per Heaps' law.`,
      `Questions: 3-7 words from one stretch of a passage, some dropped, shuffled, 10% with a one-letter typo;`,
      `${WARMUP} warm-up queries (at most ${WARMUP_BUDGET_MS / 1000} s), then ${thousands(options.queries)} ` +
        `timed, top ${K} each. Timing budget: none for the project`,
      'and 40 s per peer up to 10,000 passages; above, 120 s for the project and 15 s per peer ("budget" in the queries column).',
      `"${PROJECT}" is answerQuestion (analysis, ranking, confidence and excerpts: what the bot does per question);`,
      'peers are searched through the eval/peers adapters with the same title/tags/text records. Every system and size runs',
      'in a fresh child process. Heap is the settled heap growth while the built index is held; load is from the serialised',
      'form into a fresh instance; "source in top 3" is how often the passage a question was drawn from came back.',
      ...tables,
      '',
      '### Targets',
      '',
      '| target | goal | actual | met? |',
      '| --- | --- | --- | --- |',
      ...targets(results).map(
        (t) => `| ${t.label} | ${t.goal} | ${t.actual} | ${t.met === undefined ? 'not measured' : t.met ? 'met' : 'NOT MET'} |`,
      ),
    ];
    return out.join('\n');
  },
};
