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
  type TargetCheck,
} from './metrics.js';

/** One system's run over the questions. */
export interface SystemRun {
  name: string;
  outcomes: Outcome[];
}

/** Everything the CLI prints, as data: the Markdown and `--json` outputs both render this. */
export interface EvalReport {
  corpus: { documents: number; passages: number; version: string };
  questions: { file: string; total: number; answerable: number; unanswerable: number };
  systems: Array<{ name: string; metrics: Metrics }>;
  skipped: Array<{ name: string; reason: string }>;
  projectByCategory: Record<string, Metrics>;
  targets: TargetCheck[];
  misses: Array<{ id: string; category: string; question: string; kind: MissKind; expected: string[]; returned: string[]; rank?: number; detail?: string }>;
}

/** Not in the top 3; in the top 3 but not first; should have been refused but was answered. */
export type MissKind = 'not-found' | 'not-first' | 'answered-unanswerable';

/** Assembles the report; the first run is the project's, the others are peers. */
export function buildReport(
  project: SystemRun,
  peers: readonly SystemRun[],
  skipped: EvalReport['skipped'],
  corpus: EvalReport['corpus'],
  questionsFile: string,
): EvalReport {
  const systems = [project, ...peers].map((run) => ({ name: run.name, metrics: computeMetrics(run.outcomes) }));
  const [projectMetrics, ...peerMetrics] = systems;
  const total = project.outcomes.length;
  const answerable = project.outcomes.filter((o) => isAnswerable(o.question)).length;
  return {
    corpus,
    questions: { file: questionsFile, total, answerable, unanswerable: total - answerable },
    systems,
    skipped,
    projectByCategory: Object.fromEntries(metricsByCategory(project.outcomes)),
    targets: checkTargets(projectMetrics!.metrics, peerMetrics),
    misses: project.outcomes.flatMap((o) => {
      const kind = missKind(o);
      if (kind === undefined) return [];
      const rank = hitRank(o, 3);
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
    }),
  };
}

function missKind(outcome: Outcome): MissKind | undefined {
  if (!isAnswerable(outcome.question)) return outcome.refused ? undefined : 'answered-unanswerable';
  const rank = hitRank(outcome, 3);
  if (rank === undefined) return 'not-found';
  return rank > 1 ? 'not-first' : undefined;
}

const ROWS: Array<[string, (m: Metrics) => string]> = [
  ['recall@1', (m) => percent(m.recallAt1)],
  ['recall@3', (m) => percent(m.recallAt3)],
  ['MRR@3', (m) => fixed(m.mrrAt3)],
  ['unanswerable refused', (m) => percent(m.unanswerableRefused)],
  ['answerable wrongly refused', (m) => `${percent(m.wronglyRefusedShare)} (${m.wronglyRefused})`],
];

const MISS_HEADINGS: Record<MissKind, string> = {
  'not-found': 'Expected passage not in the top 3',
  'not-first': 'Found, but not first',
  'answered-unanswerable': 'Unanswerable, but answered',
};

/** Renders the report as Markdown. */
export function renderMarkdown(report: EvalReport): string {
  const { corpus, questions } = report;
  const out: string[] = [
    '# Retrieval evaluation',
    '',
    `Corpus: ${count(corpus.documents, 'document')}, ${count(corpus.passages, 'passage')} (version ${corpus.version}). ` +
      `Questions: ${questions.total} from ${questions.file} (${questions.answerable} answerable, ${questions.unanswerable} unanswerable).`,
    'Peers "refuse" only by returning nothing; the project refuses when the corpus does not cover the question.',
    '',
    table(['metric', ...report.systems.map((s) => s.name)], ROWS.map(([label, show]) => [label, ...report.systems.map((s) => show(s.metrics))])),
  ];
  for (const { name, reason } of report.skipped) out.push('', `Skipped ${name}: ${reason}`);

  const metCount = report.targets.filter((t) => t.met).length;
  out.push('', `## Targets (this project): ${metCount}/${report.targets.length} met`, '');
  out.push(table(['target', 'goal', 'actual', 'met?'], report.targets.map((t) => [t.label, t.target, t.actual, t.met ? 'met' : 'NOT MET'])));

  out.push('', '## This project by category', '');
  out.push(
    table(
      ['category', 'answerable', 'recall@3', 'recall@1', 'unanswerable', 'refused'],
      Object.entries(report.projectByCategory).map(([category, m]) => [
        category,
        String(m.answerable),
        percent(m.recallAt3),
        percent(m.recallAt1),
        String(m.unanswerable),
        percent(m.unanswerableRefused),
      ]),
    ),
  );

  out.push('', "## This project's misses");
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
