import {
  checkTargets,
  computeMetrics,
  expectedKey,
  fixed,
  hitRank,
  isAnswerable,
  type Metrics,
  metricsByCategory,
  type Outcome,
  percent,
  primaryRank,
  type Split,
  type TargetCheck,
} from './metrics.js';

/** One system's run over the questions. */
export interface SystemRun {
  name: string;
  outcomes: Outcome[];
}

/** A half of the questions, or both together. */
export type SplitName = Split | 'all';

/** The figures for one half (or both): every system's metrics, the project's targets and categories. */
export interface SplitReport {
  split: SplitName;
  questions: { total: number; answerable: number; unanswerable: number; withPrimary: number };
  systems: Array<{ name: string; metrics: Metrics }>;
  projectByCategory: Record<string, Metrics>;
  targets: TargetCheck[];
}

/** Everything the CLI prints, as data: the Markdown and `--json` outputs both render this. */
export interface EvalReport {
  corpus: { documents: number; passages: number; version: string };
  questions: { file: string; total: number; perCategory: Record<string, Record<Split, number>> };
  skipped: Array<{ name: string; reason: string }>;
  splits: SplitReport[];
  /** The project's misses on the dev half only: the test half is held out, so its misses are never listed. */
  misses: Miss[];
}

export interface Miss {
  id: string;
  category: string;
  question: string;
  kind: MissKind;
  expected: string[];
  returned: string[];
  rank?: number;
  detail?: string;
}

/**
 * Not in the top 3; in the top 3 but not first; found first, but an argument question's article paragraph is not
 * first; should have been refused but was answered.
 */
export type MissKind = 'not-found' | 'not-first' | 'primary-not-first' | 'answered-unanswerable';

function inSplit(outcome: Outcome, split: SplitName): boolean {
  return split === 'all' || outcome.question.split === split;
}

/** Assembles the report for the requested halves; the first run is the project's, the others are peers. */
export function buildReport(
  project: SystemRun,
  peers: readonly SystemRun[],
  skipped: EvalReport['skipped'],
  corpus: EvalReport['corpus'],
  questionsFile: string,
  splits: readonly SplitName[],
): EvalReport {
  const perCategory: Record<string, Record<Split, number>> = {};
  for (const { question } of project.outcomes) {
    const counts = (perCategory[question.category] ??= { dev: 0, test: 0 });
    counts[question.split] += 1;
  }
  const showMisses = splits.includes('dev') || splits.includes('all');
  return {
    corpus,
    questions: { file: questionsFile, total: project.outcomes.length, perCategory },
    skipped,
    splits: splits.map((split) => splitReport(project, peers, split)),
    misses: showMisses ? project.outcomes.filter((o) => o.question.split === 'dev').flatMap(missOf) : [],
  };
}

function splitReport(project: SystemRun, peers: readonly SystemRun[], split: SplitName): SplitReport {
  const systems = [project, ...peers].map((run) => ({
    name: run.name,
    metrics: computeMetrics(run.outcomes.filter((o) => inSplit(o, split))),
  }));
  const [projectMetrics, ...peerMetrics] = systems;
  const outcomes = project.outcomes.filter((o) => inSplit(o, split));
  const answerable = outcomes.filter((o) => isAnswerable(o.question)).length;
  return {
    split,
    questions: {
      total: outcomes.length,
      answerable,
      unanswerable: outcomes.length - answerable,
      withPrimary: outcomes.filter((o) => o.question.primary !== undefined).length,
    },
    systems,
    projectByCategory: Object.fromEntries(metricsByCategory(outcomes)),
    targets: checkTargets(projectMetrics!.metrics, peerMetrics),
  };
}

function missOf(o: Outcome): Miss[] {
  const kind = missKind(o);
  if (kind === undefined) return [];
  const rank = kind === 'primary-not-first' ? primaryRank(o, 3) : hitRank(o, 3);
  return [
    {
      id: o.question.id,
      category: o.question.category,
      question: o.question.question,
      kind,
      expected: o.question.expect.map(expectedKey),
      returned: o.ranked,
      ...(rank === undefined ? {} : { rank }),
      ...(o.detail === undefined ? {} : { detail: o.detail }),
    },
  ];
}

function missKind(outcome: Outcome): MissKind | undefined {
  if (!isAnswerable(outcome.question)) return outcome.refused ? undefined : 'answered-unanswerable';
  const rank = hitRank(outcome, 3);
  if (rank === undefined) return 'not-found';
  if (rank > 1) return 'not-first';
  return outcome.question.primary !== undefined && primaryRank(outcome, 3) !== 1 ? 'primary-not-first' : undefined;
}

