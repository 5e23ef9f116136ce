import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../../src/corpus/parse.js';
import { noteToDocument, noteToMarkdown, parseServerNoteId, serverNoteId } from '../../../src/notes/document.js';
import { addNote, editNote, removeNote } from '../../../src/notes/notes.js';
import { applyImport, dropImport, exportNotes, heldImport, holdImport, planImport } from '../../../src/notes/transfer.js';
import { ARCHIVE_LIMITS, readArchive } from '../../../src/notes/zip.js';
import { buildZip } from '../helpers/zip-builder.js';
import { alice, bob, G1, G2, notesDeps } from './helpers.js';

const md = (front: string[], body = 'A paragraph.') => ['---', ...front, '---', '', body, ''].join('\n');

describe('a note as a document', () => {
  it('is a CorpusDocument with a stable server id, its author at the time, and its day', async () => {
    const { deps } = notesDeps(Date.UTC(2026, 2, 4, 23, 59));
    const { note } = await addNote(deps, G1, alice, {
      title: 'Oman',
      text: 'One.\n\nTwo.',
      tags: 'channel',
      source: 'https://example.org/o',
      about: 'articles/adler#1',
    });
    expect(noteToDocument(note)).toEqual({
      id: `server/${note.id}`,
      title: 'Oman',
      author: 'Alice',
      published: '2026-03-04',
      kind: 'note',
      tags: ['channel'],
      paragraphs: ['One.', 'Two.'],
      source: 'https://example.org/o',
      origin: 'server',
      guildId: G1,
      noteId: note.id,
      revision: 1,
      about: [{ documentId: 'articles/adler', paragraph: 1 }],
      updated: '2026-03-04',
    });
    expect(parseServerNoteId(serverNoteId(42))).toBe(42);
    expect(parseServerNoteId('notes/iaea')).toBeUndefined();
  });

  it('writes Markdown the corpus parser reads back to the same fields, whatever the title holds', async () => {
    const { deps } = notesDeps();
    const title = 'Q&A: "Sanctions" #2 — [draft], {x}: yes';
    const { note } = await addNote(
      deps,
      G1,
      { id: '1', displayName: 'Zoë: the mod' },
      { title, text: '---\n\nSecond: with colon.\n\n# not a heading', tags: '[a], b: c' },
    );
    const text = noteToMarkdown(note);
    expect(text.split('\n').slice(-2)).toEqual(['# not a heading', '']);
    const parsed = parseDocument(text, 'notes/x', 'x.md');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(parsed.document).toMatchObject({
      title,
      author: 'Zoë: the mod',
      kind: 'note',
      tags: ['[a]', 'b: c'],
      paragraphs: ['---', 'Second: with colon.', '# not a heading'],
    });
  });
});

