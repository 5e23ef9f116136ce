/**
 * `/note` and "Save as note" through the emulator with the real bot: the Label form and its round trip, what a save
 * confirms, what a bad form says (with the text given back), edits with their revisions, removal and restoration,
 * the list, a note's history, and the gaps.
 */
import { ComponentType, MessageFlags } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { message } from './discord-emulator/fixtures.js';
import type { DiscordEmulator } from './discord-emulator/index.js';
import { type Harness, startHarness } from './helpers/bot.js';
import { callback, expectNoPingsOnEveryMessage } from './helpers/discord.js';
import { addNote, choicesOf, embedIn, finalReply, modalOf, modalValues, note, noteAutocomplete, savedId } from './helpers/notes.js';

describe('/note: writing notes in Discord', () => {
  let h: Harness;
  let emu: DiscordEmulator;

  beforeAll(async () => {
    h = await startHarness();
    emu = h.emu;
  });

  afterAll(async () => {
    await h?.close();
  });

  const stored = () => h.bot.db.prepare('SELECT COUNT(*) FROM notes').pluck().get() as number;

  describe('the form', () => {
    it('opens a modal of Label components: title, text, tags and source link, with their limits', async () => {
      const opened = note(emu, 'add');
      const modal = await modalOf(emu, opened);
      expect(modal.custom_id).toBe('note-add');
      expect(modal.title).toBe('New server note');
      const labels = modal.components.filter((c) => c.type === ComponentType.Label);
      expect(labels.map((l) => l.label)).toEqual(['Title', 'Text', 'Tags', 'Source link']);
      expect(
        labels.map((l) =>
          l.component.type === ComponentType.TextInput ? [l.component.custom_id, l.component.max_length, l.component.required] : null,
        ),
      ).toEqual([
        ['title', 100, true],
        ['text', 4000, true],
        ['tags', 500, false],
        ['source', 2000, false],
      ]);
    });

    it('saves the submitted note and confirms it as members will see it cited, privately', async () => {
      const submitted = await addNote(
        emu,
        {
          title: 'Fordow',
          text: 'An enrichment plant built under a mountain near Qom.\n\nIran declared it in 2009.',
          tags: 'enrichment, IAEA',
          source: 'https://example.org/fordow',
        },
        { nick: 'Mod Alice' },
      );
      const reply = await finalReply(emu, submitted);
      expect(reply.ephemeral).toBe(true);
      const id = savedId(reply);
      expect(reply.message.content).toBe(`Saved note #${id} "Fordow". Members will see it cited like this:`);
      const embed = embedIn(reply);
      expect(embed.title).toBe('Fordow');
      expect(embed.description).toBe('**¶1** An enrichment plant built under a mountain near Qom.\n\n**¶2** Iran declared it in 2009.');
      expect(embed.footer?.text).toMatch(/^Server note · by Mod Alice · \d{4}-\d{2}-\d{2}$/);
      expect(embed.fields).toEqual([
        { name: 'Tags', value: 'enrichment, IAEA', inline: true },
        { name: 'Source', value: '[https://example.org/fordow](https://example.org/fordow)', inline: true },
      ]);
      // Stored with its revision and an audit row naming the moderator as the server showed them.
      const row = h.bot.db.prepare('SELECT title, created_by_name, revision FROM notes WHERE id = ?').get(id);
      expect(row).toEqual({ title: 'Fordow', created_by_name: 'Mod Alice', revision: 1 });
      const audit = h.bot.db.prepare('SELECT action, actor_id, actor_name FROM audit WHERE note_id = ?').all(id);
      expect(audit).toEqual([{ action: 'note.add', actor_id: emu.userId, actor_name: 'Mod Alice' }]);
    });

    it('renders markdown, mentions, masked links and code blocks in a note literally', async () => {
      const text = '**bold** @everyone <@123456789012345678> [click](https://evil.example)\n\n```\ncode\n```\n\n# heading';
      const reply = await finalReply(emu, await addNote(emu, { title: '[Fake](https://evil.example) *note*', text }));
      const embed = embedIn(reply);
      expect(embed.title).toBe('\\[Fake](https://evil.example) \\*note\\*');
      expect(embed.description).not.toMatch(/(^|[^\\])\*\*bold/);
      expect(embed.description).toContain('@\u200beveryone');
      expect(embed.description).toContain('<\u200b@123456789012345678>');
      expect(embed.description).toContain('\\[click](https://evil.example)');
      expect(embed.description).not.toMatch(/(^|[^\\])```/);
      expect(reply.message.content).toContain('"\\[Fake](https://evil.example) \\*note\\*"');
      expect(reply.request.body).toMatchObject({ allowed_mentions: { parse: [] } });
      // The notes' own messages quote the title literally too.
      const again = await finalReply(emu, await addNote(emu, { title: '[Fake](https://evil.example) *note*', text: 'Again.' }));
      expect(again.message.content).toMatch(/^A note titled "\\\[Fake\]\(https:\/\/evil\.example\) \\\*note\\\*" already exists/);
    });

    it('refuses a title already used in this server, naming the note, and gives the text back', async () => {
      const before = stored();
      const submitted = await addNote(emu, { title: 'fordow ', text: 'A second note about the same plant.' });
      const reply = await finalReply(emu, submitted);
      expect(reply.ephemeral).toBe(true);
      expect(reply.message.content).toMatch(
        /^A note titled "Fordow" already exists in this server \(note #\d+\): choose another title, or edit that note\./,
      );
      expect(reply.message.content).toContain(
        'Nothing was saved. Here is what you wrote, so that nothing is lost:\n```md\n---\ntitle: "fordow ' +
          '"\nkind: note\n---\n\nA second note about the same plant.\n```',
      );
      expect(stored()).toBe(before);
    });

    it('names every bad field of a form sent around the client (empty text, long title, bad link) and writes nothing', async () => {
      const before = stored();
      const sent = emu.modalSubmit('note-add', { title: 'x'.repeat(101), text: '   ', tags: '', source: 'ftp://example.org' });
      const reply = await finalReply(emu, sent);
      expect(reply.message.content).toMatch(
        /^Title: must be at most 100 characters\nText: is empty: write at least one paragraph\nSource link: must be a link starting with http:\/\/ or https:\/\//,
      );
      expect(reply.message.content).toContain('Nothing was saved.');
      expect(stored()).toBe(before);
    });

    it('attaches the text as note.md when it is too long for the message, or holds three backticks', async () => {
      const long = `${'A long paragraph of careful explanation. '.repeat(60)}\n\n\`\`\`\nfenced\n\`\`\``;
      const reply = await finalReply(emu, await addNote(emu, { title: 'Fordow', text: long }));
      expect(reply.message.content).toMatch(/already exists[\s\S]*What you wrote is attached as note\.md, so that nothing is lost\.$/);
      expect(reply.files.map((f) => f.name)).toEqual(['note.md']);
      const md = reply.files[0]!.data.toString('utf8');
      expect(md).toContain('title: Fordow');
      expect(md).toContain(long.trim());
    });
  });

  describe('about: a note on a passage', () => {
    it('autocompletes documents, then the paragraphs of the best match with their opening words', async () => {
      const choices = await choicesOf(noteAutocomplete(emu, 'add', { about: 'deploy' }, 'about'));
      expect(choices[0]).toEqual({
        name: 'Deploy U.S. Diplomats Quietly To Seek Iranian Deal (whole document)',
        value: 'articles/adler-2012-deploy-us-diplomats-quietly',
      });
      const fourth = choices.find((c) => c.value === 'articles/adler-2012-deploy-us-diplomats-quietly#4');
      expect(fourth?.name).toMatch(/^Deploy U\.S\. Diplomats Quietly To Seek… ¶4: \S/);
      const documents = choices.filter((c) => !String(c.value).includes('#'));
      expect(choices.slice(0, documents.length)).toEqual(documents);
      const numbered = await choicesOf(noteAutocomplete(emu, 'add', { about: 'deploy 4' }, 'about'));
      // Paragraph 4 of each document matching "deploy": the op-ed first.
      expect(numbered.map((c) => c.value)).toEqual(['articles/adler-2012-deploy-us-diplomats-quietly#4', 'notes/discussion-questions#4']);
      for (const c of [...documents, ...numbered]) expect(c.name.length).toBeLessThanOrEqual(100);
    });

    it('opens the form for that passage and saves the note with it', async () => {
      const opened = note(emu, 'add', { about: 'articles/adler-2012-deploy-us-diplomats-quietly#4' });
      const modal = await modalOf(emu, opened);
      expect(modal.custom_id).toBe('note-about:4:articles/adler-2012-deploy-us-diplomats-quietly');
      expect(modal.title.length).toBeLessThanOrEqual(45);
      expect(modal.components[0]).toMatchObject({
        type: ComponentType.TextDisplay,
        content: 'Comments on: **Deploy U.S. Diplomats Quietly To Seek Iranian Deal** ¶4',
      });
      const reply = await finalReply(emu, emu.submitModal(opened, { title: 'Why quietly?', text: 'Because publicity would sink it.' }));
      expect(embedIn(reply).fields).toContainEqual({ name: 'Comments on', value: 'Deploy U.S. Diplomats Quietly To Seek Iranian Deal ¶4' });
      const about = h.bot.db
        .prepare('SELECT r.about FROM notes n JOIN note_revisions r ON r.note_id = n.id WHERE n.id = ?')
        .pluck()
        .get(savedId(reply));
      expect(JSON.parse(about as string)).toEqual([{ documentId: 'articles/adler-2012-deploy-us-diplomats-quietly', paragraph: 4 }]);
    });

    it('refuses a passage the library does not have, before opening the form', async () => {
      const reply = await finalReply(emu, note(emu, 'add', { about: 'articles/adler-2012-deploy-us-diplomats-quietly#999' }));
      expect(reply.message.content).toMatch(
        /^Option `about`: "articles\/adler-2012-deploy-us-diplomats-quietly#999": articles\/adler-2012-deploy-us-diplomats-quietly has \d+ paragraphs\.$/,
      );
      // A document's exact title, typed rather than picked, is the whole document.
      const titled = await modalOf(emu, note(emu, 'add', { about: 'Deploy U.S. Diplomats Quietly To Seek Iranian Deal' }));
      expect(titled.custom_id).toBe('note-about:0:articles/adler-2012-deploy-us-diplomats-quietly');
      const unknown = await finalReply(emu, note(emu, 'add', { about: 'no such thing' }));
      expect(unknown.message.content).toBe(
        'Option `about`: no passage of the library matches "no such thing". Pick one from the list as you type.',
      );
    });
  });

  describe('Save as note', () => {
    it('opens the form filled with the message: a title from its first line, its text, its link as the source', async () => {
      const target = message({
        channelId: emu.channelId,
        author: emu.testUser,
        content: '**Why Natanz matters**\nIt is the main enrichment site.\n\nIt is underground too.',
      });
      const opened = emu.messageContextMenu('Save as note', target);
      const modal = await modalOf(emu, opened);
      expect(modal.custom_id).toBe(`note-message:${emu.channelId}:${target.id}`);
      expect(modalValues(modal)).toEqual({
        title: 'Why Natanz matters',
        text: '**Why Natanz matters**\nIt is the main enrichment site.\n\nIt is underground too.',
        tags: '',
        source: `https://discord.com/channels/${emu.guildId}/${emu.channelId}/${target.id}`,
      });
      const reply = await finalReply(emu, emu.submitModal(opened, { text: 'It is the main enrichment site.\n\nIt is underground too.' }));
      const id = savedId(reply);
      const source = h.bot.db
        .prepare('SELECT r.source FROM notes n JOIN note_revisions r ON r.note_id = n.id WHERE n.id = ?')
        .pluck()
        .get(id);
      expect(source).toBe(`https://discord.com/channels/${emu.guildId}/${emu.channelId}/${target.id}`);
    });

    it('cuts a long message to 4,000 characters at a paragraph boundary, and a long first line to 100 at a word', async () => {
      const paragraph = 'Sanctions on the central bank cut oil revenue sharply in 2012. '.repeat(10).trim();
      const text = Array.from({ length: 10 }, () => paragraph).join('\n\n');
      const modal = await modalOf(emu, emu.messageContextMenu('Save as note', text));
      const values = modalValues(modal);
      expect(values.text!.length).toBeLessThanOrEqual(4000);
      expect(text.startsWith(values.text!)).toBe(true);
      expect(text.slice(values.text!.length).startsWith('\n\n')).toBe(true);
      expect(values.title!.length).toBeLessThanOrEqual(100);
      expect(paragraph.startsWith(values.title!)).toBe(true);
      expect(paragraph[values.title!.length]).toBe(' ');
    });

    it('says so when the message has no text', async () => {
      expect((await callback(emu.messageContextMenu('Save as note', '  '))).data).toMatchObject({
        content: 'That message has no text to save (only attachments or embeds).',
        flags: MessageFlags.Ephemeral,
      });
    });
  });

  it('sent every message with allowed_mentions { parse: [] }', () => {
    expectNoPingsOnEveryMessage(emu, 10);
  });
});
