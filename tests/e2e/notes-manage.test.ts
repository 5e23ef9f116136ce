/**
 * Managing notes from Discord: editing (each save a revision, a concurrent edit refused), removing and restoring,
 * the list and its pages, a note's history, the gaps and their "Write a note" button, and the permission checks
 * every handler makes from the payload.
 */
import { InteractionResponseType, MessageFlags } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscordEmulator } from './discord-emulator/index.js';
import { type Harness, startHarness } from './helpers/bot.js';
import { answerOf, buttonOf, callback, expectNoPingsOnEveryMessage } from './helpers/discord.js';
import { addNote, choicesOf, embedIn, finalReply, MEMBER, modalOf, modalValues, note, noteAutocomplete, savedId } from './helpers/notes.js';

describe('/note: managing notes', () => {
  let h: Harness;
  let emu: DiscordEmulator;

  beforeAll(async () => {
    h = await startHarness();
    emu = h.emu;
  });

  afterAll(async () => {
    await h?.close();
  });

  async function saved(fields: Record<string, string>): Promise<number> {
    return savedId(await finalReply(emu, await addNote(emu, fields)));
  }

  describe('edit', () => {
    it('fills the form with the note as it is; a save makes revision 2 and keeps revision 1', async () => {
      const id = await saved({
        title: 'Natanz',
        text: 'The main enrichment site.',
        tags: 'enrichment',
        source: 'https://example.org/natanz',
      });
      const opened = note(emu, 'edit', { note: String(id) }, { nick: 'Mod Bob' });
      const modal = await modalOf(emu, opened);
      expect(modal.custom_id).toBe(`note-edit:${id}:1`);
      expect(modalValues(modal)).toEqual({
        title: 'Natanz',
        text: 'The main enrichment site.',
        tags: 'enrichment',
        source: 'https://example.org/natanz',
      });
      const reply = await finalReply(emu, emu.submitModal(opened, { text: 'The main enrichment site, near Kashan.' }));
      expect(reply.message.content).toBe(
        `Saved revision 2 of note #${id} "Natanz" (the earlier ones are kept: \`/note history\`). Members will see it cited like this:`,
      );
      expect(embedIn(reply).description).toBe('**¶1** The main enrichment site, near Kashan.');
      const revisions = h.bot.db
        .prepare('SELECT revision, body, author_name FROM note_revisions WHERE note_id = ? ORDER BY revision')
        .all(id);
      expect(revisions).toEqual([
        { revision: 1, body: 'The main enrichment site.', author_name: 'tester' },
        { revision: 2, body: 'The main enrichment site, near Kashan.', author_name: 'Mod Bob' },
      ]);
    });

    it('saves nothing when nothing changed, and says so', async () => {
      const id = await saved({ title: 'Arak', text: 'A heavy water reactor.' });
      const opened = note(emu, 'edit', { note: `#${id}` });
      await modalOf(emu, opened);
      const reply = await finalReply(emu, emu.submitModal(opened));
      expect(reply.message.content).toBe(`Nothing changed: note #${id} "Arak" was already exactly so.`);
      expect(h.bot.db.prepare('SELECT revision FROM notes WHERE id = ?').pluck().get(id)).toBe(1);
    });

    it('refuses a save when someone else saved in between, and gives the text back', async () => {
      const id = await saved({ title: 'Bushehr', text: 'A power reactor.' });
      const first = note(emu, 'edit', { note: 'Bushehr' });
      const second = note(emu, 'edit', { note: String(id) }, { nick: 'Mod Carol' });
      await modalOf(emu, first);
      await modalOf(emu, second);
      await finalReply(emu, emu.submitModal(second, { text: 'A power reactor built with Russia.' }));
      const reply = await finalReply(emu, emu.submitModal(first, { text: 'A power reactor on the Gulf.' }));
      expect(reply.message.content).toMatch(
        new RegExp(
          `^Note #${id} was changed by Mod Carol after you opened it \\(now revision 2, you started from 1\\): nothing was saved\\.`,
        ),
      );
      expect(reply.message.content).toContain('A power reactor on the Gulf.');
      expect(h.bot.db.prepare('SELECT revision FROM notes WHERE id = ?').pluck().get(id)).toBe(2);
    });

    it('autocompletes live notes of this server by title, and finds an exact title typed instead', async () => {
      const choices = await choicesOf(noteAutocomplete(emu, 'edit', { note: 'nat' }, 'note'));
      expect(choices).toEqual([
        { name: expect.stringMatching(/^Natanz \(#\d+\)$/) as string, value: expect.stringMatching(/^\d+$/) as string },
      ]);
      const reply = await finalReply(emu, note(emu, 'edit', { note: 'No such title' }));
      expect(reply.message.content).toBe('There is no note titled "No such title" in this server: pick one from the list.');
    });
  });

  describe('remove and restore', () => {
    it('hides a note and keeps it; Restore under the confirmation brings it back', async () => {
      const id = await saved({ title: 'Parchin', text: 'A military site.' });
      const removed = await finalReply(emu, note(emu, 'remove', { note: String(id) }));
      expect(removed.ephemeral).toBe(true);
      expect(removed.message.content).toBe(
        `Removed note #${id} "Parchin": members no longer see it in answers, and it is kept with its ` +
          `1 revision. **Restore** (or \`/note restore\`) brings it back.`,
      );
      expect(h.bot.db.prepare('SELECT removed FROM notes WHERE id = ?').pluck().get(id)).toBe(1);
      // Removed notes are offered for restoring only.
      expect((await choicesOf(noteAutocomplete(emu, 'edit', { note: 'parch' }, 'note'))).length).toBe(0);
      expect((await choicesOf(noteAutocomplete(emu, 'restore', { note: 'parch' }, 'note'))).map((c) => c.value)).toEqual([String(id)]);
      const restore = buttonOf(removed.message, 'Restore');
      const pressed = await finalReply(
        emu,
        emu.button(
          restore.custom_id,
          emu.botMessage({ content: 'x', components: removed.message.components, flags: MessageFlags.Ephemeral }),
        ),
      );
      expect(pressed.message.content).toBe(`Restored note #${id} "Parchin": members see it in answers again.`);
      expect(pressed.message.components).toEqual([]);
      expect(h.bot.db.prepare('SELECT removed FROM notes WHERE id = ?').pluck().get(id)).toBe(0);
      const actions = h.bot.db.prepare('SELECT action FROM audit WHERE note_id = ? ORDER BY case_number').pluck().all(id);
      expect(actions).toEqual(['note.add', 'note.remove', 'note.restore']);
    });

    it('restores with /note restore, and says when a note is not removed', async () => {
      const id = await saved({ title: 'Isfahan', text: 'A conversion facility.' });
      await finalReply(emu, note(emu, 'remove', { note: String(id) }));
      expect((await finalReply(emu, note(emu, 'restore', { note: String(id) }))).message.content).toBe(
        `Restored note #${id} "Isfahan": members see it in answers again.`,
      );
      expect((await finalReply(emu, note(emu, 'restore', { note: String(id) }))).message.content).toBe(`Note #${id} is not removed.`);
    });

    it('refuses to edit a removed note until it is restored', async () => {
      const id = await saved({ title: 'Lavizan', text: 'A razed site.' });
      await finalReply(emu, note(emu, 'remove', { note: String(id) }));
      expect((await finalReply(emu, note(emu, 'edit', { note: String(id) }))).message.content).toBe(
        `Note #${id} is removed: restore it with \`/note restore\` before editing it.`,
      );
    });
  });

  describe('list, show and history', () => {
    it('lists the notes by title, ten a page, with Previous and Next', async () => {
      for (let i = 1; i <= 14; i++) await saved({ title: `Zz list ${String(i).padStart(2, '0')}`, text: `Note ${i}.` });
      const total = h.bot.db.prepare('SELECT COUNT(*) FROM notes WHERE removed = 0').pluck().get() as number;
      const pages = Math.ceil(total / 10);
      const last = await finalReply(emu, note(emu, 'list', { page: pages }));
      expect(last.ephemeral).toBe(true);
      const embed = embedIn(last);
      expect(embed.footer?.text).toMatch(new RegExp(`^Page ${pages} of ${pages} · ${total} notes · 1 removed \\(see /note restore\\)$`));
      expect(embed.description).toContain('Zz list 14');
      const previous = buttonOf(last.message, 'Previous');
      expect(buttonOf(last.message, 'Next').disabled).toBe(true);
      const source = emu.botMessage({
        content: '',
        embeds: last.message.embeds,
        components: last.message.components,
        flags: MessageFlags.Ephemeral,
      });
      const back = await callback(emu.button(previous.custom_id, source));
      expect(back.type).toBe(InteractionResponseType.UpdateMessage);
      expect(back.data?.embeds?.[0]?.footer?.text).toMatch(new RegExp(`^Page ${pages - 1} of ${pages}`));
    });

    it('shows a note as members see it, with its number, revision and who changed it last', async () => {
      const [id] = h.bot.db.prepare("SELECT id FROM notes WHERE title = 'Natanz'").pluck().all() as number[];
      const shown = await finalReply(emu, note(emu, 'show', { note: String(id) }));
      expect(shown.message.content).toMatch(new RegExp(`^Note #${id} · revision 2 · last changed by Mod Bob on \\d{4}-\\d{2}-\\d{2}$`));
      expect(embedIn(shown).title).toBe('Natanz');
    });

    it('shows each revision with who, when and a diff that the note cannot break out of', async () => {
      const id = await saved({ title: 'Fences', text: 'Plain text.' });
      const opened = note(emu, 'edit', { note: String(id) }, { nick: 'Mod Dan' });
      await modalOf(emu, opened);
      await finalReply(emu, emu.submitModal(opened, { text: 'Now with ``` three backticks and @everyone.' }));
      const history = embedIn(await finalReply(emu, note(emu, 'history', { note: String(id) })));
      expect(history.title).toBe('History of Fences');
      const [latest, first] = history.fields ?? [];
      expect(latest?.name).toMatch(/^Revision 2 · Mod Dan · \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC · case \d+$/);
      expect(latest?.value).toBe(
        'text: 1 paragraph new or changed, 1 paragraph replaced or deleted\n```diff\n- ¶1 Plain text.\n+ ' +
          '¶1 Now with `\u200b`\u200b` three backticks and @everyone.\n```',
      );
      expect(first?.name).toMatch(/^Written · tester · /);
      expect(first?.value).toContain('created: 1 paragraph');
      // Exactly one fence opens and one closes each block: the note's backticks cannot end it.
      for (const field of history.fields ?? []) expect((field.value.match(/```/g) ?? []).length % 2).toBe(0);
      expect(history.footer?.text).toBe('2 changes');
    });
  });

  describe('gaps', () => {
    it('lists the questions the library could not answer, most frequent first, with a Write a note button', async () => {
      for (const question of ['What is the capital of Australia?', 'What is the capital of Australia?', 'Who won the 1998 World Cup?']) {
        await answerOf(emu, emu.command('ask', { question }));
      }
      const reply = await finalReply(emu, note(emu, 'gaps'));
      expect(reply.ephemeral).toBe(true);
      const embed = embedIn(reply);
      expect(embed.fields?.[0]).toMatchObject({
        name: '1. What is the capital of Australia?',
        value: expect.stringMatching(/^not answered 2 times · last asked/) as string,
      });
      expect(embed.fields?.[1]?.name).toBe('2. Who won the 1998 World Cup?');
      const write = buttonOf(reply.message, 'Write a note #1');
      const source = emu.botMessage({
        content: '',
        embeds: reply.message.embeds,
        components: reply.message.components,
        flags: MessageFlags.Ephemeral,
      });
      const opened = emu.button(write.custom_id, source);
      const modal = await modalOf(emu, opened);
      expect(modal.custom_id).toMatch(/^note-gap:\d+$/);
      expect(modalValues(modal).title).toBe('What is the capital of Australia?');
      const saved = await finalReply(
        emu,
        emu.submitModal(opened, { text: 'Canberra. The library is about Iran; this note answers the question anyway.' }),
      );
      expect(saved.message.content).toMatch(/^Saved note #\d+ "What is the capital of Australia\?"/);
    });
  });

  describe('permissions, from the payload', () => {
    const member = { memberPermissions: MEMBER };
    const refusal = "Only moderators can manage this server's notes: it takes the Manage Messages permission.";

    it('refuses every subcommand to a member without Manage Messages', async () => {
      for (const sub of ['add', 'list', 'gaps', 'export']) {
        const body = await callback(note(emu, sub, {}, member));
        expect(body.data).toMatchObject({ content: refusal, flags: MessageFlags.Ephemeral });
      }
      expect((await callback(note(emu, 'show', { note: 'Natanz' }, member))).data?.content).toBe(refusal);
    });

    it('refuses Save as note, a forged form (giving the text back), and the note buttons', async () => {
      expect((await callback(emu.messageContextMenu('Save as note', 'Some text', member))).data?.content).toBe(refusal);
      const before = h.bot.db.prepare('SELECT COUNT(*) FROM notes').pluck().get();
      const forged = await finalReply(
        emu,
        emu.modalSubmit('note-add', { title: 'Sneaky', text: 'Not a moderator.', tags: '', source: '' }, member),
      );
      expect(forged.message.content).toMatch(new RegExp(`^${refusal.replace(/[.()]/g, '\\$&')}\\n\\nNothing was saved\\.`));
      expect(forged.message.content).toContain('Not a moderator.');
      expect(h.bot.db.prepare('SELECT COUNT(*) FROM notes').pluck().get()).toBe(before);
      for (const customId of ['notes:1', 'restore:1', 'import:1:1', 'gap:1']) {
        expect((await callback(emu.button(customId, undefined, member))).data?.content).toBe(refusal);
      }
    });

    it('shows a member no titles in autocomplete', async () => {
      expect(await choicesOf(noteAutocomplete(emu, 'show', { note: 'nat' }, 'note', member))).toEqual([]);
      expect((await choicesOf(noteAutocomplete(emu, 'show', { note: 'nat' }, 'note'))).length).toBeGreaterThan(0);
    });

    it('refuses /note in a DM', async () => {
      expect((await callback(note(emu, 'list', {}, { guildId: null }))).data?.content).toBe(
        'Notes belong to a server: use this in the server whose notes you manage.',
      );
    });
  });

  it('sent every message with allowed_mentions { parse: [] }', () => {
    expectNoPingsOnEveryMessage(emu, 20);
  });
});
