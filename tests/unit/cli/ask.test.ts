import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { makeFixtureCorpus, removeDir, writeFiles } from '../helpers/fixture-corpus.js';
import { runScript } from '../helpers/run-script.js';

const ASK = 'src/cli/ask.ts';

let corpus: string;
let badCorpus: string;
let commented: string;

beforeAll(async () => {
  corpus = await makeFixtureCorpus();
  badCorpus = await makeFixtureCorpus();
  await writeFiles(badCorpus, { 'notes/broken.md': '---\ntitle: Broken\npublished: 2012-02-30\n---\n\nText.\n' });
  commented = await makeFixtureCorpus({
    'notes/reactor.md':
      '---\ntitle: Reactor notes\nabout: [articles/inspections]\n---\n\nIn paragraph 3 Doe reports that the research reactor was back at full power.\n',
  });
});

afterAll(async () => {
  await removeDir(corpus);
  await removeDir(badCorpus);
  await removeDir(commented);
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
  it('adds the notes discussing a passage as its commentary, and the document card, in text and JSON', async ({ expect }) => {
    const text = await runScript(ASK, ['--corpus', commented, 'What does Doe report about the research reactor power?']);
    expect(text.stdout).toContain('1. Inspections at Natanz - paragraph 3');
    expect(text.stdout).toContain('   Commentary: Reactor notes - paragraph 1 [notes/reactor#1]');
    const json = JSON.parse(
      (await runScript(ASK, ['--corpus', commented, '--json', 'What does Doe report about the research reactor power?'])).stdout,
    ) as JsonAnswer & {
      passages: Array<JsonPassage & { commentary?: JsonPassage[] }>;
    };
    expect(json.passages[0]).toMatchObject({ source: 'articles/inspections', paragraph: 3 });
    expect(json.passages[0]!.commentary?.map((p) => `${p.source}#${p.paragraph}`)).toEqual(['notes/reactor#1']);
    const who = JSON.parse(
      (await runScript(ASK, ['--corpus', commented, '--json', 'Who wrote the inspections article?'])).stdout,
    ) as Record<string, unknown>;
    expect(who.card).toEqual({
      source: 'articles/inspections',
      title: 'Inspections at Natanz',
      asked: 'author',
      author: 'Jane Doe',
      published: '2013-05-01',
      publication: 'example.org',
      url: 'https://example.org/inspections',
    });
    const card = await runScript(ASK, ['--corpus', commented, 'Who wrote the inspections article?']);
    expect(card.stdout).toContain('Document: Inspections at Natanz - Jane Doe, 1 May 2013, example.org');
  });

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
    const answers = stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as JsonAnswer);
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
    expect(stderr).toBe(
      `ask: Invalid corpus (1 problem):\n${path.join(badCorpus, 'notes', 'broken.md')}:3: published: is not a real calendar date\n`,
    );
  });
});
