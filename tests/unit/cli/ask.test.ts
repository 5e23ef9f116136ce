import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { makeFixtureCorpus, removeDir, writeFiles } from '../helpers/fixture-corpus.js';
import { runScript } from '../helpers/run-script.js';

const ASK = 'src/cli/ask.ts';

let corpus: string;
let badCorpus: string;

beforeAll(async () => {
  corpus = await makeFixtureCorpus();
  badCorpus = await makeFixtureCorpus();
  await writeFiles(badCorpus, { 'notes/broken.md': '---\ntitle: Broken\npublished: 2012-02-30\n---\n\nText.\n' });
});

afterAll(async () => {
  await removeDir(corpus);
  await removeDir(badCorpus);
});

interface JsonPassage {
  source: string;
  title: string;
  paragraph: number;
  text: string;
  excerpt: string;
  score: number;
  url?: string;
}

interface JsonAnswer {
  query: string;
  answered: boolean;
  passages: JsonPassage[];
  reason?: string;
  closest?: JsonPassage[];
}

// Each test spawns a process: run them side by side.
describe.concurrent('ask (CLI)', () => {
  it('prints the cited passage with its title, paragraph, link and citation', async ({ expect }) => {
    const { code, stdout, stderr } = await runScript(ASK, ['--corpus', corpus, 'Who', 'visited', 'the', 'enrichment', 'plant?']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('Q: Who visited the enrichment plant?');
    expect(lines).toContain('1. Inspections at Natanz - paragraph 1');
    expect(lines).toContain('   Inspectors from the IAEA **visited** the **enrichment** **plant** at Natanz in the spring.');
    expect(lines).toContain('   https://example.org/inspections');
    expect(lines).toContain('   [articles/inspections#1]');
    expect(stdout).toMatch(/\n1 of 1 matching passages · 12 searched · corpus [0-9a-f]{12}\n$/);
  });

  it('prints one parseable JSON line with --json', async ({ expect }) => {
    const { code, stdout } = await runScript(ASK, ['--corpus', corpus, '--json', 'IAEA']);
    expect(code).toBe(0);
    expect(stdout.endsWith('\n')).toBe(true);
    expect(stdout.trimEnd().split('\n')).toHaveLength(1);
    const answer = JSON.parse(stdout) as JsonAnswer;
    expect(Object.keys(answer)).toEqual(['query', 'answered', 'passages']);
    expect(answer.query).toBe('IAEA');
    expect(answer.answered).toBe(true);
    expect(answer.passages.map((p) => `${p.source}#${p.paragraph}`).sort()).toEqual(['articles/inspections#1', 'articles/inspections#2']);
    const first = answer.passages.find((p) => p.paragraph === 1)!;
    expect(first).toEqual({
      source: 'articles/inspections',
      title: 'Inspections at Natanz',
      paragraph: 1,
      text: 'Inspectors from the IAEA visited the enrichment plant at Natanz in the spring.',
      excerpt: 'Inspectors from the **IAEA** visited the enrichment plant at Natanz in the spring.',
      score: expect.any(Number),
      url: 'https://example.org/inspections',
    });
    expect(first.score).toBeGreaterThan(0);
  });

  it('answers each non-empty line of standard input in order, as JSON Lines', async ({ expect }) => {
    const input = 'Khamenei\n\n   \nWho won the 1998 World Cup?\r\nthe of and\nnegotiating';
    const { code, stdout } = await runScript(ASK, ['--corpus', corpus, '--json', '--limit', '1'], input);
    expect(code).toBe(0);
    const answers = stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as JsonAnswer);
    expect(answers.map((a) => a.query)).toEqual(['Khamenei', 'Who won the 1998 World Cup?', 'the of and', 'negotiating']);
    expect(answers.map((a) => a.answered)).toEqual([true, false, false, true]);
    expect(answers[0]!.passages.map((p) => `${p.source}#${p.paragraph}`)).toEqual(['notes/people/leaders#1']);
    expect(answers[1]).toMatchObject({ passages: [], reason: 'weak-match' });
    expect(answers[1]!.closest!.length).toBeLessThanOrEqual(2);
    expect(answers[2]).toEqual({ query: 'the of and', answered: false, passages: [], reason: 'empty-question', closest: [] });
    expect(answers[3]!.passages).toHaveLength(1);
  });

  it('rejects --limit 0 with exit code 2 and a message on stderr', async ({ expect }) => {
    const { code, stdout, stderr } = await runScript(ASK, ['--corpus', corpus, '--limit', '0', 'IAEA']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.split('\n')[0]).toBe('ask: --limit must be a whole number from 1 to 10, not "0"');
    expect(stderr).toContain('usage: npm run ask --');
  });

  it('exits with code 2 when the corpus folder is missing', async ({ expect }) => {
    const missing = path.join(corpus, 'no-such-folder');
    const { code, stdout, stderr } = await runScript(ASK, ['--corpus', missing, 'IAEA']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`ask: Invalid corpus (1 problem):\n${missing}: corpus folder not found (or not a folder)\n`);
  });

  it('exits with code 2 and names file:line when a corpus file is invalid', async ({ expect }) => {
    const { code, stdout, stderr } = await runScript(ASK, ['--corpus', badCorpus, 'IAEA']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`ask: Invalid corpus (1 problem):\n${path.join(badCorpus, 'notes', 'broken.md')}:3: published: is not a real calendar date\n`);
  });
});
