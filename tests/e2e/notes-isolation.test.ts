/**
 * Two servers, one bot: a note of one server is "not found" from the other in every command, autocomplete, button
 * and form, and the other server's lists, exports and gaps never show it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArchive } from '../../src/notes/zip.js';
import type { DiscordEmulator } from './discord-emulator/index.js';
import { type Harness, startHarness } from './helpers/bot.js';
import { answerOf, callback, expectNoPingsOnEveryMessage } from './helpers/discord.js';
import { addNote, choicesOf, embedIn, finalReply, note, noteAutocomplete, savedId } from './helpers/notes.js';

const G1 = '400000000000000001';
const G2 = '400000000000000002';
const C2 = '410000000000000002';

describe('server notes stay in their server', () => {
  let h: Harness;
  let emu: DiscordEmulator;
  const inG2 = { guildId: G2, channelId: C2 };
  let secret: number;
  let removedSecret: number;

  beforeAll(async () => {
    h = await startHarness({ emulator: { guilds: [{ id: G1 }, { id: G2, channelId: C2 }] } });
    emu = h.emu;
    secret = savedId(await finalReply(emu, await addNote(emu, { title: 'Secret plan', text: 'Only for the first server.' })));
    removedSecret = savedId(await finalReply(emu, await addNote(emu, { title: 'Secret removed', text: 'Also first server.' })));
    await finalReply(emu, note(emu, 'remove', { note: String(removedSecret) }));
    savedId(await finalReply(emu, await addNote(emu, { title: 'Other server note', text: 'Second server.' }, inG2)));
    await answerOf(emu, emu.command('ask', { question: 'What is the capital of Australia?' }));
  });

  afterAll(async () => {
    await h?.close();
  });

  const notFound = (id: number) => `There is no note #${id} in this server.`;
  const secretRow = () => h.bot.db.prepare('SELECT revision, removed, title FROM notes WHERE id = ?').get(secret);

  it("answers every command naming another server's note, by id or by title, with not found", async () => {
    for (const sub of ['show', 'edit', 'remove', 'history']) {
      expect((await finalReply(emu, note(emu, sub, { note: String(secret) }, inG2))).message.content, sub).toBe(notFound(secret));
      expect((await finalReply(emu, note(emu, sub, { note: 'Secret plan' }, inG2))).message.content, sub).toBe(
        'There is no note titled "Secret plan" in this server: pick one from the list.',
      );
    }
    expect((await finalReply(emu, note(emu, 'restore', { note: String(removedSecret) }, inG2))).message.content).toBe(
      notFound(removedSecret),
    );
    expect(secretRow()).toEqual({ revision: 1, removed: 0, title: 'Secret plan' });
  });

  it("never offers another server's titles in autocomplete", async () => {
    for (const sub of ['edit', 'show', 'history', 'remove', 'restore']) {
      expect(await choicesOf(noteAutocomplete(emu, sub, { note: 'secret' }, 'note', inG2)), sub).toEqual([]);
      expect(await choicesOf(noteAutocomplete(emu, sub, { note: String(secret) }, 'note', inG2)), sub).toEqual([]);
    }
    expect((await choicesOf(noteAutocomplete(emu, 'show', { note: 'secret' }, 'note'))).map((c) => c.value)).toEqual(
      expect.arrayContaining([String(secret), String(removedSecret)]),
    );
  });

  it("finds another server's note not found from its buttons and forms too, and gives the form's text back", async () => {
    const restore = await callback(emu.button(`restore:${removedSecret}`, undefined, inG2));
    expect(restore.data?.content).toBe(notFound(removedSecret));
    const edit = await finalReply(
      emu,
      emu.modalSubmit(`note-edit:${secret}:1`, { title: 'Hijacked', text: 'Overwritten?', tags: '', source: '' }, inG2),
    );
    expect(edit.message.content).toMatch(new RegExp(`^${notFound(secret).replace(/[.#]/g, '\\$&')}\\n\\nNothing was saved\\.`));
    expect(edit.message.content).toContain('Overwritten?');
    expect(secretRow()).toEqual({ revision: 1, removed: 0, title: 'Secret plan' });
    expect(h.bot.db.prepare('SELECT removed FROM notes WHERE id = ?').pluck().get(removedSecret)).toBe(1);
  });

  it("keeps the list, the export and the gaps to the server's own", async () => {
    const list = embedIn(await finalReply(emu, note(emu, 'list', {}, inG2)));
    expect(list.description).toMatch(/Other server note/);
    expect(list.description).not.toMatch(/Secret/);
    expect(list.footer?.text).toBe('Page 1 of 1 · 1 note');

    const exported = await finalReply(emu, note(emu, 'export', {}, inG2));
    const archive = await readArchive(exported.files[0]!.data, 'export.zip');
    expect(archive.files.map((f) => f.name)).toEqual(['other-server-note.md']);

    const gaps = await finalReply(emu, note(emu, 'gaps', {}, inG2));
    expect(gaps.message.content).toMatch(/^No gaps/);
    const own = await finalReply(emu, note(emu, 'gaps'));
    expect(embedIn(own).fields?.[0]?.name).toBe('1. What is the capital of Australia?');
    // The first server's gap button, pressed in the second, finds nothing there.
    const [firstGap] = own.message.components?.[0]?.components ?? [];
    const customId = (firstGap as { custom_id: string }).custom_id;
    expect((await callback(emu.button(customId, undefined, inG2))).data?.content).toBe(
      'That question is no longer listed (questions are kept 7 days): run `/note gaps` again.',
    );
  });

  it('sent every message with allowed_mentions { parse: [] }', () => {
    expectNoPingsOnEveryMessage(emu, 10);
  });
});