describe('export', () => {
  it("zips the guild's live notes as corpus files with unique names, and nothing of another guild", async () => {
    const { deps } = notesDeps(Date.UTC(2026, 0, 2));
    await addNote(deps, G1, alice, { title: 'IAEA', text: 'Vienna.', tags: 'UN, Vienna', about: 'notes/iaea' });
    await addNote(deps, G1, alice, { title: 'iaea!', text: 'Second with the same slug.' });
    await addNote(deps, G1, alice, { title: 'ایران', text: 'No Latin letters.' });
    const { note: gone } = await addNote(deps, G1, alice, { title: 'Removed', text: 'x' });
    await removeNote(deps, G1, alice, gone.id);
    await addNote(deps, G2, alice, { title: 'Other guild', text: 'Secret.' });
    const result = await exportNotes(deps, G1, new Date(Date.UTC(2026, 0, 3)));
    expect(result.fileName).toBe(`notes-${G1}-2026-01-03.zip`);
    expect(result.files.map((f) => f.name)).toEqual(['iaea.md', 'iaea-2.md', 'note-3.md']);
    const contents = await readArchive(result.archive, result.fileName);
    expect(contents.problems).toEqual([]);
    const text = contents.files[0]!.data.toString('utf8');
    expect(text).toBe(
      [
        '---',
        'title: IAEA',
        'author: Alice',
        'published: 2026-01-02',
        'kind: note',
        'tags: [ UN, Vienna ]',
        'about: [ notes/iaea ]',
        '---',
        '',
        'Vienna.',
        '',
      ].join('\n'),
    );
    expect(contents.files.map((f) => f.data.toString('utf8')).join('\n')).not.toMatch(/Secret|Removed/);
  });

  it('imports its own export into another guild unchanged, then finds nothing to change', async () => {
    const { deps, storage } = notesDeps();
    await addNote(deps, G1, alice, {
      title: 'Natanz',
      text: 'One.\n\nTwo.',
      tags: 'a, b',
      source: 'https://example.org/n',
      about: 'articles/adler#3',
    });
    await addNote(deps, G1, alice, { title: 'Fordow', text: 'Three.' });
    const { archive } = await exportNotes(deps, G1);
    const plan = await planImport(deps, G2, archive, 'g1.zip');
    expect(plan.problems).toEqual([]);
    expect(plan.add.map((a) => [a.file, a.content.title])).toEqual([
      ['natanz.md', 'Natanz'],
      ['fordow.md', 'Fordow'],
    ]);
    const result = await applyImport(deps, G2, bob, plan);
    expect(result.added.map((c) => [c.note.title, c.audit.detail, c.audit.actor.displayName])).toEqual([
      ['Natanz', 'import g1.zip: natanz.md', 'Bob'],
      ['Fordow', 'import g1.zip: fordow.md', 'Bob'],
    ]);
    const copies = await storage.notes.live(G2);
    const originals = await storage.notes.live(G1);
    expect(copies.map(({ title, body, tags, source, about }) => ({ title, body, tags, source, about }))).toEqual(
      originals.map(({ title, body, tags, source, about }) => ({ title, body, tags, source, about })),
    );
    const again = await planImport(deps, G2, archive, 'g1.zip');
    expect(again).toMatchObject({ add: [], change: [], problems: [] });
    expect(again.unchanged.map((u) => u.title)).toEqual(['Natanz', 'Fordow']);
  });
});

