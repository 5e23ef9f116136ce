import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ALIAS_FILE } from '../../src/corpus/aliases.js';
import { loadCorpus } from '../../src/corpus/load.js';
import type { CorpusDocument } from '../../src/corpus/types.js';
import { generateCorpus, wordsByFrequency } from '../generate.js';
import type { BenchSection } from '../section.js';

const run = promisify(execFile);

interface StartTimings {
  source: 'built' | 'cache';
  passages: number;
  libraryMs: number;
  suggesterMs: number;
  databaseMs: number;
  sinceProcessStartMs: number;
  heapMB: number;
}

/** Writes a document the way a moderator would: front matter, then paragraphs separated by blank lines. */
function markdown(doc: CorpusDocument): string {
  return [
    '---',
    `title: ${doc.title}`,
    `kind: ${doc.kind}`,
    `tags: [${doc.tags.join(', ')}]`,
    '---',
    '',
    doc.paragraphs.join('\n\n'),
    '',
  ].join('\n');
}

async function startOnce(corpusDir: string, dataDir: string): Promise<StartTimings> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/startup/child.ts', corpusDir, dataDir], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as StartTimings;
}

/**
 * Bot start-up at the largest size: the generated corpus written out as Markdown files, then started twice in fresh
 * processes: cold (index built and saved) and warm (index read back because the corpus is unchanged).
 */
export const startupSection: BenchSection = {
  title: 'Start-up',
  async run(options, log) {
    const size = Math.max(...options.sizes);
    const real = await loadCorpus(options.corpusDir);
    const source = { words: wordsByFrequency(real.documents.flatMap((d) => [d.title, ...d.paragraphs])), aliases: real.aliases };
    const { corpus } = generateCorpus(size, source, options.seed);
    const root = await mkdtemp(path.join(os.tmpdir(), 'bench-start-'));
    try {
      const corpusDir = path.join(root, 'corpus');
      await mkdir(path.join(corpusDir, 'notes'), { recursive: true });
      for (const doc of corpus.documents) await writeFile(path.join(corpusDir, `${doc.id}.md`), markdown(doc));
      await copyFile(path.join(options.corpusDir, ALIAS_FILE), path.join(corpusDir, ALIAS_FILE));
      const dataDir = path.join(root, 'data');
      const cold = await startOnce(corpusDir, dataDir);
      log(`  cold start: ${Math.round(cold.sinceProcessStartMs)} ms`);
      const warm = await startOnce(corpusDir, dataDir);
      log(`  warm start: ${Math.round(warm.sinceProcessStartMs)} ms`);
      const row = (label: string, t: StartTimings) =>
        `| ${label} | ${t.source} | ${Math.round(t.libraryMs).toLocaleString('en')} | ${Math.round(t.databaseMs)} ` +
        `| ${Math.round(t.sinceProcessStartMs).toLocaleString('en')} | ${Math.round(t.suggesterMs).toLocaleString('en')} ` +
        `| ${t.heapMB.toFixed(0)} |`;
      const met = warm.sinceProcessStartMs < 10_000;
      return [
        '## Start-up',
        '',
        `What \`npm start\` does before it logs in, in a fresh process, with ${size.toLocaleString('en')} ` +
          `generated passages written as ${corpus.documents.length.toLocaleString('en')} Markdown files: ` +
          `read and validate the corpus, get the index (built and saved when cold, read back when the ` +
          `corpus is unchanged), open SQLite. "Ready" is when the bot would log in; the autocomplete ` +
          `vocabulary is built just after, while it serves.`,
        '',
        '| start | index | corpus + index ms | database ms | process start to ready ms | then autocomplete ms | heap MB |',
        '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
        row('cold (first start)', cold),
        row('warm (corpus unchanged)', warm),
        '',
        `Target: under 10 s at 100,000 passages (warm). ${size === 100_000 ? (met ? 'Met' : 'Not met') : `Measured at ${size.toLocaleString('en')} passages`}: ${(warm.sinceProcessStartMs / 1000).toFixed(1)} s.`,
      ].join('\n');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  },
};
