/**
 * The log channel through the emulator: every note and settings change posted as a numbered case (who, what, before
 * and after, a link to the note's previous case), a removal's post edited when it is undone, imports in one post,
 * and a channel the bot cannot use reported without ever failing the interaction.
 */
import { type APIEmbed, type APIMessage, MessageFlags } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip } from '../unit/helpers/zip-builder.js';
import type { DiscordEmulator, SentInteraction } from './discord-emulator/index.js';
import { type Harness, LEVEL, startHarness } from './helpers/bot.js';
import { buttonOf, expectNoPingsOnEveryMessage } from './helpers/discord.js';
import { config, logPosts, until } from './helpers/config.js';
import { addNote, embedIn, finalReply, modalOf, note, noteImport, savedId } from './helpers/notes.js';

const G1 = '700000000000000001';
const G2 = '700000000000000002';
const GENERAL = '710000000000000001';
const LOG = '710000000000000002';
const HIDDEN = '710000000000000003';
const DOOMED = '710000000000000004';
const G2_CHANNEL = '710000000000000008';
const G2_LOG = '710000000000000009';

describe('the log channel', () => {
  let h: Harness;
  let emu: DiscordEmulator;
  const inG2 = { guildId: G2, channelId: G2_CHANNEL };

  beforeAll(async () => {
    h = await startHarness({
      emulator: {
        guilds: [
          {
            id: G1,
            channelId: GENERAL,
            channels: [
              { id: LOG, name: 'mod-log' },
              { id: HIDDEN, name: 'admins-only', botCanPost: false },
              { id: DOOMED, name: 'old-log' },
            ],
          },
          { id: G2, channelId: G2_CHANNEL, channels: [{ id: G2_LOG, name: 'log' }] },
        ],
      },
    });
    emu = h.emu;
  });

  afterAll(async () => {
    expectNoPingsOnEveryMessage(emu, 10);
    await h?.close();
  });

  const reply = (sent: SentInteraction) => finalReply(emu, sent);
  const embedOfPost = (post: APIMessage | undefined): APIEmbed => {
    expect(post?.embeds[0], 'the post has an embed').toBeDefined();
    return post!.embeds[0]!;
  };
  const field = (embed: APIEmbed, name: string) => embed.fields?.find((f) => f.name === name)?.value;
  const auditRow = (guildId: string, caseNumber: number) =>
    h.bot.db.prepare('SELECT log_message_id, log_channel_id FROM audit WHERE guild_id = ? AND case_number = ?').get(guildId, caseNumber);
  const channelRequests = (method: string, channelId: string) =>
    emu.requests.filter((r) => r.method === method && r.path.startsWith(`/channels/${channelId}/messages`));

  let noteId: number;

  it('posts the change that sets it there, as case #1: who, the setting, before and after', async () => {
    const set = await reply(config(emu, 'set log-channel', { channel: LOG }));
    expect(set.message.content).toBe(
      `**Log channel**: default: none (changes are not posted) → <#${LOG}>. It applies from the next interaction (case #1).`,
    );
    const [post] = await logPosts(emu, LOG, 1);
    const embed = embedOfPost(post);
    expect(embed).toMatchObject({
      title: 'Case #1 · setting changed',
      description: `By tester (<@${emu.userId}>)`,
      fields: [{ name: 'Log channel', value: `Before: default: none (changes are not posted)\nAfter: <#${LOG}>` }],
      footer: { text: 'Settings' },
    });
    expect(Date.parse(embed.timestamp ?? '')).toBeGreaterThan(Date.now() - 60_000);
    expect(channelRequests('POST', LOG)[0]?.body).toMatchObject({ allowed_mentions: { parse: [] } });
    await until(() => (auditRow(G1, 1) as { log_message_id: string | null }).log_message_id !== null, 'the post id stored');
    expect(auditRow(G1, 1)).toEqual({ log_message_id: post!.id, log_channel_id: LOG });
  });

  it('posts a note as it is added and edited: the note, what changed, and a link to its previous case', async () => {
    noteId = savedId(
      await reply(await addNote(emu, { title: 'Fordow', text: 'Under a mountain near Qom.', source: 'https://example.org/fordow' })),
    );
    const added = embedOfPost((await logPosts(emu, LOG, 2))[1]);
    expect(added.title).toBe('Case #2 · note added');
    expect(field(added, 'Note')).toBe(`#${noteId} "Fordow"\n\`/note show note:${noteId}\` · [Source](https://example.org/fordow)`);
    expect(field(added, 'Written')).toContain('created: 1 paragraph');
    expect(field(added, 'Written')).toContain('Under a mountain near Qom.');

    const opened = note(emu, 'edit', { note: String(noteId) });
    await modalOf(emu, opened);
    await reply(emu.submitModal(opened, { title: 'Fordow plant', text: 'Under a mountain near Qom, declared in 2009.' }));
    const posts = await logPosts(emu, LOG, 3);
    const edited = embedOfPost(posts[2]);
    expect(edited.title).toBe('Case #3 · note edited');
    const previous = `https://discord.com/channels/${G1}/${LOG}/${posts[1]!.id}`;
    expect(field(edited, 'Note')).toBe(
      `#${noteId} "Fordow plant"\n\`/note show note:${noteId}\` · [Source](https://example.org/fordow) ` +
        `· previous change: [case #2](${previous})`,
    );
    expect(field(edited, 'Revision 1 → 2')).toMatch(
      /^title: "Fordow" → "Fordow plant"\ntext: 1 paragraph new or changed, 1 paragraph replaced or deleted\n```diff\n/,
    );
    expect(field(edited, 'Revision 1 → 2')).toContain('+ ¶1 Under a mountain near Qom, declared in 2009.');
  });

  it("edits the removal's post when the note is restored, rather than posting it again", async () => {
    const removed = await reply(note(emu, 'remove', { note: String(noteId) }));
    const removal = embedOfPost((await logPosts(emu, LOG, 4))[3]);
    expect(removal.title).toBe('Case #4 · note removed');
    expect(field(removal, 'Change')).toBe('Hidden from answers and lists; kept with its 2 revisions.');
    const message = {
      ...emu.botMessage({ content: removed.message.content ?? '', components: removed.message.components, flags: MessageFlags.Ephemeral }),
    };
    await reply(emu.button(buttonOf(removed.message, 'Restore').custom_id, message));
    const posts = await until(() => {
      const now = emu.channelMessages(LOG);
      return now.length === 5 && now[3]!.embeds[0]!.fields?.some((f) => f.name === 'Undone') ? now : undefined;
    }, 'the restore posted and the removal edited');
    expect(embedOfPost(posts[4]).title).toBe('Case #5 · note restored');
    expect(field(embedOfPost(posts[4]), 'Change')).toBe('Back in answers and lists.');
    expect(field(embedOfPost(posts[3]), 'Undone')).toBe('note restored in case #5 by tester');
    expect(posts[3]!.edited_timestamp).not.toBeNull();
    expect(channelRequests('PATCH', LOG)).toHaveLength(1);
    expect(channelRequests('POST', LOG)).toHaveLength(5);
  });

  it('posts an import of several notes as one post listing its cases', async () => {
    const file = (title: string) => ({ name: `${title.toLowerCase()}.md`, data: `---\ntitle: ${title}\n---\n\nAbout ${title}.\n` });
    const zip = buildZip(['Arak', 'Bushehr', 'Isfahan', 'Parchin'].map(file));
    const checked = await reply(noteImport(emu, emu.attachment('four.zip', zip)));
    const message = emu.botMessage({
      content: checked.message.content ?? '',
      components: checked.message.components,
      flags: MessageFlags.Ephemeral,
    });
    expect((await reply(emu.button(buttonOf(checked.message, 'Confirm').custom_id, message))).message.content).toMatch(
      /^Imported four\.zip: 4 notes added/,
    );
    const summary = embedOfPost((await logPosts(emu, LOG, 6))[5]);
    expect(summary.title).toBe('Cases #6 to #9 · 4 changes');
    expect(summary.description).toMatch(
      /^By tester \(<@\d+>\)\n\nCase #6 · note added · #\d+ "Arak"\n.*\nCase #9 · note added · #\d+ "Parchin"$/s,
    );
    expect(field(summary, 'Detail')).toContain('import four.zip: arak.md');
    await until(
      () => (auditRow(G1, 9) as { log_message_id: string | null }).log_message_id === emu.channelMessages(LOG)[5]!.id,
      'every case of the import linked to the post',
    );
    expect(channelRequests('POST', LOG)).toHaveLength(6);
  });

  it('posts settings changes with their before and after, and the other server keeps its own log', async () => {
    await reply(config(emu, 'set passages', { count: 5 }));
    const setting = embedOfPost((await logPosts(emu, LOG, 7))[6]);
    expect(setting).toMatchObject({
      title: 'Case #10 · setting changed',
      fields: [{ name: 'Passages per answer', value: 'Before: default: 3\nAfter: 5' }],
    });

    await reply(config(emu, 'set log-channel', { channel: G2_LOG }, inG2));
    await reply(await addNote(emu, { title: 'Second server note', text: 'Only here.' }, inG2));
    const theirs = await logPosts(emu, G2_LOG, 2);
    expect(theirs.map((p) => p.embeds[0]?.title)).toEqual(['Case #1 · setting changed', 'Case #2 · note added']);
    expect(emu.channelMessages(LOG)).toHaveLength(7);
  });

  it('answers every change as usual when the bot may not post in the log channel, and /config show says why', async () => {
    const set = await reply(config(emu, 'set log-channel', { channel: HIDDEN }));
    expect(set.message.content).toContain(
      'The bot cannot post there yet: give it View Channel, Send Messages in that channel. `/config show` tells you when it can.',
    );
    await until(() => channelRequests('POST', HIDDEN).length === 1, 'the refused post');
    expect(channelRequests('POST', HIDDEN)[0]?.status).toBe(403);
    const saved = await reply(await addNote(emu, { title: 'Written while the log is closed', text: 'Saved anyway.' }));
    expect(saved.message.content).toMatch(/^Saved note #\d+/);
    await until(() => channelRequests('POST', HIDDEN).length === 2, 'the second refused post');
    const shown = embedIn(await reply(config(emu, 'show')));
    const log = shown.fields?.find((f) => f.name === 'Log channel')?.value ?? '';
    expect(log).toContain(`<#${HIDDEN}>`);
    expect(log).toContain('⚠️ The bot lacks View Channel, Send Messages there: it cannot post.');
    expect(log).toMatch(
      /⚠️ The last post failed <t:\d+:R>: the bot may not post there \(it needs View Channel, Send Messages and Embed Links\)\./,
    );
    expect(h.logs.some((l) => l.level === LEVEL.warn && l.msg === 'log channel post failed' && l['channelId'] === HIDDEN)).toBe(true);
  });

  it('reports a deleted log channel and keeps answering; turning the log off is posted where it was', async () => {
    await reply(config(emu, 'set log-channel', { channel: DOOMED }));
    await logPosts(emu, DOOMED, 1);
    emu.deleteChannel(DOOMED);
    await until(() => !h.bot.client.channels.cache.has(DOOMED), 'the channel gone from the cache');
    expect((await reply(await addNote(emu, { title: 'After the log channel went', text: 'Saved.' }))).message.content).toMatch(
      /^Saved note/,
    );
    const shown = embedIn(await reply(config(emu, 'show')));
    expect(shown.fields?.find((f) => f.name === 'Log channel')?.value).toBe(
      `none (changes are not posted)\nDefault: none (changes are not posted)\n⚠️ The log channel ` +
        `(id ${DOOMED}) no longer exists: nothing is posted until you choose another.`,
    );

    await reply(config(emu, 'set log-channel', { channel: LOG }));
    await logPosts(emu, LOG, 8);
    await reply(config(emu, 'reset', { setting: 'logChannel' }));
    const off = embedOfPost((await logPosts(emu, LOG, 9))[8]);
    expect(off.title).toMatch(/^Case #\d+ · setting reset$/);
    expect(field(off, 'Log channel')).toBe(`Before: <#${LOG}>\nAfter: default: none (changes are not posted)`);
    // From now on nothing is posted.
    await reply(await addNote(emu, { title: 'Unlogged', text: 'Nobody posts this.' }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(emu.channelMessages(LOG)).toHaveLength(9);
  });
});
