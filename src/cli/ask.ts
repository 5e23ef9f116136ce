import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { answerQuestion, MAX_LIMIT } from '../answer/answer.js';
import type { Answer, DocumentCard, Passage } from '../answer/types.js';
import { cardText } from '../answer/card.js';
import { CorpusError } from '../corpus/errors.js';
import { renderExcerpt } from '../search/excerpt.js';
import type { Library } from '../search/library.js';
import { openLibrary } from '../search/open.js';

const USAGE = `usage: npm run ask -- [--corpus DIR] [--limit N] [--json] [QUESTION]
  Answers QUESTION with cited passages from the corpus. Without QUESTION, reads questions from standard input,
  one per line, and answers each in order.
  --corpus DIR   corpus folder (default: corpus)
  --limit N      passages per answer, 1-${MAX_LIMIT} (default: 3)
  --json         one JSON object per question, on one line`;

class UsageError extends Error {}

interface CliOptions {
  corpus: string;
  limit: number;
  json: boolean;
  question: string | undefined;
}

function parseCli(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        corpus: { type: 'string', default: 'corpus' },
        limit: { type: 'string', default: '3' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) throw new UsageError('');
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    throw new UsageError(`--limit must be a whole number from 1 to ${MAX_LIMIT}, not "${values.limit}"`);
  // Unquoted questions arrive as several words: join them back.
  const question = positionals.length > 0 ? positionals.join(' ') : undefined;
  if (question !== undefined && !question.trim()) throw new UsageError('the question is empty');
  return { corpus: values.corpus, limit, json: values.json, question };
}

/** The JSON Lines shape: stable field names scripts and the evaluation rely on. */
function toJson(answer: Answer): string {
  const passage = (p: Passage): Record<string, unknown> => ({
    source: p.documentId,
    title: p.title,
    paragraph: p.paragraph,
    text: p.text,
    excerpt: renderExcerpt(p.excerpt, '**', '**'),
    score: p.score,
    ...(p.url ? { url: p.url } : {}),
    ...(p.commentary ? { commentary: p.commentary.map(passage) } : {}),
  });
  const card = (c: DocumentCard) => ({
    source: c.documentId,
    title: c.title,
    asked: c.asked,
    ...(c.author ? { author: c.author } : {}),
    ...(c.published ? { published: c.published } : {}),
    ...(c.publication ? { publication: c.publication } : {}),
    ...(c.url ? { url: c.url } : {}),
  });
  return JSON.stringify({
    query: answer.query,
    answered: answer.answered,
    ...(answer.answered && answer.card ? { card: card(answer.card) } : {}),
    ...(answer.answered
      ? { passages: answer.passages.map(passage) }
      : { passages: [], reason: answer.reason, closest: answer.closest.map(passage) }),
  });
}

function toText(answer: Answer, bold: boolean): string {
  const [open, close] = bold ? ['\x1b[1m', '\x1b[22m'] : ['**', '**'];
  const comment = (p: Passage) => [
    `   Commentary: ${p.title} - paragraph ${p.paragraph} [${p.documentId}#${p.paragraph}]`,
    `     ${renderExcerpt(p.excerpt, open, close)}`,
  ];
  const cite = (p: Passage, n: number) =>
    [
      `${n}. ${p.title} - paragraph ${p.paragraph}`,
      `   ${renderExcerpt(p.excerpt, open, close)}`,
      ...(p.url ? [`   ${p.url}`] : []),
      `   [${p.documentId}#${p.paragraph}]`,
      ...(p.commentary ?? []).flatMap(comment),
    ].join('\n');
  const lines = [`Q: ${answer.query}`, ''];
  if (answer.answered) {
    if (answer.card) lines.push(...cardLines(answer.card), '');
    answer.passages.forEach((p, i) => lines.push(cite(p, i + 1), ''));
    lines.push(
      `${answer.passages.length} of ${answer.total} matching passages · ${answer.searched} searched · corpus ${answer.corpusVersion}`,
    );
  } else {
    const why =
      answer.reason === 'empty-question'
        ? 'The question has no words to search for: ask with a few meaningful words.'
        : 'The library does not answer this question.';
    lines.push(why);
    if (answer.closest.length > 0) {
      lines.push('', 'Closest passages (not an answer):');
      answer.closest.forEach((p, i) => lines.push(cite(p, i + 1)));
    }
  }
  return `${lines.join('\n')}\n`;
}

function cardLines(card: DocumentCard): string[] {
  return [`Document: ${cardText(card)}`, ...(card.url ? [`   ${card.url}`] : []), `   [${card.documentId}]`];
}

async function main(): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCli(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(error.message ? `ask: ${error.message}\n${USAGE}\n` : `${USAGE}\n`);
    return error.message ? 2 : 0;
  }
  let library: Library;
  try {
    ({ library } = await openLibrary(options.corpus));
  } catch (error) {
    if (!(error instanceof CorpusError)) throw error;
    process.stderr.write(`ask: ${error.message}\n`);
    return 2;
  }
  const bold = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const answer = (question: string) => {
    const result = answerQuestion(question, { library, limit: options.limit });
    process.stdout.write(options.json ? `${toJson(result)}\n` : toText(result, bold));
  };
  if (options.question !== undefined) {
    answer(options.question);
    return 0;
  }
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let first = true;
  for await (const line of lines) {
    if (!line.trim()) continue;
    if (!options.json && !first) process.stdout.write('\n');
    first = false;
    answer(line);
  }
  return 0;
}

process.exitCode = await main();
