/**
 * `/note export` and `/note import` between two servers through the emulator: the export's zip is read back from the
 * upload, served as a member's attachment in the other server, checked, shown, and applied only on its moderator's
 * Confirm (a plan kept in the database, so a restart in between does not lose it). A bad file changes nothing.
 */
import { MessageFlags } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArchive } from '../../src/notes/zip.js';
import { buildZip } from '../unit/helpers/zip-builder.js';
import type { APIMessage } from 'discord.js';
import type { DiscordEmulator } from './discord-emulator/index.js';
import { type Harness, startHarness } from './helpers/bot.js';
import { buttonOf, callback, expectNoPingsOnEveryMessage } from './helpers/discord.js';
import { addNote, embedIn, type FinalReply, finalReply, note, noteImport } from './helpers/notes.js';

const G1 = '300000000000000001';
const G2 = '300000000000000002';
const C2 = '310000000000000002';
const OTHER_MODERATOR = { id: '320000000000000009', username: 'othermod', discriminator: '0', global_name: 'Other Mod', avatar: null };

describe('/note export and /note import', () => {
  let h: Harness;
  let emu: DiscordEmulator;
  const inG2 = { guildId: G2, channelId: C2 };

  beforeAll(async () => {
    h = await startHarness({ emulator: { guilds: [{ id: G1 }, { id: G2, channelId: C2 }] } });
    emu = h.emu;
  });

  afterAll(async () => {
    await h?.close();
  });

  const liveTitles = (guildId: string) =>
    h.bot.db.prepare('SELECT title FROM notes WHERE guild_id = ? AND removed = 0 ORDER BY title').pluck().all(guildId) as string[];
  const pendingCount = () => h.bot.db.prepare('SELECT COUNT(*) FROM pending_imports').pluck().get() as number;

  /** The message a reply's buttons sit on, for pressing them. */
  function messageOf(reply: FinalReply, channelId = C2): APIMessage {
    return {
      ...emu.botMessage({
        content: reply.message.content ?? '',
        embeds: reply.message.embeds,
        components: reply.message.components,
        flags: MessageFlags.Ephemeral,
      }),
      channel_id: channelId,
    };
  }

  let exported: Buffer;
  let exportName: string;

  it('says so when a server has no notes to export', async () => {
    expect((await finalReply(emu, note(emu, 'export', {}, inG2))).message.content).toBe('This server has no notes to export yet.');
  });

  it("exports the server's notes as a zip of corpus Markdown files, attached to a private reply", async () => {
    await finalReply(
      emu,
      await addNote(emu, {
        title: 'Fordow',
        text: 'Under a mountain.\n\nDeclared in 2009.',
        tags: 'enrichment',
        source: 'https://example.org/fordow',
      }),
    );
    await finalReply(emu, await addNote(emu, { title: 'Natanz: the *main* site', text: 'Near Kashan.' }));
    const opened = note(emu, 'add', { about: 'articles/adler-2012-deploy-us-diplomats-quietly#4' });
    await opened.response;
    await finalReply(emu, emu.submitModal(opened, { title: 'Why quietly', text: 'Publicity would sink it.' }));
    const reply = await finalReply(emu, note(emu, 'export'));
    expect(reply.ephemeral).toBe(true);
    expect(reply.message.content).toBe(
      '3 notes of this server, one Markdown file each. Unzip into `corpus/notes/` of a fork to ship ' +
        'them, or bring them into another server with `/note import`.',
    );
    expect(reply.files).toHaveLength(1);
    const [file] = reply.files;
    expect(file!.name).toMatch(new RegExp(`^notes-${G1}-\\d{4}-\\d{2}-\\d{2}\\.zip$`));
    exported = file!.data;
    exportName = file!.name;
    const contents = await readArchive(exported, exportName);
    expect(contents.problems).toEqual([]);
    expect(contents.files.map((f) => f.name).sort()).toEqual(['fordow.md', 'natanz-the-main-site.md', 'why-quietly.md']);
    const fordow = contents.files.find((f) => f.name === 'fordow.md')!.data.toString('utf8');
    expect(fordow).toMatch(
      /^---\ntitle: Fordow\nauthor: tester\nsource: https:\/\/example\.org\/fordow\npublished: \d{4}-\d{2}-\d{2}\nkind: note\ntags: \[ enrichment \]\n---\n\nUnder a mountain\.\n\nDeclared in 2009\.\n$/,
    );
    const quietly = contents.files.find((f) => f.name === 'why-quietly.md')!.data.toString('utf8');
    expect(quietly).toContain('about: [ articles/adler-2012-deploy-us-diplomats-quietly#4 ]');
  });

  it('checks the export in another server and shows what it would add, with Confirm and Cancel', async () => {
    const file = emu.attachment(exportName, exported, { channelId: C2 });
    const reply = await finalReply(emu, noteImport(emu, file, inG2));
    expect(reply.ephemeral).toBe(true);
    expect(reply.message.content).toMatch(
      /^Checked: importing this file would add 3 notes\. Nothing is written until you press \*\*Confirm\*\* \(before <t:\d+:t>\)\.$/,
    );
    const embed = embedIn(reply);
    expect(embed.fields).toEqual([
      {
        name: 'Add (3)',
        value: 'fordow.md: "Fordow"\nnatanz-the-main-site.md: "Natanz: the \\*main\\* site"\nwhy-quietly.md: "Why quietly"',
      },
    ]);
    expect(liveTitles(G2)).toEqual([]);
    expect(pendingCount()).toBe(1);
    // The file was downloaded from the emulator's CDN.
    expect(emu.requests.some((r) => r.method === 'GET' && r.path.startsWith(`/attachments/${C2}/`) && r.status === 200)).toBe(true);

    // Another moderator cannot confirm it; and it is kept in the database, so a restart does not lose it.
    const confirm = buttonOf(reply.message, 'Confirm');
    const stranger = await finalReply(emu, emu.button(confirm.custom_id, messageOf(reply), { ...inG2, user: OTHER_MODERATOR }));
    expect(stranger.message.content).toBe('Only the moderator who imported this file can confirm or cancel it.');
    await h.restart();
    const applied = await finalReply(emu, emu.button(confirm.custom_id, messageOf(reply), inG2));
    expect(applied.message.content).toBe(`Imported ${exportName}: 3 notes added, 0 notes changed.`);
    expect(applied.message.components).toEqual([]);
    expect(liveTitles(G2)).toEqual(['Fordow', 'Natanz: the *main* site', 'Why quietly']);
    expect(liveTitles(G1)).toEqual(['Fordow', 'Natanz: the *main* site', 'Why quietly']);
    expect(pendingCount()).toBe(0);
    // Each note carries its own audit case, by the moderator who confirmed, naming the file it came from.
    const cases = h.bot.db.prepare('SELECT action, actor_name, detail FROM audit WHERE guild_id = ? ORDER BY case_number').all(G2);
    expect(cases).toEqual(
      ['fordow.md', 'natanz-the-main-site.md', 'why-quietly.md'].map((f) => ({
        action: 'note.add',
        actor_name: 'tester',
        detail: `import ${exportName}: ${f}`,
      })),
    );

    // A second press finds nothing waiting.
    const again = await finalReply(emu, emu.button(confirm.custom_id, messageOf(reply), inG2));
    expect(again.message.content).toMatch(/^This import is no longer waiting/);
  });

  it('shows changes, applies nothing on Cancel, and says when a file would change nothing', async () => {
    const same = await finalReply(emu, noteImport(emu, emu.attachment(exportName, exported, { channelId: C2 }), inG2));
    expect(same.message.content).toBe('Nothing to import: every note in this file is already in this server exactly so.');
    expect(same.message.components).toEqual([]);

    const changed = buildZip([{ name: 'fordow.md', data: '---\ntitle: Fordow\nkind: note\n---\n\nUnder a mountain near Qom.\n' }]);
    const reply = await finalReply(emu, noteImport(emu, emu.attachment('fordow.zip', changed, { channelId: C2 }), inG2));
    expect(embedIn(reply).fields?.[0]).toMatchObject({
      name: 'Change (1)',
      value: expect.stringMatching(/^fordow\.md: note #\d+ "Fordow": text: /) as string,
    });
    const cancelled = await callback(emu.button(buttonOf(reply.message, 'Cancel').custom_id, messageOf(reply), inG2));
    expect(cancelled.data).toMatchObject({ content: 'Import cancelled: nothing was changed.', components: [] });
    expect(pendingCount()).toBe(0);
    expect(h.bot.db.prepare("SELECT revision FROM notes WHERE guild_id = ? AND title = 'Fordow'").pluck().get(G2)).toBe(1);
  });

  it('names every problem of a bad file with its file and line, and writes nothing', async () => {
    const bad = buildZip([
      { name: 'good.md', data: '---\ntitle: Good\nkind: note\n---\n\nFine.\n' },
      { name: 'long-title.md', data: `---\ntitle: ${'x'.repeat(101)}\nkind: note\n---\n\nText.\n` },
      { name: 'no-front.md', data: 'Just text.\n' },
      { name: '../escape.md', data: '---\ntitle: Escape\n---\n\nx\n' },
    ]);
    const reply = await finalReply(emu, noteImport(emu, emu.attachment('bad.zip', bad, { channelId: C2 }), inG2));
    // A path outside the archive's folder stops the reading at once: nothing else is looked at.
    expect(reply.message.content).toBe('Nothing was imported: fix this problem and import the file again.');
    expect(embedIn(reply).title).toBe('bad.zip: 1 problem');
    expect(embedIn(reply).description).toBe('• ../escape.md: its path leads outside the archive\'s folder ("..")');
    expect(reply.message.components ?? []).toEqual([]);

    const invalid = buildZip([
      { name: 'good.md', data: '---\ntitle: Good\nkind: note\n---\n\nFine.\n' },
      { name: 'long-title.md', data: `---\ntitle: ${'x'.repeat(101)}\nkind: note\n---\n\nText.\n` },
      { name: 'no-front.md', data: 'Just text.\n' },
    ]);
    const second = await finalReply(emu, noteImport(emu, emu.attachment('invalid.zip', invalid, { channelId: C2 }), inG2));
    expect(second.message.content).toBe('Nothing was imported: fix these problems and import the file again.');
    expect(embedIn(second).description).toBe(
      '• long-title.md:2: title: must be at most 100 characters\n• no-front.md:1: must start with ' +
        'front matter: a line "---", then "title: ...", then a closing "---"',
    );
    const notZip = await finalReply(emu, noteImport(emu, emu.attachment('notes.zip', 'not a zip at all', { channelId: C2 }), inG2));
    expect(embedIn(notZip).description).toMatch(/^• notes\.zip: /);
    expect(liveTitles(G2)).not.toContain('Good');
    expect(pendingCount()).toBe(0);
  });

  it('attaches every problem as problems.txt when they do not fit in the message', async () => {
    const many = buildZip(
      Array.from({ length: 150 }, (_, i) => ({ name: `bad-${String(i).padStart(3, '0')}.md`, data: 'No front matter.\n' })),
    );
    const reply = await finalReply(emu, noteImport(emu, emu.attachment('many.zip', many, { channelId: C2 }), inG2));
    const description = embedIn(reply).description ?? '';
    expect(description.length).toBeLessThanOrEqual(4096);
    expect(description).toMatch(/… and \d+ more\n\nEvery problem is in the attached file\.$/);
    expect(reply.files.map((f) => f.name)).toEqual(['problems.txt']);
    const lines = reply.files[0]!.data.toString('utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(150);
    expect(lines[149]).toBe('bad-149.md:1: must start with front matter: a line "---", then "title: ...", then a closing "---"');
  });

  it('refuses a file over 16 MB from its declared size, before downloading it', async () => {
    const big = emu.attachment('huge.zip', 'small really', { channelId: C2, declaredSize: 17 * 1024 * 1024 });
    const body = await callback(noteImport(emu, big, inG2));
    expect(body.data).toMatchObject({
      content: 'huge.zip is 17.0 MB: files of at most 16.0 MB can be imported.',
      flags: MessageFlags.Ephemeral,
    });
    expect(emu.requests.some((r) => r.method === 'GET' && r.path.endsWith('/huge.zip'))).toBe(false);
  });

  it("keeps each server's plan to itself: a Confirm pressed in another server finds nothing", async () => {
    const changed = buildZip([{ name: 'fordow.md', data: '---\ntitle: Fordow\nkind: note\n---\n\nChanged again.\n' }]);
    const reply = await finalReply(emu, noteImport(emu, emu.attachment('f.zip', changed, { channelId: C2 }), inG2));
    const confirm = buttonOf(reply.message, 'Confirm');
    const elsewhere = await finalReply(emu, emu.button(confirm.custom_id, messageOf(reply, emu.channelId), { guildId: G1 }));
    expect(elsewhere.message.content).toMatch(/^This import is no longer waiting/);
    expect(h.bot.db.prepare("SELECT revision FROM notes WHERE guild_id = ? AND title = 'Fordow'").pluck().get(G1)).toBe(1);
    expect(pendingCount()).toBe(1);
  });

  it('sent every message with allowed_mentions { parse: [] }', () => {
    expectNoPingsOnEveryMessage(emu, 10);
  });
});
