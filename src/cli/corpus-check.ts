import { parseArgs } from 'node:util';
import { CorpusError } from '../corpus/errors.js';
import { loadCorpus } from '../corpus/load.js';

/** `npm run corpus:check [-- DIR]`: validates the corpus; exit 0 when valid, 1 when not, 2 on bad usage. */
async function main(): Promise<number> {
  let dir = 'corpus';
  try {
    const { positionals } = parseArgs({ allowPositionals: true, options: {} });
    if (positionals.length > 1) throw new Error('give at most one corpus folder');
    dir = positionals[0] ?? dir;
  } catch (error) {
    process.stderr.write(`corpus:check: ${(error as Error).message}\nusage: npm run corpus:check [-- DIR]\n`);
    return 2;
  }
  try {
    const corpus = await loadCorpus(dir);
    const paragraphs = corpus.documents.reduce((n, d) => n + d.paragraphs.length, 0);
    const notes = corpus.documents.filter((d) => d.kind === 'note').length;
    process.stdout.write(
      `corpus OK: ${corpus.documents.length} documents (${notes} notes), ${paragraphs} paragraphs, ` +
        `${corpus.aliases.length} alias groups, version ${corpus.version}\n`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof CorpusError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
}

process.exitCode = await main();