describe('import', () => {
  it('plans additions and changes by title without writing, then applies them in one go', async () => {
    const { deps, storage, events } = notesDeps();
    const { note } = await addNote(deps, G1, alice, { title: 'Natanz', text: 'Old text.' });
    const archive = buildZip([
      { name: 'notes/natanz.md', data: md(['title: NATANZ', 'tags: [enrichment]'], 'New text.'), deflate: true },
      { name: 'notes/fordow.md', data: md(['title: Fordow', 'about: [articles/adler#2]']) },
      { name: 'notes/readme.txt', data: 'not a note' },
      { name: '__MACOSX/notes/._fordow.md', data: 'resource fork' },
      { name: 'notes/', data: '' },
    ]);
    const plan = await planImport(deps, G1, archive, 'mine.zip');
    expect(plan).toEqual({
      guildId: G1,
      archiveName: 'mine.zip',
      add: [
        {
          file: 'notes/fordow.md',
          content: {
            title: 'Fordow',
            body: 'A paragraph.',
            tags: [],
            source: null,
            about: [{ documentId: 'articles/adler', paragraph: 2 }],
          },
        },
      ],
      change: [
        {
          file: 'notes/natanz.md',
          noteId: note.id,
          expectedRevision: 1,
          content: { title: 'NATANZ', body: 'New text.', tags: ['enrichment'], source: null, about: [] },
          changes: ['title: "Natanz" → "NATANZ"', 'text: 1 paragraph new or changed, 1 paragraph replaced or deleted', 'tags: +enrichment'],
        },
      ],
      unchanged: [],
      problems: [],
      ignored: [
        { file: 'notes/readme.txt', message: 'not a Markdown (.md) file' },
        { file: '__MACOSX/notes/._fordow.md', message: 'hidden or system file' },
      ],
    });
    expect(await storage.notes.version(G1)).toBe(1);
    const result = await applyImport(deps, G1, bob, plan);
    expect(result.added.map((c) => c.note.title)).toEqual(['Fordow']);
    expect(result.changed.map((c) => [c.note.title, c.note.revision])).toEqual([['NATANZ', 2]]);
    expect(events.at(-1)).toMatchObject({ guildId: G1, version: 3 });
    expect(events.at(-1)!.changes).toHaveLength(2);
  });

  it('names every problem with its file and line, and a plan with problems imports nothing', async () => {
    const { deps, storage } = notesDeps();
    const archive = buildZip([
      { name: 'good.md', data: md(['title: Good']) },
      { name: 'no-front.md', data: 'Just text.\n' },
      { name: 'bad-date.md', data: md(['title: Dated', 'published: 2012-02-30']) },
      { name: 'long.md', data: md(['title: Long', 'tags: [x]'], 'y'.repeat(4001)) },
      { name: 'about.md', data: md(['title: About', 'tags: [x]', 'about:', '  - articles/adler#7', '  - notes/iaea']) },
      { name: 'article.md', data: md(['title: Article', 'kind: article']) },
      { name: 'twin.md', data: md(['title: good']) },
      { name: 'latin1.md', data: Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xe9, 0x0a]) },
      { name: 'unknown.md', data: md(['title: Unknown', 'titel: typo']) },
    ]);
    const plan = await planImport(deps, G1, archive, 'bad.zip');
    expect(plan.problems).toEqual([
      { file: 'about.md', line: 4, message: 'about: "articles/adler#7": articles/adler has 3 paragraphs' },
      { file: 'article.md', line: 3, message: 'kind: a server note must be of kind "note"' },
      { file: 'bad-date.md', line: 3, message: 'published: is not a real calendar date' },
      { file: 'latin1.md', message: 'is not valid UTF-8 text' },
      { file: 'long.md', line: 5, message: 'text: must be at most 4000 characters' },
      { file: 'no-front.md', line: 1, message: 'must start with front matter: a line "---", then "title: ...", then a closing "---"' },
      { file: 'twin.md', line: 2, message: 'title "good" is also the title of good.md: titles must be unique in a server' },
      {
        file: 'unknown.md',
        line: 3,
        message: 'unknown front matter key "titel" (allowed: title, author, source, published, kind, tags, about)',
      },
    ]);
    expect(plan.add.map((a) => a.file)).toEqual(['good.md']);
    await expect(applyImport(deps, G1, alice, plan)).rejects.toThrow(
      'bad.zip has 8 problems: nothing was imported. Fix them and import it again.',
    );
    expect(await storage.notes.live(G1)).toEqual([]);
  });

  it('applies nothing when a note changed after the plan was made', async () => {
    const { deps, storage } = notesDeps();
    const { note } = await addNote(deps, G1, alice, { title: 'Arak', text: 'Old.' });
    const plan = await planImport(
      deps,
      G1,
      buildZip([
        { name: 'arak.md', data: md(['title: Arak'], 'Imported.') },
        { name: 'new.md', data: md(['title: New']) },
      ]),
    );
    await editNote(deps, G1, bob, note.id, { title: 'Arak', text: 'Bob meanwhile.' });
    await expect(applyImport(deps, G1, alice, plan)).rejects.toThrow(
      `Nothing was imported: note #${note.id} was changed by Bob after the archive was checked. Import it again to see what it would change now.`,
    );
    expect(await storage.notes.findByTitle(G1, 'New')).toBeUndefined();
    await expect(applyImport(deps, G2, alice, plan)).rejects.toThrow(
      'This import was checked for another server: import the file again here.',
    );
  });

  it('refuses paths outside the folder, symlinks and encrypted entries, and reads no file of such an archive', async () => {
    const { deps } = notesDeps();
    const plan = await planImport(
      deps,
      G1,
      buildZip([
        { name: 'ok.md', data: md(['title: Ok']) },
        { name: '../escape.md', data: md(['title: Escape']) },
        { name: 'notes/../../up.md', data: md(['title: Up']) },
        { name: '/etc/abs.md', data: md(['title: Abs']) },
        { name: 'C:/win.md', data: md(['title: Win']) },
        { name: 'back\\slash.md', data: md(['title: Back']) },
        { name: 'link.md', data: '/etc/passwd', unixMode: 0o120777 },
        { name: 'secret.md', data: md(['title: Secret']), encrypted: true },
      ]),
      'evil.zip',
    );
    expect(plan.problems).toEqual([
      { file: '../escape.md', message: 'its path leads outside the archive\'s folder ("..")' },
      { file: '/etc/abs.md', message: 'its path is absolute: an archive may only hold paths inside its own folder' },
      { file: 'C:/win.md', message: 'its path is absolute: an archive may only hold paths inside its own folder' },
      { file: 'back\\slash.md', message: 'its path contains a backslash' },
      { file: 'link.md', message: 'is a symbolic link: only plain files are accepted' },
      { file: 'notes/../../up.md', message: 'its path leads outside the archive\'s folder ("..")' },
      { file: 'secret.md', message: 'is encrypted: export the notes again without a password' },
    ]);
    expect(plan.add).toEqual([]);
  });

  it('refuses archives past the limits before inflating them: entries, sizes, and sizes that lie', async () => {
    const { deps } = notesDeps();
    const limits = { ...ARCHIVE_LIMITS, entries: 3, entryBytes: 1000, totalBytes: 1500, archiveBytes: 100_000 };
    const note = md(['title: N'], 'z'.repeat(900));
    const plan = (entries: Parameters<typeof buildZip>[0], name = 'x.zip') => planImport(deps, G1, buildZip(entries), name, limits);
    expect((await plan([1, 2, 3, 4].map((i) => ({ name: `${i}.md`, data: note })))).problems).toEqual([
      { file: 'x.zip', message: 'holds 4 entries: at most 3 are accepted' },
    ]);
    expect((await plan([{ name: 'big.md', data: 'y'.repeat(5000), deflate: true }])).problems).toEqual([
      { file: 'big.md', message: 'is 5 KB: a note file may be at most 1 KB' },
    ]);
    expect(
      (
        await plan([
          { name: 'a.md', data: note },
          { name: 'b.md', data: note },
        ])
      ).problems,
    ).toEqual([{ file: 'x.zip', message: 'would unpack to 0.0 MB: at most 0.0 MB are accepted' }]);
    // A bomb: 50 MB of zeros declared as 100 bytes. Reading stops at the declared size.
    const bomb = await plan([{ name: 'bomb.md', data: Buffer.alloc(50 * 1024 * 1024), deflate: true, declaredSize: 100 }]);
    expect(bomb.problems).toHaveLength(1);
    expect(bomb.problems[0]).toMatchObject({
      file: 'bomb.md',
      message: expect.stringMatching(/^cannot be read: the archive is damaged \(too many bytes in the stream/) as string,
    });
    expect((await planImport(deps, G1, Buffer.alloc(200_000), 'huge.zip', limits)).problems).toEqual([
      { file: 'huge.zip', message: 'is 0.2 MB: an archive of notes may be at most 0.1 MB' },
    ]);
    expect((await planImport(deps, G1, Buffer.from('not a zip at all'), 'plain.zip')).problems).toEqual([
      {
        file: 'plain.zip',
        message:
          'is not a zip archive that can be read (End of central directory record signature not found. Either not a zip file, or file is truncated.)',
      },
    ]);
    expect((await planImport(deps, G1, buildZip([{ name: 'a.txt', data: 'x' }]), 'empty.zip')).problems).toEqual([
      { file: 'empty.zip', message: 'holds no Markdown (.md) files' },
    ]);
  });
});

