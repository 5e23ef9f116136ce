// `npm run eval`: how well the project finds the passages that answer the study group's questions, side by side
// with off-the-shelf search libraries over the same passages.
import { parseArgs } from 'node:util';
import { CorpusError } from '../src/corpus/errors.js';
import { loadCorpus } from '../src/corpus/load.js';
import { buildLibrary } from '../src/search/library.js';
import { peerOutcomes, projectOutcomes } from './evaluate.js';
import { EVAL_PEERS } from './peers/index.js';
import { danglingExpectations, loadQuestions, QuestionsError } from './questions.js';
import { recordsOf } from './records.js';
import { buildReport, type EvalReport, renderMarkdown, type SystemRun } from './report.js';

const USAGE = `usage: npm run eval -- [--corpus DIR] [--questions FILE] [--json]
  --corpus DIR       corpus folder (default: corpus)
  --questions FILE   JSONL questions (default: eval/questions.jsonl)
  --json             print the metrics as JSON instead of Markdown`;

/** The project's name in tables. */
const PROJECT = 'this project';

function parseCli() {
  try {
    return parseArgs({
      options: {
        corpus: { type: 'string', default: 'corpus' },
        questions: { type: 'string', default: 'eval/questions.jsonl' },
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
      peers.push({ name: peer.name, outcomes: peerOutcomes(peer, questions) });
    } catch (error) {
      // One library failing (wink needs three passages, say) should not hide the others' figures.
      skipped.push({ name: peer.name, reason: (error as Error).message });
    }
  }

  const corpusInfo = { documents: corpus.documents.length, passages: records.length, version: corpus.version };
  const report = buildReport(project, peers, skipped, corpusInfo, values.questions);
  console.log(values.json ? JSON.stringify(report, null, 2) : renderMarkdown(report));
}

main().catch((error: unknown) => {
  // Bad input gets its message; anything else is a bug and gets the stack.
  console.error(error instanceof CorpusError || error instanceof QuestionsError ? error.message : error);
  process.exitCode = 1;
});
