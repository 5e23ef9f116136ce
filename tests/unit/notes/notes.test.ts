import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import { noteHistory } from '../../../src/notes/history.js';
import {
  addNote,
  editNote,
  listGaps,
  listNotes,
  matchNotes,
  noteToInput,
  removeNote,
  resolveNote,
  restoreNote,
  showNote,
} from '../../../src/notes/notes.js';
import { NoteConflictError, NoteNotFoundError, TitleTakenError } from '../../../src/storage/errors.js';
import { AnswerStore } from '../../../src/feedback/answers.js';
import { alice, bob, G1, G2, notesDeps } from './helpers.js';

describe('notes', () => {
  it('adds a note from modal fields, tells the change hook, and shows it', async () => {
    const { deps, events } = notesDeps();
    const { note, audit } = await addNote(deps, G1, alice, {
      title: 'Natanz',
      text: 'Enrichment plant.\n\nUnderground.',
      tags: 'enrichment',
      about: 'articles/adler#2',
    });
    expect(note).toMatchObject({
      guildId: G1,
      title: 'Natanz',
      body: 'Enrichment plant.\n\nUnderground.',
      tags: ['enrichment'],
      about: [{ documentId: 'articles/adler', paragraph: 2 }],
      revision: 1,
    });
    expect(audit).toMatchObject({ caseNumber: 1, action: 'note.add', actor: alice });
    expect(events).toEqual([{ guildId: G1, changes: [{ note, audit }], version: 1 }]);
    expect(await showNote(deps, G1, note.id)).toEqual(note);
    await expect(showNote(deps, G2, note.id)).rejects.toThrow(new NoteNotFoundError(note.id));
  });

  it('rejects invalid fields and a taken title without writing', async () => {
    const { deps, events, storage } = notesDeps();
    await expect(addNote(deps, G1, alice, { title: '', text: 'x' })).rejects.toThrow('Title: is empty: write a title');
    await expect(addNote(deps, G1, alice, { title: 'T', text: 'x', about: 'articles/adler#9' })).rejects.toThrow(
      'About: "articles/adler#9": articles/adler has 3 paragraphs',
    );
    await addNote(deps, G1, alice, { title: 'Taken', text: 'x' });
    await expect(addNote(deps, G1, bob, { title: 'TAKEN', text: 'y' })).rejects.toThrow(TitleTakenError);
    expect(events).toHaveLength(1);
    expect(await storage.notes.version(G1)).toBe(1);
  });

  it('edits with a new revision, writes nothing when nothing changed, and refuses a stale form', async () => {
    const { deps, events } = notesDeps();
    const { note } = await addNote(deps, G1, alice, { title: 'Arak', text: 'Heavy water.', tags: 'reactor' });
    const same = await editNote(deps, G1, bob, note.id, noteToInput(note), { expectedRevision: 1 });
    expect(same).toEqual({ note, audit: null });
    const { note: edited, audit } = await editNote(
      deps,
      G1,
      bob,
      note.id,
      { ...noteToInput(note), text: 'Heavy water reactor.' },
      { expectedRevision: 1 },
    );
    expect(edited).toMatchObject({ revision: 2, body: 'Heavy water reactor.', tags: ['reactor'], updatedBy: bob, createdBy: alice });
    expect(audit).toMatchObject({ caseNumber: 2, revisionBefore: 1, revisionAfter: 2 });
    await expect(editNote(deps, G1, alice, note.id, { title: 'Arak', text: 'Stale.' }, { expectedRevision: 1 })).rejects.toThrow(
      NoteConflictError,
    );
    await expect(editNote(deps, G2, alice, note.id, { title: 'Arak', text: 'Other guild.' })).rejects.toThrow(NoteNotFoundError);
    expect(events.map((e) => e.version)).toEqual([1, 2]);
  });

  it('removes and restores, and refuses to edit a removed note', async () => {
    const { deps } = notesDeps();
    const { note } = await addNote(deps, G1, alice, { title: 'Parchin', text: 'Military site.' });
    await removeNote(deps, G1, bob, note.id);
    await expect(editNote(deps, G1, alice, note.id, { title: 'Parchin', text: 'x' })).rejects.toThrow(
      `Note #${note.id} is removed: restore it before editing it.`,
    );
    expect((await listNotes(deps, G1)).total).toBe(0);
    expect((await listNotes(deps, G1, { removed: true })).notes.map((n) => n.id)).toEqual([note.id]);
    expect((await restoreNote(deps, G1, alice, note.id)).note.removed).toBe(false);
    expect((await listNotes(deps, G1)).total).toBe(1);
  });

  it('pages the list and answers a page past the end with the last page', async () => {
    const { deps } = notesDeps();
    for (let i = 1; i <= 23; i++) await addNote(deps, G1, alice, { title: `Note ${String(i).padStart(2, '0')}`, text: 'x' });
    const second = await listNotes(deps, G1, { page: 2 });
    expect(second).toMatchObject({ page: 2, pageCount: 3, total: 23 });
    expect(second.notes.map((n) => n.title)).toEqual(Array.from({ length: 10 }, (_, i) => `Note ${String(i + 11).padStart(2, '0')}`));
    const past = await listNotes(deps, G1, { page: 9 });
    expect(past.page).toBe(3);
    expect(past.notes.map((n) => n.title)).toEqual(['Note 21', 'Note 22', 'Note 23']);
    expect(await listNotes(deps, G2, { page: 4 })).toEqual({ notes: [], page: 1, pageCount: 1, total: 0 });
  });

  it('matches titles for autocomplete by words, accents and case folded, prefix first, in this guild only', async () => {
    const { deps } = notesDeps();
    const { note: energy } = await addNote(deps, G1, alice, { title: 'Énergie atomique', text: 'x' });
    await addNote(deps, G1, alice, { title: 'Atomic energy agency', text: 'x' });
    const { note: removed } = await addNote(deps, G1, alice, { title: 'Atomic bomb myths', text: 'x' });
    await removeNote(deps, G1, alice, removed.id);
    await addNote(deps, G2, alice, { title: 'Atomic secrets of guild two', text: 'x' });
    expect((await matchNotes(deps, G1, 'atom')).map((t) => t.title)).toEqual(['Atomic energy agency', 'Énergie atomique']);
    expect((await matchNotes(deps, G1, 'energie ATOM')).map((t) => t.title)).toEqual(['Énergie atomique']);
    expect((await matchNotes(deps, G1, 'atom', { state: 'removed' })).map((t) => t.title)).toEqual(['Atomic bomb myths']);
    expect((await matchNotes(deps, G1, `#${energy.id}`)).map((t) => t.id)).toEqual([energy.id]);
    expect(await matchNotes(deps, G1, '', { limit: 1 })).toHaveLength(1);
  });

  it('resolves an option value given as an id or a title', async () => {
    const { deps } = notesDeps();
    const { note } = await addNote(deps, G1, alice, { title: 'Oman channel', text: 'x' });
    expect((await resolveNote(deps, G1, String(note.id))).id).toBe(note.id);
    expect((await resolveNote(deps, G1, `#${note.id}`)).id).toBe(note.id);
    expect((await resolveNote(deps, G1, 'oman CHANNEL')).id).toBe(note.id);
    await expect(resolveNote(deps, G1, 'Nothing')).rejects.toThrow(
      new UserError('There is no note titled "Nothing" in this server: pick one from the list.'),
    );
    await expect(resolveNote(deps, G2, String(note.id))).rejects.toThrow(NoteNotFoundError);
  });

  it('lists gaps through the storage', async () => {
    const { deps, storage } = notesDeps();
    const answers = new AnswerStore(storage.db);
    answers.save({ guildId: G1, userId: 'u', question: 'Who is Stuxnet?', corpusVersion: 'v', answered: false, isPrivate: false });
    expect(await listGaps(deps, G1)).toMatchObject([{ question: 'Who is Stuxnet?', unanswered: 1, notHelpful: 0 }]);
    expect(await listGaps(deps, G2)).toEqual([]);
  });
});