describe('a checked import held until Confirm', () => {
  it('keeps the plan in the storage for its guild, reads it back whole, and forgets it when dropped', async () => {
    const { deps } = notesDeps();
    const archive = buildZip([{ name: 'fordow.md', data: md(['title: Fordow', 'kind: note', 'tags: [enrichment]'], 'Under a mountain.') }]);
    const plan = await planImport(deps, G1, archive, 'fordow.zip');
    const id = await holdImport(deps, G1, alice.id, plan);
    const held = await heldImport(deps, G1, id);
    expect(held).toMatchObject({ id, userId: alice.id, plan });
    expect(await heldImport(deps, G2, id)).toBeUndefined();
    // What was held applies exactly as the plan it was made from.
    const { added } = await applyImport(deps, G1, alice, held!.plan);
    expect(added.map((c) => c.note.title)).toEqual(['Fordow']);
    expect(await dropImport(deps, G1, id)).toBe(true);
    expect(await heldImport(deps, G1, id)).toBeUndefined();
  });

  it("refuses to hold a plan made for another guild (a bug, not a moderator's mistake)", async () => {
    const { deps } = notesDeps();
    const plan = await planImport(deps, G1, buildZip([{ name: 'a.md', data: md(['title: A']) }]), 'a.zip');
    expect(() => holdImport(deps, G2, bob.id, plan)).toThrow(/cannot be held for guild/);
  });
});
