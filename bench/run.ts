// `npm run bench`: performance figures for the project's search next to plain peer libraries. Runs every
// section in bench/sections in order, prints its Markdown, and writes all of it to bench/RESULTS.md.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadAverage, machineMarkdown } from './machine.js';
import type { BenchOptions } from './section.js';
import { SECTIONS } from './sections/index.js';

const USAGE = `usage: npm run bench -- [--sizes 1000,10000,100000] [--queries 1000] [--quick] [--out FILE]
  --sizes N,N,...   corpus sizes in passages (default 1000,10000,100000)
  --queries N       timed queries per system and size, at least 1000 (default 1000)
  --quick           sizes 1000,10000 and output to bench/RESULTS.quick.md (unless --sizes / --out are given)
  --out FILE        where to write the results (default bench/RESULTS.md)
  --seed N          PRNG seed for corpora and questions (default 20240601)
  --only WORD       run only the sections whose title contains WORD (e.g. notes); written only with --out`;

const MIN_QUERIES = 1000;

function parseCli(): BenchOptions & { out: string | undefined; only: string | undefined } {
  let values;
  try {
    values = parseArgs({
      options: {
        sizes: { type: 'string' },
        queries: { type: 'string', default: String(MIN_QUERIES) },
        quick: { type: 'boolean', default: false },
        out: { type: 'string' },
        seed: { type: 'string', default: '20240601' },
        corpus: { type: 'string', default: 'corpus' },
        only: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    usageError((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const sizes = (values.sizes ?? (values.quick ? '1000,10000' : '1000,10000,100000')).split(',').map((s) => Number(s.replaceAll('_', '')));
  if (sizes.some((n) => !Number.isInteger(n) || n < 3)) usageError('--sizes: whole numbers of passages, at least 3, comma-separated');
  const queries = Number(values.queries);
  // Fewer samples than this make p99 the maximum of a handful: noise, not a percentile.
  if (!Number.isInteger(queries) || queries < MIN_QUERIES) usageError(`--queries: a whole number, at least ${MIN_QUERIES}`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) usageError('--seed: a whole number');
  // A partial run must not overwrite the full results.
  const out = values.out ?? (values.only !== undefined ? undefined : values.quick ? 'bench/RESULTS.quick.md' : 'bench/RESULTS.md');
  return { sizes, queries, quick: values.quick, seed, corpusDir: values.corpus, out, only: values.only };
}

function usageError(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

async function main(): Promise<void> {
  const options = parseCli();
  const started = new Date();
  const log = (line: string) => console.error(line);
  const parts: string[] = [
    '# Benchmark results',
    '',
    machineMarkdown(started),
    `- Command: npm run bench -- --sizes ${options.sizes.join(',')} --queries ${options.queries} --seed ${options.seed}${options.only === undefined ? '' : ` --only ${options.only}`}`,
  ];
  const only = options.only?.toLowerCase();
  const sections = only === undefined ? SECTIONS : SECTIONS.filter((s) => s.title.toLowerCase().includes(only));
  if (sections.length === 0) usageError(`--only: no section title contains "${options.only}" (${SECTIONS.map((s) => s.title).join(', ')})`);
  for (const section of sections) {
    log(`${section.title}…`);
    const markdown = await section.run(options, log);
    console.log(`${markdown}\n`);
    parts.push('', markdown);
  }
  const minutes = (Date.now() - started.getTime()) / 60_000;
  parts.push('', `Total benchmark time: ${minutes.toFixed(1)} min; load average at the end ${loadAverage()}.`, '');
  if (options.out === undefined) {
    log(`Done (${minutes.toFixed(1)} min); nothing written without --out.`);
    return;
  }
  await writeFile(options.out, parts.join('\n'));
  log(`Wrote ${options.out} (${minutes.toFixed(1)} min).`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
