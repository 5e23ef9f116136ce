// The storage contract: every implementation of `Storage` (src/storage/types.ts) runs this suite. Each backend
// provides a fresh database per test and the means to put it in each fault state.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import {
  NoteConflictError,
  NoteNotFoundError,
  NoteStateError,
  StorageBusyError,
  StorageUnavailableError,
  TitleTakenError,
} from '../../../src/storage/errors.js';
import type { Actor, LoggedQuestion, NoteContent, Storage } from '../../../src/storage/types.js';

/** One empty database of the backend under test. */
export interface ContractDatabase {
  /** A connection to this database, with a short busy timeout (about 100 ms). Called again after `close`, it reopens the same data. */
  open(): Promise<Storage>;
  /** A connection to this database that cannot write, as when its file is read-only. */
  openReadOnly(): Promise<Storage>;
  /** Another connection takes the write lock and holds it until the returned function is called. */
  lock(): Promise<() => Promise<void>>;
  /** The database runs out of space: `storage`'s next writes that need room fail. */
  fill(storage: Storage): Promise<void>;
  /** Deletes everything the database left behind. */
  destroy(): Promise<void>;
}

export type ContractBackend = () => Promise<ContractDatabase>;

const alice: Actor = { id: '100000000000000001', displayName: 'Alice' };
const bob: Actor = { id: '100000000000000002', displayName: 'Bob' };
const G1 = '200000000000000001';
const G2 = '200000000000000002';

function content(title: string, body = `About ${title}.`, extra: Partial<NoteContent> = {}): NoteContent {
  return { title, body, tags: [], source: null, about: [], ...extra };
}