const COLUMNS: Array<[string, (m: Metrics) => string]> = [
  ['recall@1', (m) => percent(m.recallAt1)],
  ['recall@3', (m) => percent(m.recallAt3)],
  ['MRR@3', (m) => fixed(m.mrrAt3)],
  ['unanswerable refused', (m) => percent(m.unanswerableRefused)],
  ['answerable wrongly refused', (m) => `${percent(m.wronglyRefusedShare)} (${m.wronglyRefused})`],
  ['argument: article paragraph first', (m) => percent(m.primaryAt1)],
  ['argument: article paragraph in top 3', (m) => percent(m.primaryAt3)],
];

const MISS_HEADINGS: Record<MissKind, string> = {
  'not-found': 'Expected passage not in the top 3',
  'not-first': 'Found, but not first',
  'primary-not-first': "Argument question: found first, but not the op-ed's own paragraph",
  'answered-unanswerable': 'Unanswerable, but answered',
};

const SPLIT_HEADINGS: Record<SplitName, string> = {
  dev: 'Dev half (for development: study and tune on these)',
  test: 'Test half (for reporting only: do not tune on these figures)',
  all: 'Both halves together (includes the test half: for reporting only)',
};

/** Renders the report as Markdown. */
export function renderMarkdown(report: EvalReport): string {
  const { corpus, questions } = report;
  const counts = Object.values(questions.perCategory).reduce((sum, c) => ({ dev: sum.dev + c.dev, test: sum.test + c.test }), {
    dev: 0,
    test: 0,
  });
  const out: string[] = [
    '# Retrieval evaluation',
    '',
    `Corpus: ${count(corpus.documents, 'document')}, ${count(corpus.passages, 'passage')} (version ${corpus.version}). ` +
      `Questions: ${questions.total} from ${questions.file}: ${counts.dev} in the dev half, ${counts.test} in the test half (eval/split.ts).`,
    '**The dev half is for development. The test half is for reporting only: do not tune on it; its misses are never listed.**',
    'Peers "refuse" only by returning nothing; the project refuses when the corpus does not cover the question. ' +
      '"(defaults)": the library with its own analysis; "(project analysis)": the library indexing and searching the ' +
      "project's terms (stemming, stop words, aliases; see eval/README.md).",
    'Argument questions ask what the op-ed says; "article paragraph first / in top 3" counts those whose named op-ed ' +
      'paragraph is ranked first / in the top 3.',
    '',
    '## Questions per category',
    '',
    table(
      ['category', 'dev', 'test', 'total'],
      [
        ...Object.entries(questions.perCategory).map(([category, c]) => [category, String(c.dev), String(c.test), String(c.dev + c.test)]),
        ['all', String(counts.dev), String(counts.test), String(counts.dev + counts.test)],
      ],
    ),
  ];
  for (const { name, reason } of report.skipped) out.push('', `Skipped ${name}: ${reason}`);

  for (const split of report.splits) {
    const q = split.questions;
    out.push(
      '',
      `## ${SPLIT_HEADINGS[split.split]}`,
      '',
      `${q.total} questions: ${q.answerable} answerable (${q.withPrimary} argument questions), ${q.unanswerable} unanswerable.`,
      '',
    );
    out.push(
      table(
        ['system', ...COLUMNS.map(([label]) => label)],
        split.systems.map((s) => [s.name, ...COLUMNS.map(([, show]) => show(s.metrics))]),
      ),
    );
    const metCount = split.targets.filter((t) => t.met).length;
    out.push('', `### Targets (this project, ${split.split}): ${metCount}/${split.targets.length} met`, '');
    out.push(
      table(
        ['target', 'goal', 'actual', 'met?'],
        split.targets.map((t) => [t.label, t.target, t.actual, t.met ? 'met' : 'NOT MET']),
      ),
    );
    out.push('', `### This project by category (${split.split})`, '');
    out.push(
      table(
        ['category', 'answerable', 'recall@3', 'recall@1', 'unanswerable', 'refused'],
        Object.entries(split.projectByCategory).map(([category, m]) => [
          category,
          String(m.answerable),
          percent(m.recallAt3),
          percent(m.recallAt1),
          String(m.unanswerable),
          percent(m.unanswerableRefused),
        ]),
      ),
    );
  }

  if (!report.splits.some((s) => s.split === 'dev' || s.split === 'all')) return out.join('\n');
  out.push('', "## This project's misses (dev half only)");
  for (const kind of Object.keys(MISS_HEADINGS) as MissKind[]) {
    const misses = report.misses.filter((m) => m.kind === kind);
    out.push('', `### ${MISS_HEADINGS[kind]} (${misses.length})`, '');
    if (misses.length === 0) out.push('None.');
    for (const miss of misses) {
      out.push(`- \`${miss.id}\` (${miss.category}) ${JSON.stringify(miss.question)}`);
      if (miss.expected.length > 0) out.push(`  - expected: ${miss.expected.join(', ')}`);
      const returned = miss.returned.length === 0 ? 'nothing' : miss.returned.map((key, i) => `${i + 1}. ${key}`).join('  ');
      out.push(`  - returned: ${returned}${miss.detail ? ` — ${miss.detail}` : ''}`);
    }
  }
  return out.join('\n');
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
