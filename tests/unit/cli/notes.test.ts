import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { addNote, removeNote } from '../../../src/notes/notes.js';
import { readArchive } from '../../../src/notes/zip.js';
import { openSqliteStorage } from '../../../src/storage/sqlite.js';
import { makeFixtureCorpus, makeTempDir, removeDir, writeFiles } from '../helpers/fixture-corpus.js';
import { runScript } from '../helpers/run-script.js';
import { buildZip } from '../helpers/zip-builder.js';

const NOTES = 'src/cli/notes.ts';
const G1 = '200000000000000001';
const G2 = '200000000000000002';
const alice = { id: '100000000000000001', displayName: 'Alice' };

let corpus: string;
let work: string;
let dataDir: string;

beforeAll(async () => {
  corpus = await makeFixtureCorpus();
  work = await makeTempDir('notes-cli-');
  dataDir = path.join(work, 'data');
  const storage = openSqliteStorage(dataDir, { now: () => Date.UTC(2026, 1, 3) });
  const deps = {
    storage,
    corpus: { documents: [{ id: 'articles/inspections', title: 'I', kind: 'article' as const, tags: [], paragraphs: ['a', 'b', 'c'] }] },
  };
  await addNote(deps, G1, alice, { title: 'Natanz', text: 'Enrichment.', tags: 'IAEA, plants', about: 'articles/inspections#1' });
  await addNote(deps, G1, alice, { title: 'Arak', text: 'Heavy water.' });
  const { note } = await addNote(deps, G1, alice, { title: 'Removed one', text: 'Kept anyway.' });
  await removeNote(deps, G1, alice, note.id);
  await addNote(deps, G2, alice, { title: 'Other server', text: 'Not yours.' });
  await storage.close();
  await writeFiles(work, {
    'bad.zip': buildZip([
      { name: 'ok.md', data: '---\ntitle: Fine\n---\n\nText.\n' },
      { name: 'broken.md', data: '---\ntitle: Broken\npublished: 2012-02-30\n---\n\nText.\n' },
    ]),
  });
});

afterAll(async () => {
  await removeDir(corpus);
  await removeDir(work);
});

describe.concurrent('notes (CLI)', () => {
  it("lists a server's notes, and its removed ones with --removed", async ({ expect }) => {
    const live = await runScript(NOTES, ['list', '--guild', G1, '--data-dir', dataDir]);
    expect(live.stderr).toBe('');
    expect(live.code).toBe(0);
    expect(live.stdout).toBe(
      [
        '#2  Arak  (revision 1, changed 2026-02-03 by Alice)',
        '#1  Natanz [IAEA, plants]  (revision 1, changed 2026-02-03 by Alice)',
        '2 notes',
        '',
      ].join('\n'),
    );
    const removed = await runScript(NOTES, ['list', '--removed', '--guild', G1, '--data-dir', dataDir]);
    expect(removed.stdout).toBe('#3  Removed one  (revision 1, removed 2026-02-03 by Alice)\n1 removed note\n');
    const empty = await runScript(NOTES, ['list', '--guild', '200000000000000009', '--data-dir', dataDir]);
    expect(empty.stdout).toBe('Server 200000000000000009 has no notes.\n');
  });

  it('exports a zip, imports it into another server only with --yes, then finds nothing to do', async ({ expect }) => {
    const file = path.join(work, 'g1.zip');
    const exported = await runScript(NOTES, ['export', '--guild', G1, '--data-dir', dataDir, '--file', file]);
    expect(exported.stdout).toBe(`Wrote ${file}: 2 notes of server ${G1}.\n`);
    expect((await readArchive(await readFile(file), 'g1.zip')).files.map((f) => f.name)).toEqual(['natanz.md', 'arak.md']);

    const target = path.join(work, 'target-data');
    const args = ['import', '--guild', G2, '--data-dir', target, '--file', file, '--corpus', corpus];
    const dry = await runScript(NOTES, args);
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toBe(
      [
        `Import ${file} into server ${G2}:`,
        '  add        natanz.md: "Natanz"',
        '  add        arak.md: "Arak"',
        'Dry run: nothing was written. Run again with --yes to import.',
        '',
      ].join('\n'),
    );
    expect((await runScript(NOTES, ['list', '--guild', G2, '--data-dir', target])).stdout).toBe(`Server ${G2} has no notes.\n`);

    const applied = await runScript(NOTES, [...args, '--yes']);
    expect(applied.code).toBe(0);
    expect(applied.stdout.split('\n').at(-2)).toBe('Imported: 2 added, 0 changed.');
    const listed = await runScript(NOTES, ['list', '--guild', G2, '--data-dir', target]);
    expect(listed.stdout).toMatch(
      /^#2 {2}Arak {2}\(revision 1, changed \d{4}-\d{2}-\d{2} by .+ \(command line\)\)\n#1 {2}Natanz \[IAEA, plants\]/,
    );

    const again = await runScript(NOTES, [...args, '--yes']);
    expect(again.stdout).toContain('  unchanged  natanz.md: note #1 "Natanz"\n');
    expect(again.stdout.endsWith('Nothing to import: every note is already there as it is.\n')).toBe(true);
  });

  it('prints every problem of a bad archive with file and line, imports nothing, and exits 1', async ({ expect }) => {
    const file = path.join(work, 'bad.zip');
    const run = await runScript(NOTES, ['import', '--guild', G1, '--data-dir', dataDir, '--file', file, '--corpus', corpus, '--yes']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      [
        `Import ${file} into server ${G1}:`,
        '  add        ok.md: "Fine"',
        '1 problem (nothing is imported until every one is fixed):',
        '  broken.md:3: published: is not a real calendar date',
        '',
      ].join('\n'),
    );
    expect((await runScript(NOTES, ['list', '--guild', G1, '--data-dir', dataDir])).stdout).not.toContain('Fine');
  });

  it('rejects bad usage with a message on stderr and exit code 2', async ({ expect }) => {
    const cases: Array<[string[], string]> = [
      [[], 'notes: say what to do: list, export or import'],
      [['show', '--guild', G1], 'notes: unknown command "show": use list, export or import'],
      [['list'], "notes: --guild is required: the server's id (right-click the server > Copy Server ID)"],
      [['list', '--guild', '12ab'], 'notes: --guild must be a server id of 17 to 20 digits, not "12ab"'],
      [['import', '--guild', G1], 'notes: import needs --file: the zip of notes to read'],
      [['export', '--guild', G1, '--yes'], 'notes: --yes goes with import'],
      [['list', '--guild', G1, '--colour'], "notes: Unknown option '--colour'"],
    ];
    const runs = await Promise.all(cases.map(([args]) => runScript(NOTES, args)));
    for (const [i, run] of runs.entries()) {
      expect(run.code, cases[i]![0].join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.split('\n')[0]).toMatch(new RegExp(`^${cases[i]![1].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      expect(run.stderr).toContain('usage: npm run notes --');
    }
  });

  it('says so when there is no database, and creates none', async ({ expect }) => {
    const missing = path.join(work, 'no-data');
    const run = await runScript(NOTES, ['list', '--guild', G1, '--data-dir', missing]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`notes: there is no database at ${path.join(missing, 'bot.sqlite')}\n`);
    expect(existsSync(missing)).toBe(false);
  });
});