/** Registers the contract suite for one backend. */
export function describeStorageContract(name: string, backend: ContractBackend): void {
  describe(`Storage contract: ${name}`, () => {
    let database: ContractDatabase;
    let storage: Storage;
    const opened: Storage[] = [];
    const open = async () => {
      const s = await database.open();
      opened.push(s);
      return s;
    };

    beforeEach(async () => {
      database = await backend();
      storage = await open();
    });
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
      await database.destroy();
    });

    describe('notes', () => {
      it('creates a note at revision 1 with its content, author and first audit case', async () => {
        const full = content('Natanz', 'First paragraph.\n\nSecond paragraph.', {
          tags: ['enrichment', 'IAEA'],
          source: 'https://example.org/natanz',
          about: [{ documentId: 'articles/adler', paragraph: 3 }, { documentId: 'notes/iaea' }],
        });
        const { note, audit } = await storage.notes.create(G1, full, alice);
        expect(note).toEqual({
          ...full,
          id: expect.any(Number) as number,
          guildId: G1,
          revision: 1,
          removed: false,
          createdBy: alice,
          createdAt: expect.any(Number) as number,
          updatedBy: alice,
          updatedAt: note.createdAt,
        });
        expect(audit).toEqual({
          guildId: G1,
          caseNumber: 1,
          action: 'note.add',
          actor: alice,
          noteId: note.id,
          revisionBefore: null,
          revisionAfter: 1,
          before: null,
          after: null,
          detail: null,
          createdAt: note.createdAt,
          logMessageId: null,
          logChannelId: null,
        });
        expect(await storage.notes.get(G1, note.id)).toEqual(note);
        expect(await storage.notes.findByTitle(G1, 'NATANZ')).toEqual(note);
        expect(await storage.notes.version(G1)).toBe(1);
      });

      it('keeps every revision when a note is edited, and numbers the cases', async () => {
        const { note } = await storage.notes.create(G1, content('Fordow', 'Old text.'), alice);
        const edited = await storage.notes.update(G1, note.id, content('Fordow plant', 'New text.', { tags: ['Qom'] }), bob, {
          detail: 'typo',
        });
        expect(edited.note).toMatchObject({
          id: note.id,
          title: 'Fordow plant',
          body: 'New text.',
          tags: ['Qom'],
          revision: 2,
          createdBy: alice,
          updatedBy: bob,
        });
        expect(edited.audit).toMatchObject({
          caseNumber: 2,
          action: 'note.edit',
          actor: bob,
          noteId: note.id,
          revisionBefore: 1,
          revisionAfter: 2,
          detail: 'typo',
        });
        const revisions = await storage.notes.revisions(G1, note.id);
        expect(revisions.map((r) => [r.revision, r.title, r.body, r.author.displayName])).toEqual([
          [1, 'Fordow', 'Old text.', 'Alice'],
          [2, 'Fordow plant', 'New text.', 'Bob'],
        ]);
        // The old title is free again; the new one is taken.
        expect((await storage.notes.create(G1, content('fordow'), alice)).note.revision).toBe(1);
        await expect(storage.notes.create(G1, content('FORDOW PLANT'), alice)).rejects.toThrow(TitleTakenError);
        expect(await storage.notes.version(G1)).toBe(3);
      });

      it('refuses an edit prepared against an older revision, and writes nothing', async () => {
        const { note } = await storage.notes.create(G1, content('Arak'), alice);
        await storage.notes.update(G1, note.id, content('Arak', 'Bob was first.'), bob, { expectedRevision: 1 });
        const late = storage.notes.update(G1, note.id, content('Arak', 'Alice was late.'), alice, { expectedRevision: 1 });
        await expect(late).rejects.toThrow(NoteConflictError);
        await expect(late).rejects.toThrow(
          'Note #' +
            note.id +
            ' was changed by Bob after you opened it (now revision 2, you started from 1): nothing was saved. Open it again to see their change.',
        );
        expect((await storage.notes.get(G1, note.id))!.body).toBe('Bob was first.');
        expect(await storage.notes.revisions(G1, note.id)).toHaveLength(2);
        expect(await storage.notes.version(G1)).toBe(2);
      });

      it('removes a note from lists and title lookups but keeps it, and restores it', async () => {
        const { note } = await storage.notes.create(G1, content('Parchin'), alice);
        await storage.notes.create(G1, content('Bushehr'), alice);
        const removed = await storage.notes.setRemoved(G1, note.id, true, bob);
        expect(removed.note).toMatchObject({ removed: true, revision: 1, updatedBy: bob });
        expect(removed.audit).toMatchObject({ caseNumber: 3, action: 'note.remove', actor: bob, revisionBefore: 1, revisionAfter: 1 });
        expect((await storage.notes.list(G1)).notes.map((n) => n.title)).toEqual(['Bushehr']);
        expect((await storage.notes.list(G1, { removed: true })).notes.map((n) => n.title)).toEqual(['Parchin']);
        expect((await storage.notes.live(G1)).map((n) => n.title)).toEqual(['Bushehr']);
        expect(await storage.notes.findByTitle(G1, 'Parchin')).toBeUndefined();
        expect(await storage.notes.get(G1, note.id)).toMatchObject({ removed: true, body: 'About Parchin.' });
        expect(await storage.notes.titles(G1)).toEqual([
          { id: expect.any(Number) as number, title: 'Bushehr', removed: false },
          { id: note.id, title: 'Parchin', removed: true },
        ]);

        await expect(storage.notes.setRemoved(G1, note.id, true, bob)).rejects.toThrow(
          new NoteStateError(`Note #${note.id} is already removed.`),
        );
        await expect(storage.notes.update(G1, note.id, content('Parchin', 'x'), bob)).rejects.toThrow(
          `Note #${note.id} is removed: restore it before editing it.`,
        );

        const restored = await storage.notes.setRemoved(G1, note.id, false, alice);
        expect(restored.note).toMatchObject({ removed: false, revision: 1, updatedBy: alice });
        expect(restored.audit).toMatchObject({ caseNumber: 4, action: 'note.restore' });
        await expect(storage.notes.setRemoved(G1, note.id, false, alice)).rejects.toThrow(
          new NoteStateError(`Note #${note.id} is not removed.`),
        );
        expect((await storage.notes.list(G1)).notes.map((n) => n.title)).toEqual(['Bushehr', 'Parchin']);
        expect(await storage.notes.version(G1)).toBe(4);
      });

      it("lets a removed note's title be reused, and then refuses to restore it over the new note", async () => {
        const { note: old } = await storage.notes.create(G1, content('Sanctions'), alice);
        await storage.notes.setRemoved(G1, old.id, true, alice);
        const { note: fresh } = await storage.notes.create(G1, content('sanctions', 'A new text.'), bob);
        const restore = storage.notes.setRemoved(G1, old.id, false, alice);
        await expect(restore).rejects.toThrow(TitleTakenError);
        await expect(restore).rejects.toThrow(
          `A note titled "sanctions" already exists in this server (note #${fresh.id}): choose another title, or edit that note.`,
        );
        expect((await storage.notes.get(G1, old.id))!.removed).toBe(true);
      });

      it('compares titles case-insensitively, Unicode and spaces included, within one guild only', async () => {
        await storage.notes.create(G1, content('Énergie atomique'), alice);
        for (const title of ['énergie atomique', 'ÉNERGIE   ATOMIQUE', ' Énergie atomique ']) {
          await expect(storage.notes.create(G1, content(title), alice), title).rejects.toThrow(TitleTakenError);
        }
        expect((await storage.notes.create(G2, content('énergie atomique'), alice)).note.guildId).toBe(G2);
        expect((await storage.notes.list(G1)).total).toBe(1);
      });

      it('lists by title, case-insensitively, a page at a time with the total', async () => {
        const titles = Array.from({ length: 25 }, (_, i) => `${i % 2 ? 'note' : 'Note'} ${String(i).padStart(2, '0')}`);
        for (const title of [...titles].reverse()) await storage.notes.create(G1, content(title), alice);
        const page = await storage.notes.list(G1, { offset: 20, limit: 10 });
        expect(page.total).toBe(25);
        expect(page.notes.map((n) => n.title)).toEqual(titles.slice(20));
        expect((await storage.notes.list(G1, { limit: 3 })).notes.map((n) => n.title)).toEqual(titles.slice(0, 3));
        expect((await storage.notes.live(G1)).map((n) => n.title)).toEqual([...titles].reverse());
      });

      it('writes a batch in one transaction: one failing write leaves nothing behind', async () => {
        const { note } = await storage.notes.create(G1, content('Vienna'), alice);
        await storage.notes.update(G1, note.id, content('Vienna', 'Changed meanwhile.'), bob);
        const failing = storage.notes.writeBatch(
          G1,
          [
            { kind: 'create', content: content('Geneva') },
            { kind: 'update', noteId: note.id, expectedRevision: 1, content: content('Vienna', 'Imported.') },
          ],
          alice,
        );
        await expect(failing).rejects.toThrow(NoteConflictError);
        expect(await storage.notes.findByTitle(G1, 'Geneva')).toBeUndefined();
        expect((await storage.notes.get(G1, note.id))!.body).toBe('Changed meanwhile.');
        expect(await storage.notes.version(G1)).toBe(2);
        expect((await storage.audit.list(G1)).map((a) => a.caseNumber)).toEqual([2, 1]);

        const changes = await storage.notes.writeBatch(
          G1,
          [
            { kind: 'create', content: content('Geneva'), detail: 'import a.zip: geneva.md' },
            {
              kind: 'update',
              noteId: note.id,
              expectedRevision: 2,
              content: content('Vienna', 'Imported.'),
              detail: 'import a.zip: vienna.md',
            },
          ],
          alice,
        );
        expect(changes.map((c) => [c.note.title, c.note.revision, c.audit.caseNumber, c.audit.action, c.audit.detail])).toEqual([
          ['Geneva', 1, 3, 'note.add', 'import a.zip: geneva.md'],
          ['Vienna', 3, 4, 'note.edit', 'import a.zip: vienna.md'],
        ]);
        // Two creates of one title in a batch: the second fails and takes the first with it.
        await expect(
          storage.notes.writeBatch(
            G1,
            [
              { kind: 'create', content: content('Oman') },
              { kind: 'create', content: content('OMAN') },
            ],
            alice,
          ),
        ).rejects.toThrow(TitleTakenError);
        expect(await storage.notes.findByTitle(G1, 'Oman')).toBeUndefined();
      });

      it('stores 50 notes saved at the same moment, each once, with cases 1 to 50', async () => {
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) => storage.notes.create(G1, content(`Concurrent ${i}`), i % 2 ? alice : bob)),
        );
        expect(new Set(results.map((r) => r.note.id)).size).toBe(50);
        expect(results.map((r) => r.audit.caseNumber).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
        const { notes, total } = await storage.notes.list(G1);
        expect(total).toBe(50);
        expect(notes.map((n) => n.title).sort()).toEqual(Array.from({ length: 50 }, (_, i) => `Concurrent ${i}`).sort());
        expect(await storage.notes.version(G1)).toBe(50);
      });

      it('lets exactly one of 20 simultaneous saves of the same title through', async () => {
        const results = await Promise.allSettled(Array.from({ length: 20 }, () => storage.notes.create(G1, content('Same title'), alice)));
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(TitleTakenError);
        expect((await storage.notes.list(G1)).total).toBe(1);
      });

      it('keeps notes, revisions, cases and versions across closing and reopening', async () => {
        const { note } = await storage.notes.create(G1, content('Qom', 'One.'), alice);
        await storage.notes.update(G1, note.id, content('Qom', 'Two.'), bob);
        await storage.close();
        await storage.close(); // twice is harmless
        const again = await open();
        expect(await again.notes.get(G1, note.id)).toMatchObject({ title: 'Qom', body: 'Two.', revision: 2 });
        expect((await again.notes.revisions(G1, note.id)).map((r) => r.body)).toEqual(['One.', 'Two.']);
        expect(await again.notes.version(G1)).toBe(2);
        expect((await again.notes.create(G1, content('Isfahan'), alice)).audit.caseNumber).toBe(3);
        expect(await again.notes.guilds()).toEqual([G1]);
      });
    });

    describe('isolation between guilds', () => {
      it("treats another guild's note id as not found, for every method", async () => {
        const { note, audit } = await storage.notes.create(G1, content('Secret of guild one', 'Private text.'), alice);
        expect(await storage.notes.get(G2, note.id)).toBeUndefined();
        expect(await storage.notes.findByTitle(G2, 'Secret of guild one')).toBeUndefined();
        expect(await storage.notes.revisions(G2, note.id)).toEqual([]);
        await expect(storage.notes.update(G2, note.id, content('Taken over'), bob)).rejects.toThrow(new NoteNotFoundError(note.id));
        await expect(storage.notes.setRemoved(G2, note.id, true, bob)).rejects.toThrow(`There is no note #${note.id} in this server.`);
        await expect(
          storage.notes.writeBatch(G2, [{ kind: 'update', noteId: note.id, expectedRevision: 1, content: content('x') }], bob),
        ).rejects.toThrow(NoteNotFoundError);
        expect(await storage.notes.list(G2)).toEqual({ notes: [], total: 0 });
        expect(await storage.notes.live(G2)).toEqual([]);
        expect(await storage.notes.titles(G2)).toEqual([]);
        expect(await storage.notes.version(G2)).toBe(0);
        expect(await storage.audit.get(G2, audit.caseNumber)).toBeUndefined();
        expect(await storage.audit.list(G2)).toEqual([]);
        expect(await storage.audit.setLogMessage(G2, audit.caseNumber, '300000000000000001')).toBe(false);
        // Nothing above changed guild one's note.
        expect(await storage.notes.get(G1, note.id)).toEqual(note);
        expect((await storage.audit.get(G1, audit.caseNumber))!.logMessageId).toBeNull();
      });

      it("numbers each guild's cases and counts its versions on their own", async () => {
        await storage.notes.create(G1, content('One'), alice);
        await storage.notes.create(G1, content('Two'), alice);
        const { audit } = await storage.notes.create(G2, content('One'), alice);
        expect(audit.caseNumber).toBe(1);
        expect(await storage.notes.version(G1)).toBe(2);
        expect(await storage.notes.version(G2)).toBe(1);
        expect(await storage.notes.guilds()).toEqual([G1, G2].sort());
      });
    });

    describe('audit', () => {
      it('lists cases newest first, by note, a page at a time, and remembers the log message of a case', async () => {
        const { note: a } = await storage.notes.create(G1, content('A'), alice);
        const { note: b } = await storage.notes.create(G1, content('B'), alice);
        await storage.notes.update(G1, a.id, content('A', 'changed'), bob);
        await storage.notes.setRemoved(G1, b.id, true, bob);
        expect((await storage.audit.list(G1)).map((e) => [e.caseNumber, e.action])).toEqual([
          [4, 'note.remove'],
          [3, 'note.edit'],
          [2, 'note.add'],
          [1, 'note.add'],
        ]);
        expect((await storage.audit.list(G1, { noteId: a.id })).map((e) => e.caseNumber)).toEqual([3, 1]);
        expect((await storage.audit.list(G1, { limit: 2, beforeCase: 4 })).map((e) => e.caseNumber)).toEqual([3, 2]);
        expect(await storage.audit.setLogMessage(G1, 3, '300000000000000003', '310000000000000003')).toBe(true);
        expect(await storage.audit.get(G1, 3)).toMatchObject({
          caseNumber: 3,
          actor: bob,
          revisionBefore: 1,
          revisionAfter: 2,
          logMessageId: '300000000000000003',
          logChannelId: '310000000000000003',
        });
        expect(await storage.audit.get(G1, 99)).toBeUndefined();
      });
    });

    describe('settings', () => {
      const none = {
        answerVisibility: null,
        passagesPerAnswer: null,
        askChannels: null,
        moderatorRole: null,
        disabledCommands: null,
        excludedDocuments: null,
        logChannel: null,
        askCooldown: null,
        answersPerMinute: null,
      };

      it('reads every setting as null (the default) for a guild that never changed one', async () => {
        expect(await storage.settings.get(G1)).toEqual(none);
      });

      it('writes the changed values and their case, before and after, in the sequence of the note cases', async () => {
        await storage.notes.create(G1, content('A'), alice);
        const audit = await storage.settings.update(G1, alice, 'settings.set', () => ({
          passagesPerAnswer: 5,
          askChannels: ['310000000000000001'],
        }));
        expect(audit).toEqual({
          guildId: G1,
          caseNumber: 2,
          action: 'settings.set',
          actor: alice,
          noteId: null,
          revisionBefore: null,
          revisionAfter: null,
          before: { passagesPerAnswer: null, askChannels: null },
          after: { passagesPerAnswer: 5, askChannels: ['310000000000000001'] },
          detail: null,
          createdAt: expect.any(Number) as number,
          logMessageId: null,
          logChannelId: null,
        });
        expect(await storage.settings.get(G1)).toEqual({ ...none, passagesPerAnswer: 5, askChannels: ['310000000000000001'] });
        const reset = await storage.settings.update(G1, bob, 'settings.reset', () => ({ passagesPerAnswer: null }));
        expect(reset).toMatchObject({
          caseNumber: 3,
          action: 'settings.reset',
          actor: bob,
          before: { passagesPerAnswer: 5 },
          after: { passagesPerAnswer: null },
        });
        expect(await storage.settings.get(G1)).toEqual({ ...none, askChannels: ['310000000000000001'] });
        expect((await storage.audit.list(G1)).map((e) => e.action)).toEqual(['settings.reset', 'settings.set', 'note.add']);
      });

      it('gives the update the current values, and writes nothing when nothing would change', async () => {
        await storage.settings.update(G1, alice, 'settings.set', () => ({ askChannels: ['310000000000000001'] }));
        const audit = await storage.settings.update(G1, bob, 'settings.set', (current) => ({
          askChannels: [...(current.askChannels ?? []), '310000000000000002'],
        }));
        expect(audit?.before).toEqual({ askChannels: ['310000000000000001'] });
        expect(audit?.after).toEqual({ askChannels: ['310000000000000001', '310000000000000002'] });
        expect(await storage.settings.update(G1, bob, 'settings.set', (current) => ({ askChannels: current.askChannels }))).toBeNull();
        expect(await storage.settings.update(G1, bob, 'settings.reset', () => ({ logChannel: null }))).toBeNull();
        expect(await storage.audit.list(G1)).toHaveLength(2);
      });

      it('rolls back and rethrows when the update throws', async () => {
        await expect(
          storage.settings.update(G1, alice, 'settings.set', () => {
            throw new UserError('refused');
          }),
        ).rejects.toThrow(new UserError('refused'));
        expect(await storage.settings.get(G1)).toEqual(none);
        expect(await storage.audit.list(G1)).toEqual([]);
      });

      it('keeps the rate limits, and the ceiling turned off again', async () => {
        await storage.settings.update(G1, alice, 'settings.set', () => ({ askCooldown: 30, answersPerMinute: 12 }));
        expect(await storage.settings.get(G1)).toEqual({ ...none, askCooldown: 30, answersPerMinute: 12 });
        await storage.settings.update(G1, alice, 'settings.reset', () => ({ answersPerMinute: null }));
        expect(await storage.settings.get(G1)).toEqual({ ...none, askCooldown: 30 });
      });

      it("keeps each guild's settings to itself, across closing and reopening", async () => {
        await storage.settings.update(G1, alice, 'settings.set', () => ({
          answerVisibility: 'private',
          excludedDocuments: ['notes/iaea'],
        }));
        expect(await storage.settings.get(G2)).toEqual(none);
        await storage.settings.update(G2, alice, 'settings.set', () => ({ passagesPerAnswer: 1 }));
        await storage.close();
        const again = await open();
        expect(await again.settings.get(G1)).toEqual({ ...none, answerVisibility: 'private', excludedDocuments: ['notes/iaea'] });
        expect(await again.settings.get(G2)).toEqual({ ...none, passagesPerAnswer: 1 });
        expect((await again.audit.list(G2)).map((e) => e.caseNumber)).toEqual([1]);
      });

      it('refuses a settings change on a read-only database with a typed error', async () => {
        await storage.close();
        const readOnly = await database.openReadOnly();
        opened.push(readOnly);
        await expect(readOnly.settings.update(G1, alice, 'settings.set', () => ({ passagesPerAnswer: 2 }))).rejects.toMatchObject({
          reason: 'read-only',
        });
        expect(await readOnly.settings.get(G1)).toEqual(none);
      });
    });

    describe('pending imports', () => {
      const plan = { guildId: G1, archiveName: 'notes.zip', add: [{ file: 'a.md', content: content('A') }], problems: [] };

      it('keeps a plan for its guild and moderator until it is deleted, and never gives its id again', async () => {
        const id = await storage.imports.put(G1, alice.id, plan, 60_000);
        const kept = await storage.imports.get(G1, id);
        expect(kept).toEqual({
          id,
          guildId: G1,
          userId: alice.id,
          plan,
          createdAt: expect.any(Number) as number,
          expiresAt: kept!.createdAt + 60_000,
        });
        expect(await storage.imports.delete(G1, id)).toBe(true);
        expect(await storage.imports.get(G1, id)).toBeUndefined();
        expect(await storage.imports.delete(G1, id)).toBe(false);
        // The newest plan deleted, the next one still gets a new id: an old Confirm button cannot apply it.
        const next = await storage.imports.put(G1, alice.id, plan, 60_000);
        expect(next).toBeGreaterThan(id);
      });

      it("treats another guild's plan as not found, and does not delete it", async () => {
        const id = await storage.imports.put(G1, alice.id, plan, 60_000);
        expect(await storage.imports.get(G2, id)).toBeUndefined();
        expect(await storage.imports.delete(G2, id)).toBe(false);
        expect((await storage.imports.get(G1, id))?.userId).toBe(alice.id);
      });

      it('forgets a plan once it has expired', async () => {
        const expired = await storage.imports.put(G1, bob.id, plan, 0);
        expect(await storage.imports.get(G1, expired)).toBeUndefined();
        const live = await storage.imports.put(G1, bob.id, plan, 60_000);
        expect(await storage.imports.get(G1, live)).toBeDefined();
      });

      it('keeps plans across closing and reopening', async () => {
        const id = await storage.imports.put(G1, alice.id, plan, 60_000);
        await storage.close();
        const again = await open();
        expect((await again.imports.get(G1, id))?.plan).toEqual(plan);
      });
    });

    describe('question log', () => {
      const hash = (n: number) => n.toString(16).padStart(64, '0');
      const asked = (guildId: string, askedAt: number, extra: Partial<LoggedQuestion> = {}): LoggedQuestion => ({
        guildId,
        askedAt,
        question: 'who is susan rice',
        answered: true,
        refusal: null,
        memberHash: hash(1),
        isPrivate: false,
        answerId: 7,
        ...extra,
      });

      it("lists a guild's questions in a time range, oldest first, without ratings when none were given", async () => {
        await storage.questionLog.record(asked(G1, 2_000, { question: 'b', answered: false, refusal: 'no-match', answerId: null }));
        await storage.questionLog.record(asked(G1, 1_000, { question: 'a' }));
        await storage.questionLog.record(asked(G1, 3_000, { question: 'c' }));
        const listed = await storage.questionLog.list(G1, 1_000, 3_000);
        expect(listed).toEqual([
          { ...asked(G1, 1_000, { question: 'a' }), helpful: 0, notHelpful: 0 },
          { ...asked(G1, 2_000, { question: 'b', answered: false, refusal: 'no-match', answerId: null }), helpful: 0, notHelpful: 0 },
        ]);
      });

      it("never keeps a private question's text, nor a refusal reason for an answered question", async () => {
        await storage.questionLog.record(asked(G1, 1_000, { isPrivate: true, question: 'my secret question' }));
        await storage.questionLog.record(asked(G1, 2_000, { refusal: 'weak-match' }));
        const [secret, answered] = await storage.questionLog.list(G1, 0, 10_000);
        expect(secret).toMatchObject({ isPrivate: true, question: null });
        expect(answered).toMatchObject({ answered: true, refusal: null });
      });

      it("keeps each guild's questions to itself, and purges every guild's old questions", async () => {
        await storage.questionLog.record(asked(G1, 1_000));
        await storage.questionLog.record(asked(G2, 1_000, { memberHash: hash(2) }));
        await storage.questionLog.record(asked(G2, 5_000, { memberHash: hash(3) }));
        expect((await storage.questionLog.list(G1, 0, 10_000)).map((q) => q.guildId)).toEqual([G1]);
        expect((await storage.questionLog.list(G2, 0, 10_000)).map((q) => q.memberHash)).toEqual([hash(2), hash(3)]);
        expect(await storage.questionLog.purge(5_000)).toBe(2);
        expect(await storage.questionLog.list(G1, 0, 10_000)).toEqual([]);
        expect((await storage.questionLog.list(G2, 0, 10_000)).map((q) => q.askedAt)).toEqual([5_000]);
        await storage.close();
        const again = await open();
        expect((await again.questionLog.list(G2, 0, 10_000)).map((q) => q.askedAt)).toEqual([5_000]);
      });

      it('refuses to record on a read-only database with a typed error', async () => {
        await storage.close();
        const readOnly = await database.openReadOnly();
        opened.push(readOnly);
        await expect(readOnly.questionLog.record(asked(G1, 1_000))).rejects.toMatchObject({ reason: 'read-only' });
        expect(await readOnly.questionLog.list(G1, 0, 10_000)).toEqual([]);
      });
    });

    describe('cooldowns', () => {
      it("keeps each member's last question per guild, the latest time winning, across closing and reopening", async () => {
        await storage.cooldowns.record(G1, alice.id, 1_000);
        await storage.cooldowns.record(G1, alice.id, 5_000);
        // Written late, an earlier question does not move the time back.
        await storage.cooldowns.record(G1, alice.id, 4_000);
        await storage.cooldowns.record(G2, alice.id, 2_000);
        await storage.cooldowns.record(G1, bob.id, 3_000);
        await storage.close();
        const again = await open();
        const byTime = (a: { askedAt: number }, b: { askedAt: number }) => a.askedAt - b.askedAt;
        expect((await again.cooldowns.recent(0)).sort(byTime)).toEqual([
          { guildId: G2, member: alice.id, askedAt: 2_000 },
          { guildId: G1, member: bob.id, askedAt: 3_000 },
          { guildId: G1, member: alice.id, askedAt: 5_000 },
        ]);
        expect((await again.cooldowns.recent(3_000)).sort(byTime).map((e) => e.askedAt)).toEqual([3_000, 5_000]);
      });

      it('forgets questions older than a time, and only those', async () => {
        await storage.cooldowns.record(G1, alice.id, 1_000);
        await storage.cooldowns.record(G2, bob.id, 9_000);
        expect(await storage.cooldowns.forget(5_000)).toBe(1);
        expect(await storage.cooldowns.recent(0)).toEqual([{ guildId: G2, member: bob.id, askedAt: 9_000 }]);
      });

      it('refuses to record on a read-only database with a typed error', async () => {
        await storage.close();
        const readOnly = await database.openReadOnly();
        opened.push(readOnly);
        await expect(readOnly.cooldowns.record(G1, alice.id, 1_000)).rejects.toMatchObject({ reason: 'read-only' });
        expect(await readOnly.cooldowns.recent(0)).toEqual([]);
      });
    });

    describe('faults', () => {
      it('refuses writes on a read-only database with a typed error, and still reads', async () => {
        const { note } = await storage.notes.create(G1, content('Kept'), alice);
        await storage.close();
        const readOnly = await database.openReadOnly();
        opened.push(readOnly);
        const write = readOnly.notes.create(G1, content('Lost'), alice);
        await expect(write).rejects.toThrow(StorageUnavailableError);
        await expect(write).rejects.toMatchObject({ reason: 'read-only' });
        await expect(write).rejects.toBeInstanceOf(UserError);
        await expect(readOnly.notes.update(G1, note.id, content('Kept', 'edit'), alice)).rejects.toMatchObject({ reason: 'read-only' });
        expect((await readOnly.notes.list(G1)).notes.map((n) => n.title)).toEqual(['Kept']);
        await readOnly.close();
        const writable = await open();
        expect((await writable.notes.list(G1)).total).toBe(1);
      });

      it('reports a database locked by another connection as busy, writes nothing, and works once it is released', async () => {
        const { note } = await storage.notes.create(G1, content('Before lock'), alice);
        const release = await database.lock();
        try {
          await expect(storage.notes.create(G1, content('During lock'), alice)).rejects.toThrow(StorageBusyError);
          await expect(storage.notes.update(G1, note.id, content('Before lock', 'x'), alice)).rejects.toThrow(
            "The bot's database is busy right now: nothing was saved. Please try again in a moment.",
          );
          // Readers are not blocked by a writer.
          expect((await storage.notes.list(G1)).total).toBe(1);
        } finally {
          await release();
        }
        expect(await storage.notes.findByTitle(G1, 'During lock')).toBeUndefined();
        expect((await storage.notes.create(G1, content('After lock'), alice)).audit.caseNumber).toBe(2);
      });

      it('reports a full disk with a typed error, writes nothing, and keeps reading', async () => {
        await storage.notes.create(G1, content('Before full'), alice);
        await database.fill(storage);
        const big = 'x'.repeat(4000);
        let failure: unknown;
        // The first notes may still fit in free pages: write until the space runs out.
        for (let i = 0; i < 200 && failure === undefined; i++) {
          await storage.notes.create(G1, content(`Filler ${i}`, big), alice).catch((error: unknown) => (failure = error));
        }
        expect(failure).toBeInstanceOf(StorageUnavailableError);
        expect(failure).toMatchObject({
          reason: 'disk-full',
          message: "The bot's disk is full, so nothing was saved. The bot's operator must free some space.",
        });
        const { notes, total } = await storage.notes.list(G1);
        // The failed note left neither a note, a revision nor an audit row behind.
        expect(await storage.notes.version(G1)).toBe(total);
        expect((await storage.audit.list(G1, { limit: 1000 })).length).toBe(total);
        for (const n of notes) expect(await storage.notes.revisions(G1, n.id)).toHaveLength(1);
      });
    });
  });
}
