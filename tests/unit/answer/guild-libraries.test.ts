import { beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../src/answer/answer.js';
import { GuildLibraries } from '../../../src/answer/guild-libraries.js';
import type { Library } from '../../../src/search/library.js';
import type { Note } from '../../../src/storage/types.js';
import { useFixtureLibraries } from '../helpers/fixture-corpus.js';
import { serverNote } from '../helpers/server-notes.js';

const G1 = '200000000000000001';
const G2 = '200000000000000002';
const G3 = '200000000000000003';

const libraries = useFixtureLibraries();
let shipped: Library;
beforeAll(() => {
  shipped = libraries.fixture();
});

/** Notes per guild, as a storage would hold them, and every read made of them. */
function fakeStore(initial: Record<string, Note[]> = {}) {
  const notes = new Map(Object.entries(initial));
  const reads: string[] = [];
  return {
    notes,
    reads,
    liveNotes: (guildId: string) => {
      reads.push(guildId);
      return Promise.resolve(notes.get(guildId) ?? []);
    },
  };
}

const cited = (library: Library, question: string) => {
  const answer = answerQuestion(question, { library });
  return answer.answered ? answer.passages.map((p) => `${p.documentId}#${p.paragraph}`) : [];
};

const fordow = (guildId = G1, extra: Partial<Note> = {}) =>
  serverNote(1, 'Fordow', 'Fordow is an enrichment plant dug into a mountain near Qom.', { guildId, ...extra });

describe('GuildLibraries', () => {
  it('searches the shipped library itself in a DM and in a server without notes, reading nothing', async () => {
    const store = fakeStore({ [G1]: [fordow()] });
    const guilds = new GuildLibraries({ shipped, liveNotes: store.liveNotes });
    expect((await guilds.libraryFor(null, 3)).library).toBe(shipped);
    expect((await guilds.libraryFor(G2, 0)).library).toBe(shipped);
    expect(store.reads).toEqual([]);
  });

  it("builds a server's library from its own notes once per version, and again when the version changes", async () => {
    const store = fakeStore({ [G1]: [fordow()] });
    const guilds = new GuildLibraries({ shipped, liveNotes: store.liveNotes });
    const first = (await guilds.libraryFor(G1, 1)).library;
    expect(first).not.toBe(shipped);
    expect(cited(first, 'enrichment plant in a mountain')[0]).toBe('server/1#1');
    expect(first.passageCount).toBe(shipped.passageCount + 1);
    expect((await guilds.libraryFor(G1, 1)).library).toBe(first);
    expect(store.reads).toEqual([G1]);

    store.notes.set(G1, [
      fordow(G1, { revision: 2, body: 'Fordow is an enrichment plant under a mountain.\n\nIts centrifuges spin in tunnels.' }),
      serverNote(2, 'Arak', 'The heavy water reactor at Arak.', { guildId: G1 }),
    ]);
    const second = (await guilds.libraryFor(G1, 2)).library;
    expect(second).not.toBe(first);
    expect(store.reads).toEqual([G1, G1]);
    expect(cited(second, 'centrifuges spinning in tunnels')[0]).toBe('server/1#2');
    expect(cited(second, 'heavy water reactor')[0]).toBe('server/2#1');
    // The shipped library is untouched by either.
    expect(cited(shipped, 'centrifuges spinning in tunnels')).not.toContain('server/1#2');
    expect(shipped.corpus.documents.some((d) => d.id.startsWith('server/'))).toBe(false);
  });

  it("never reads, indexes or returns another server's notes", async () => {
    // A storage that broke its contract and returned a note of another server is not believed either.
    const store = fakeStore({ [G1]: [fordow(), serverNote(9, 'Leaked', 'A zanzibar secret of the other server.', { guildId: G2 })] });
    const guilds = new GuildLibraries({ shipped, liveNotes: store.liveNotes });
    const g1 = (await guilds.libraryFor(G1, 4)).library;
    expect(g1.corpus.documents.filter((d) => d.id.startsWith('server/')).map((d) => d.id)).toEqual(['server/1']);
    expect(cited(g1, 'zanzibar secret')).toEqual([]);
    expect((await guilds.libraryFor(G2, 0)).library).toBe(shipped);
    expect(store.reads).toEqual([G1]);
    const g2 = (await guilds.libraryFor(G2, 1)).library;
    expect(store.reads).toEqual([G1, G2]);
    expect(cited(g2, 'enrichment plant in a mountain')).not.toContain('server/1#1');
  });

  it('searches exactly the shipped library again once every note of a server is removed', async () => {
    const store = fakeStore({ [G1]: [fordow()] });
    const guilds = new GuildLibraries({ shipped, liveNotes: store.liveNotes });
    expect((await guilds.libraryFor(G1, 1)).library).not.toBe(shipped);
    store.notes.set(G1, []);
    expect((await guilds.libraryFor(G1, 2)).library).toBe(shipped);
  });

  it('keeps at most maxGuilds servers, dropping the least recently asked, which is rebuilt when asked again', async () => {
    const store = fakeStore({ [G1]: [fordow(G1)], [G2]: [fordow(G2)], [G3]: [fordow(G3)] });
    const guilds = new GuildLibraries({ shipped, liveNotes: store.liveNotes, maxGuilds: 2 });
    await guilds.libraryFor(G1, 1);
    await guilds.libraryFor(G2, 1);
    await guilds.libraryFor(G1, 1);
    await guilds.libraryFor(G3, 1);
    expect(guilds.cachedGuilds()).toEqual([G1, G3]);
    expect(store.reads).toEqual([G1, G2, G3]);
    await guilds.libraryFor(G2, 1);
    expect(store.reads).toEqual([G1, G2, G3, G2]);
    expect(guilds.cachedGuilds()).toEqual([G3, G2]);
  });

  it('keeps no more than maxBytes of libraries, by their estimated size', async () => {
    const store = fakeStore({ [G1]: [fordow(G1)], [G2]: [fordow(G2)] });
    const probe = new GuildLibraries({ shipped, liveNotes: store.liveNotes });
    await probe.libraryFor(G1, 1);
    const one = probe.cachedBytes;
    expect(one).toBeGreaterThan(0);
    const guilds = new GuildLibraries({ shipped, liveNotes: store.liveNotes, maxBytes: Math.floor(one * 1.5) });
    await guilds.libraryFor(G1, 1);
    await guilds.libraryFor(G2, 1);
    expect(guilds.cachedGuilds()).toEqual([G2]);
    expect(guilds.cachedBytes).toBeLessThanOrEqual(one * 1.5);
  });

  it("answers from the server's last library, or the shipped one, when its notes cannot be read, and says why", async () => {
    const store = fakeStore({ [G1]: [fordow()] });
    let failing = false;
    const guilds = new GuildLibraries({
      shipped,
      liveNotes: (guildId) => (failing ? Promise.reject(new Error('database is locked')) : store.liveNotes(guildId)),
    });
    const built = (await guilds.libraryFor(G1, 1)).library;
    failing = true;
    expect(await guilds.libraryFor(G1, 2)).toEqual({ library: built, problem: 'database is locked' });
    expect(await guilds.libraryFor(G2, 1)).toEqual({ library: shipped, problem: 'database is locked' });
    failing = false;
    expect((await guilds.libraryFor(G1, 2)).library).not.toBe(built);
  });

  it('takes the last library built when the version could not be read, and the shipped one when there is none', async () => {
    const store = fakeStore({ [G1]: [fordow()] });
    const guilds = new GuildLibraries({ shipped, liveNotes: store.liveNotes });
    expect((await guilds.libraryFor(G1, undefined)).library).toBe(shipped);
    const built = (await guilds.libraryFor(G1, 5)).library;
    expect((await guilds.libraryFor(G1, undefined)).library).toBe(built);
    expect(store.reads).toEqual([G1]);
  });
});
