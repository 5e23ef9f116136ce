// `npm run eval`: how well the project finds the passages that answer the study group's questions, side by side
// with off-the-shelf search libraries over the same passages, each in two forms: with its own analysis, and fed
// the project's. Figures are given for the dev half, the held-out test half and both (eval/split.ts).
import { parseArgs } from 'node:util';
import { CorpusError } from '../src/corpus/errors.js';
import { loadCorpus } from '../src/corpus/load.js';
import { buildLibrary } from '../src/search/library.js';
import { ProjectAnalysis } from './analysis.js';
import { analysedPeerOutcomes, peerOutcomes, projectOutcomes } from './evaluate.js';
import { EVAL_ANALYSED_PEERS, EVAL_PEERS } from './peers/index.js';
import { danglingExpectations, loadQuestions, QuestionsError } from './questions.js';
import { recordsOf } from './records.js';
import { buildReport, type EvalReport, renderMarkdown, type SplitName, type SystemRun } from './report.js';

const USAGE = `usage: npm run eval -- [--corpus DIR] [--questions FILE] [--split dev|test|all] [--json]
  --corpus DIR       corpus folder (default: corpus)
  --questions FILE   JSONL questions (default: eval/questions.jsonl)
  --split HALF       print only the dev half, the test half or both together (default: all three, in that order)
  --json             print the metrics as JSON instead of Markdown
The test half is for reporting only: tune on the dev half, whose misses are the only ones listed.`;

const SPLIT_CHOICES: Record<string, SplitName[]> = { dev: ['dev'], test: ['test'], all: ['all'] };

/** The project's name in tables. */
const PROJECT = 'this project';

function parseCli() {
  try {
    return parseArgs({
      options: {
        corpus: { type: 'string', default: 'corpus' },
        questions: { type: 'string', default: 'eval/questions.jsonl' },
        split: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const values = parseCli();
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const splits: SplitName[] = values.split === undefined ? ['dev', 'test', 'all'] : (SPLIT_CHOICES[values.split] ?? []);
  if (splits.length === 0) {
    console.error(`--split must be dev, test or all, not "${values.split}"\n${USAGE}`);
    process.exit(2);
  }

  const corpus = await loadCorpus(values.corpus);
  const questions = await loadQuestions(values.questions);
  for (const dangling of danglingExpectations(questions, corpus)) console.error(`warning: expected passage not in the corpus: ${dangling}`);

  const project: SystemRun = { name: PROJECT, outcomes: projectOutcomes(buildLibrary(corpus), questions) };
  const records = recordsOf(corpus);
  const peers: SystemRun[] = [];
  const skipped: EvalReport['skipped'] = [];
  for (const create of EVAL_PEERS) {
    const peer = create();
    try {
      peer.build(records);
      peers.push({ name: defaultsName(peer.name), outcomes: peerOutcomes(peer, questions) });
    } catch (error) {
      // One library failing (wink needs three passages, say) should not hide the others' figures.
      skipped.push({ name: defaultsName(peer.name), reason: (error as Error).message });
    }
  }
  const analysis = new ProjectAnalysis(corpus);
  const analysedRecords = analysis.records();
  for (const create of EVAL_ANALYSED_PEERS) {
    const peer = create();
    try {
      peer.build(analysedRecords);
      peers.push({ name: peer.name, outcomes: analysedPeerOutcomes(peer, analysis, questions) });
    } catch (error) {
      skipped.push({ name: peer.name, reason: (error as Error).message });
    }
  }

  const corpusInfo = { documents: corpus.documents.length, passages: records.length, version: corpus.version };
  const report = buildReport(project, peers, skipped, corpusInfo, values.questions, splits);
  console.log(values.json ? JSON.stringify(report, null, 2) : renderMarkdown(report));
}

/** Labels a peer's own-analysis form; the benchmark keeps the peers' plain names. */
function defaultsName(name: string): string {
  return name.endsWith('(defaults)') ? name : `${name} (defaults)`;
}

main().catch((error: unknown) => {
  // Bad input gets its message; anything else is a bug and gets the stack.
  console.error(error instanceof CorpusError || error instanceof QuestionsError ? error.message : error);
  process.exitCode = 1;
});
