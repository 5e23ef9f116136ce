import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { loadCorpus } from '../../../src/corpus/load.js';
import { makeFixtureCorpus, removeDir, writeFiles } from '../helpers/fixture-corpus.js';
import { runScript } from '../helpers/run-script.js';

const CHECK = 'src/cli/corpus-check.ts';

let good: string;
let bad: string;

beforeAll(async () => {
  good = await makeFixtureCorpus();
  bad = await makeFixtureCorpus();
  await writeFiles(bad, {
    'notes/typo.md': '---\ntitle: Typo\nauthor: A\ntitel: T\n---\n\nText.\n',
    'aliases.txt': 'UN = United Nations\nIAEA = b@d\n',
    'notes/ref.md': '---\ntitle: Ref\nabout: [articles/talks#9, notes/nowhere]\n---\n\nText.\n',
  });
});

afterAll(async () => {
  await removeDir(good);
  await removeDir(bad);
});

// Each test spawns a process: run them side by side.
describe.concurrent('corpus:check (CLI)', () => {
  it('exits 0 and reports "corpus OK" with counts for a valid corpus', async ({ expect }) => {
    const { version } = await loadCorpus(good);
    const { code, stdout, stderr } = await runScript(CHECK, [good]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe(`corpus OK: 4 documents (2 notes), 12 paragraphs, 8 alias groups, version ${version}\n`);
  });

  it('exits 1 and lists every problem as file:line for an invalid corpus', async ({ expect }) => {
    const { code, stdout, stderr } = await runScript(CHECK, [bad]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      [
        'Invalid corpus (4 problems):',
        `${path.join(bad, 'notes', 'typo.md')}:4: unknown front matter key "titel" (allowed: title, author, source, published, kind, tags, about)`,
        `${path.join(bad, 'notes', 'ref.md')}:3: about: "articles/talks#9": articles/talks has 4 paragraphs`,
        `${path.join(bad, 'notes', 'ref.md')}:3: about: unknown document "notes/nowhere"`,
        `${path.join(bad, 'aliases.txt')}:2: a term may hold only letters, digits, spaces and . + ' & -: "b@d"`,
        '',
      ].join('\n'),
    );
  });
});