describe('note history', () => {
  it('gives each revision with its author, time, case, changed fields and a short diff, newest first', async () => {
    const { deps } = notesDeps();
    const long = `${'The agency is in Vienna and it inspects sites. '.repeat(6)}The end.`;
    const { note } = await addNote(deps, G1, alice, { title: 'IAEA', text: `${long}\n\nSecond paragraph.`, tags: 'Vienna' });
    await editNote(deps, G1, bob, note.id, {
      title: 'The IAEA',
      text: `${long.replace('The end.', 'The final end.')}\n\nSecond paragraph.\n\nA third one.`,
      tags: 'Vienna, UN',
      source: 'https://www.iaea.org/',
      about: 'notes/iaea',
    });
    await removeNote(deps, G1, alice, note.id);
    await restoreNote(deps, G1, bob, note.id);
    const history = await noteHistory(deps, G1, note.id);
    expect(history.map((h) => [h.kind, h.revision, h.author.displayName, h.caseNumber])).toEqual([
      ['restored', 2, 'Bob', 4],
      ['removed', 2, 'Alice', 3],
      ['revision', 2, 'Bob', 2],
      ['revision', 1, 'Alice', 1],
    ]);
    const edit = history[2]!;
    const created = history[3]!;
    if (edit.kind !== 'revision' || created.kind !== 'revision') throw new Error('expected revisions');
    expect(created.changes).toEqual(['created: 2 paragraphs']);
    expect(edit.changes).toEqual([
      'title: "IAEA" → "The IAEA"',
      'text: 2 paragraphs new or changed, 1 paragraph replaced or deleted',
      'tags: +UN',
      'source link added: https://www.iaea.org/',
      'about: +notes/iaea',
    ]);
    // The long paragraph's one-word change is shown around that word, not as the paragraph's start.
    expect(edit.diff).toEqual([
      '- ¶1 …Vienna and it inspects sites. The end.',
      '+ ¶1 …Vienna and it inspects sites. The final end.',
      '+ ¶3 A third one.',
    ]);
    expect(edit.omittedLines).toBe(0);
    expect(created.diff).toHaveLength(2);
    expect(created.diff[0]!.length).toBeLessThanOrEqual(120);
    expect((await noteHistory(deps, G1, note.id, { maxDiffLines: 1 }))[2]).toMatchObject({
      diff: ['- ¶1 …Vienna and it inspects sites. The end.'],
      omittedLines: 2,
    });
    await expect(noteHistory(deps, G2, note.id)).rejects.toThrow(NoteNotFoundError);
  });
});
