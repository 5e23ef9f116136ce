/**
 * `/config` through the emulator with the real bot: who may use it, what `/config show` says, and each setting's
 * effect on `/ask`, `/quote`, `/sources`, the context menu, the buttons and `/note`, in one server and not the other.
 */
import { once } from 'node:events';
import { ChannelType, Events } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscordEmulator, SentInteraction } from './discord-emulator/index.js';
import { type Harness, startHarness } from './helpers/bot.js';
import { buttonOf, buttonsOf, citationsOf, expectNoPingsOnEveryMessage } from './helpers/discord.js';
import { ADMIN, config, configAutocomplete } from './helpers/config.js';
import { choicesOf, embedIn, finalReply, MEMBER, MODERATOR, note, noteAutocomplete } from './helpers/notes.js';

const G1 = '600000000000000001';
const G2 = '600000000000000002';
const GENERAL = '610000000000000001';
const STUDY = '610000000000000002';
const DOOMED = '610000000000000003';
const CATEGORY = '610000000000000004';
const G2_CHANNEL = '610000000000000009';
const MODS = '620000000000000001';
const DOOMED_ROLE = '620000000000000002';

const IAEA = 'notes/iaea';
/** A question the library answers with many passages: enough to count a page. */
const BROAD = "Why aren't US diplomats talking to their Iranian counterparts?";

describe('/config: per-server settings', () => {
  let h: Harness;
  let emu: DiscordEmulator;
  const inG2 = { guildId: G2, channelId: G2_CHANNEL };
  const asMember = { memberPermissions: MEMBER };

  beforeAll(async () => {
    h = await startHarness({
      emulator: {
        guilds: [
          {
            id: G1,
            channelId: GENERAL,
            channels: [
              { id: STUDY, name: 'study' },
              { id: DOOMED, name: 'doomed' },
              { id: CATEGORY, name: 'Topics', type: ChannelType.GuildCategory },
            ],
            roles: [
              { id: MODS, name: 'Mods' },
              { id: DOOMED_ROLE, name: 'Temporary' },
            ],
          },
          { id: G2, channelId: G2_CHANNEL },
        ],
      },
    });
    emu = h.emu;
  });

  afterAll(async () => {
    expectNoPingsOnEveryMessage(emu, 10);
    await h?.close();
  });

  const reply = async (sent: SentInteraction) => finalReply(emu, sent);
  const content = async (sent: SentInteraction) => (await reply(sent)).message.content ?? '';
  const cases = (guildId: string) => h.bot.db.prepare('SELECT COUNT(*) FROM audit WHERE guild_id = ?').pluck().get(guildId) as number;
  const reset = async (setting: string) => {
    await reply(config(emu, 'reset', { setting }));
  };
  const passagesShown = async (sent: SentInteraction) => citationsOf(embedIn(await reply(sent))).length;

  describe('who may use it', () => {
    it('refuses every subcommand, privately, to a member without Manage Server, and changes nothing', async () => {
      const refusal = "Only the server's admins can see and change the bot's settings: it takes the Manage Server permission.";
      for (const sent of [
        config(emu, 'show', {}, asMember),
        config(emu, 'set passages', { count: 5 }, asMember),
        config(emu, 'set log-channel', { channel: STUDY }, asMember),
        config(emu, 'reset', { setting: 'passagesPerAnswer' }, asMember),
        // Manage Messages (a moderator) is not enough.
        config(emu, 'show', {}, { memberPermissions: MODERATOR }),
      ]) {
        const answer = await reply(sent);
        expect(answer.message.content).toBe(refusal);
        expect(answer.ephemeral).toBe(true);
      }
      expect(await choicesOf(configAutocomplete(emu, 'set document', { document: 'iaea' }, 'document', asMember))).toEqual([]);
      expect(cases(G1)).toBe(0);
      expect(await passagesShown(emu.command('ask', { question: BROAD }))).toBe(3);
    });

    it('lets a member with Manage Server in, without Manage Messages', async () => {
      const answer = await reply(config(emu, 'show', {}, { memberPermissions: ADMIN }));
      expect(answer.ephemeral).toBe(true);
      expect(embedIn(answer).title).toBe('Settings for this server');
    });
  });

  describe('/config show', () => {
    it('lists every setting with its value, marked as the default', async () => {
      const embed = embedIn(await reply(config(emu, 'show')));
      expect(embed.fields?.map((f) => f.name)).toEqual([
        'Answer visibility',
        'Passages per answer',
        'Channels for questions',
        'Moderator role',
        'Turned-off commands',
        'Documents left out',
        'Log channel',
        'Cooldown between questions',
        'Answers per minute',
      ]);
      expect(embed.fields?.map((f) => f.value)).toEqual([
        'public (the channel sees answers) (default)',
        '3 (default)',
        'every channel (default)',
        'none (Manage Messages only) (default)',
        'none: everything is on (default)',
        'none: every document answers (default)',
        'none (changes are not posted) (default)',
        'none (members may ask again at once) (default)',
        'no limit (default)',
      ]);
    });
  });

  describe('passages per answer', () => {
    it('shows that many passages per page from the next /ask on, in this server only, and records the change', async () => {
      const set = await reply(config(emu, 'set passages', { count: 5 }));
      expect(set.ephemeral).toBe(true);
      expect(set.message.content).toMatch(
        /^\*\*Passages per answer\*\*: default: 3 → 5\. It applies from the next interaction \(case #\d+\)\.$/,
      );
      expect(await passagesShown(emu.command('ask', { question: BROAD }))).toBe(5);
      const more = await reply(emu.command('ask', { question: BROAD }));
      expect(embedIn(more).description).toMatch(/^Passages 1-5 of \d+, best first\.$/);
      expect(await passagesShown(emu.command('ask', { question: BROAD }, inG2))).toBe(3);
      const show = embedIn(await reply(config(emu, 'show')));
      expect(show.fields?.[1]?.value).toBe('5\nDefault: 3');
      const audit = h.bot.db
        .prepare("SELECT action, actor_id, before_json, after_json FROM audit WHERE guild_id = ? AND action LIKE 'settings.%'")
        .get(G1);
      expect(audit).toEqual({
        action: 'settings.set',
        actor_id: emu.userId,
        before_json: '{"passagesPerAnswer":null}',
        after_json: '{"passagesPerAnswer":5}',
      });
    });

    it('refuses a number out of range or not whole with a clear message, and keeps the value', async () => {
      for (const count of [0, 9, 2.5]) {
        const answer = await reply(config(emu, 'set passages', { count }));
        expect(answer.message.content).toBe('Option `count`: must be a whole number from 1 to 5.');
        expect(answer.ephemeral).toBe(true);
      }
      expect(await passagesShown(emu.command('ask', { question: BROAD }))).toBe(5);
    });

    it('goes back to the default with /config reset, and says when nothing changed', async () => {
      expect(await content(config(emu, 'reset', { setting: 'passagesPerAnswer' }))).toMatch(/^\*\*Passages per answer\*\*: 5 → 3\./);
      expect(await passagesShown(emu.command('ask', { question: BROAD }))).toBe(3);
      expect(await content(config(emu, 'reset', { setting: 'passagesPerAnswer' }))).toBe(
        'Nothing changed: **Passages per answer** is already 3.',
      );
    });
  });

  describe('default visibility of answers', () => {
    it("makes /ask answer privately by default, the asker's private option still deciding, in this server only", async () => {
      await reply(config(emu, 'set visibility', { answers: 'private' }));
      const byDefault = await reply(emu.command('ask', { question: BROAD }));
      expect(byDefault.ephemeral).toBe(true);
      expect(buttonOf(byDefault.message, 'Post to channel').custom_id).toMatch(/^post:\d+:0$/);
      expect((await reply(emu.command('ask', { question: BROAD, private: false }))).ephemeral).toBe(false);
      expect((await reply(emu.command('ask', { question: BROAD }, inG2))).ephemeral).toBe(false);
      await reset('answerVisibility');
      expect((await reply(emu.command('ask', { question: BROAD }))).ephemeral).toBe(false);
      expect((await reply(emu.command('ask', { question: BROAD, private: true }))).ephemeral).toBe(true);
    });

    it('refuses a value that is not a choice', async () => {
      expect(await content(config(emu, 'set visibility', { answers: 'secret' }))).toBe('Option `answers`: must be public or private.');
    });
  });

  describe('commands turned off', () => {
    const off = (name: string) => `The admins of this server have turned off ${name} here.`;

    it('answers a turned-off /quote privately, offers no documents, and refuses its buttons, in this server only', async () => {
      const button = buttonOf((await reply(emu.command('quote', { document: IAEA, paragraph: 1 }))).message, 'Next').custom_id;
      await reply(config(emu, 'set command', { command: 'quote', enabled: false }));
      const refused = await reply(emu.command('quote', { document: IAEA, paragraph: 1 }));
      expect(refused).toMatchObject({ ephemeral: true, message: { content: off('`/quote`') } });
      expect(await choicesOf(emu.autocomplete('quote', { document: 'iaea' }, 'document'))).toEqual([]);
      expect((await reply(emu.button(button))).message.content).toBe(off('`/quote`'));
      expect((await reply(emu.command('quote', { document: IAEA, paragraph: 1 }, inG2))).message.embeds?.length).toBe(1);
      await reply(config(emu, 'set command', { command: 'quote', enabled: true }));
      expect((await reply(emu.command('quote', { document: IAEA, paragraph: 1 }))).message.embeds?.length).toBe(1);
    });

    it('leaves "Post to channel" off private answers and refuses an earlier one', async () => {
      const earlier = await reply(emu.command('ask', { question: BROAD, private: true }));
      const post = buttonOf(earlier.message, 'Post to channel').custom_id;
      await reply(config(emu, 'set command', { command: 'post', enabled: false }));
      const now = await reply(emu.command('ask', { question: BROAD, private: true }));
      expect(buttonsOf(now.message).map((b) => b.label)).not.toContain('Post to channel');
      expect(buttonsOf(now.message).map((b) => b.label)).toContain('More results');
      const pressed = await reply(emu.button(post));
      expect(pressed).toMatchObject({ ephemeral: true, message: { content: off('**Post to channel**') } });
      await reply(config(emu, 'set command', { command: 'post', enabled: true }));
    });

    it('refuses the "Ask the corpus" menu and /note gaps when they are off', async () => {
      await reply(config(emu, 'set command', { command: 'ask-menu', enabled: false }));
      await reply(config(emu, 'set command', { command: 'gaps', enabled: false }));
      expect((await reply(emu.messageContextMenu('Ask the corpus', 'What is the IAEA?'))).message.content).toBe(off('**Ask the corpus**'));
      expect((await reply(note(emu, 'gaps'))).message.content).toBe(off('`/note gaps`'));
      expect((await reply(emu.button('gap:1'))).message.content).toBe(off('`/note gaps`'));
      const show = embedIn(await reply(config(emu, 'show')));
      expect(show.fields?.[4]?.value).toBe('**Ask the corpus**, **/note gaps**\nDefault: none: everything is on');
      expect(embedIn(await reply(emu.messageContextMenu('Ask the corpus', 'What is the IAEA?', inG2))).title).toBe('What is the IAEA?');
      await reset('disabledCommands');
      expect(embedIn(await reply(emu.messageContextMenu('Ask the corpus', 'What is the IAEA?'))).title).toBe('What is the IAEA?');
    });
  });

  describe('channels for questions', () => {
    const pointer = (ids: string[]) =>
      `In this server, questions are asked in ${ids.map((id) => `<#${id}>`).join(' or ')}: please ask there.`;

    it('points a member elsewhere to the allowed channel, privately and without a ping, for /ask and the menu', async () => {
      await reply(config(emu, 'set ask-channels', { add: STUDY }));
      const elsewhere = await reply(emu.command('ask', { question: BROAD }));
      expect(elsewhere).toMatchObject({ ephemeral: true, message: { content: pointer([STUDY]), allowed_mentions: { parse: [] } } });
      expect((await reply(emu.messageContextMenu('Ask the corpus', 'What is the IAEA?'))).message.content).toBe(pointer([STUDY]));
      expect((await reply(emu.command('ask', { question: BROAD }, { channelId: STUDY }))).message.embeds?.length).toBe(1);
      // Other commands and the other server are not limited.
      expect((await reply(emu.command('quote', { document: IAEA, paragraph: 1 }))).message.embeds?.length).toBe(1);
      expect((await reply(emu.command('ask', { question: BROAD }, inG2))).message.embeds?.length).toBe(1);
    });

    it('adds and removes channels one at a time, and allows every channel again once none is listed', async () => {
      await reply(config(emu, 'set ask-channels', { add: DOOMED }));
      expect((await reply(emu.command('ask', { question: BROAD }))).message.content).toBe(pointer([STUDY, DOOMED]));
      const removed = await content(config(emu, 'set ask-channels', { remove: STUDY }));
      expect(removed).toBe(
        `**Channels for questions**: <#${STUDY}>, <#${DOOMED}> → <#${DOOMED}>. It applies from the next interaction (case #${cases(G1)}).`,
      );
      expect((await reply(emu.command('ask', { question: BROAD }))).message.content).toBe(pointer([DOOMED]));
    });

    it('drops a deleted channel, reports it in /config show, and then lets questions be asked everywhere', async () => {
      emu.deleteChannel(DOOMED);
      const show = embedIn(await reply(config(emu, 'show')));
      expect(show.fields?.[2]?.value).toBe(
        `every channel\nDefault: every channel\n⚠️ A channel for questions (id ${DOOMED}) no longer exists: it is left out.`,
      );
      expect((await reply(emu.command('ask', { question: BROAD }))).message.embeds?.length).toBe(1);
      await reset('askChannels');
    });

    it('refuses a category, a channel Discord did not resolve, and an empty change, with clear messages', async () => {
      expect(await content(config(emu, 'set ask-channels', { add: CATEGORY }))).toBe(
        'Option `add`: must be a text, announcement, voice or forum channel.',
      );
      expect(await content(config(emu, 'set ask-channels', { add: '619999999999999999' }))).toBe(
        'Option `add`: is not a channel of this server (it may have just been deleted): pick one from the list.',
      );
      expect(await content(config(emu, 'set ask-channels'))).toMatch(/^Pick a channel to `add` or to `remove`\./);
      expect(embedIn(await reply(config(emu, 'show'))).fields?.[2]?.value).toBe('every channel (default)');
    });
  });

  describe('moderator role', () => {
    const withRole = (roles: string[]) => ({ memberPermissions: MEMBER, roles });

    it('lets members with the role use /note, besides Manage Messages, in this server only', async () => {
      const before = await reply(note(emu, 'list', {}, withRole([MODS])));
      expect(before.message.content).toBe("Only moderators can manage this server's notes: it takes the Manage Messages permission.");
      const set = await content(config(emu, 'set moderator-role', { role: MODS }));
      expect(set).toContain(`→ <@&${MODS}>`);
      expect(set).toContain('Server Settings > Integrations');
      expect(embedIn(await reply(note(emu, 'list', {}, withRole([MODS])))).title).toMatch(/notes/i);
      expect((await reply(note(emu, 'list', {}, withRole([])))).message.content).toBe(
        `Only moderators can manage this server's notes: it takes the Manage Messages permission or the <@&${MODS}> role.`,
      );
      expect((await reply(note(emu, 'list', {}, { ...withRole([MODS]), ...inG2 }))).message.content).toMatch(/^Only moderators/);
      // A moderator by permission still is one.
      expect(embedIn(await reply(note(emu, 'list', {}, { memberPermissions: MODERATOR }))).title).toMatch(/notes/i);
    });

    it('refuses @everyone, and drops a deleted role with a report in /config show', async () => {
      expect(await content(config(emu, 'set moderator-role', { role: G1 }))).toBe(
        'Option `role`: pick a role other than @everyone: every member has it.',
      );
      await reply(config(emu, 'set moderator-role', { role: DOOMED_ROLE }));
      expect(embedIn(await reply(note(emu, 'list', {}, withRole([DOOMED_ROLE])))).title).toMatch(/notes/i);
      emu.deleteRole(DOOMED_ROLE);
      const show = embedIn(await reply(config(emu, 'show')));
      expect(show.fields?.[3]?.value).toContain(
        `⚠️ The moderator role (id ${DOOMED_ROLE}) no longer exists: only Manage Messages lets members manage notes.`,
      );
      expect((await reply(note(emu, 'list', {}, withRole([DOOMED_ROLE])))).message.content).toBe(
        "Only moderators can manage this server's notes: it takes the Manage Messages permission.",
      );
      await reset('moderatorRole');
    });
  });

  describe('documents left out', () => {
    it('leaves a document out of answers, /sources, /quote and its autocomplete, and brings it back', async () => {
      const cited = async (guild = {}) => {
        const answer = await reply(emu.command('ask', { question: 'What is the IAEA and what does it inspect?' }, guild));
        return (embedIn(answer).fields ?? []).map((f) => f.value).join('\n');
      };
      expect(await cited()).toContain(`\`${IAEA}\``);
      const set = await content(config(emu, 'set document', { document: IAEA, answers: false }));
      expect(set).toMatch(/^\*\*Documents left out\*\*: default: none: every document answers → .*\(`notes\/iaea`\)\./);
      expect(await cited()).not.toContain(`\`${IAEA}\``);
      expect(await cited(inG2)).toContain(`\`${IAEA}\``);
      const sources = embedIn(await reply(emu.command('sources')));
      expect(JSON.stringify(sources)).not.toContain(IAEA);
      expect(JSON.stringify(embedIn(await reply(emu.command('sources', {}, inG2))))).toContain(IAEA);
      expect((await reply(emu.command('quote', { document: IAEA, paragraph: 1 }))).message.content).toMatch(
        /^No document matches "notes\/iaea"/,
      );
      expect((await choicesOf(emu.autocomplete('quote', { document: 'atomic energy' }, 'document'))).map((c) => c.value)).not.toContain(
        IAEA,
      );
      expect((await reply(emu.button(`full:1:${IAEA}`))).message.content).toMatch(/^That paragraph is no longer in the library/);
      const about = async (guild = {}) =>
        (await choicesOf(noteAutocomplete(emu, 'add', { about: 'notes/' }, 'about', guild))).map((c) => c.value);
      expect(await about(inG2)).toContain(IAEA);
      expect(await about()).not.toContain(IAEA);
      const choices = await choicesOf(configAutocomplete(emu, 'set document', { document: 'atomic energy' }, 'document'));
      expect(choices.find((c) => c.value === IAEA)?.name).toMatch(/\(left out\)$/);
      await reply(config(emu, 'set document', { document: IAEA, answers: true }));
      expect(await cited()).toContain(`\`${IAEA}\``);
    });

    it('refuses a document the library does not have', async () => {
      expect(await content(config(emu, 'set document', { document: 'notes/no-such-thing', answers: false }))).toBe(
        'Option `document`: no document of the library matches "notes/no-such-thing". Pick one from the list as you type.',
      );
    });
  });

  describe('across servers and membership', () => {
    it("keeps one server's settings and case numbers out of the other", async () => {
      await reply(config(emu, 'set passages', { count: 2 }));
      const other = embedIn(await reply(config(emu, 'show', {}, inG2)));
      expect(other.fields?.every((f) => f.value.endsWith('(default)'))).toBe(true);
      const first = await content(config(emu, 'set passages', { count: 4 }, inG2));
      expect(first).toContain('(case #1)');
      expect(await passagesShown(emu.command('ask', { question: BROAD }))).toBe(2);
      expect(await passagesShown(emu.command('ask', { question: BROAD }, inG2))).toBe(4);
    });

    it('keeps the settings valid when the bot is removed from a server and added back', async () => {
      await reply(config(emu, 'set ask-channels', { add: STUDY }));
      const left = once(h.bot.client, Events.GuildDelete);
      emu.removeBotFromGuild(G1);
      await left;
      expect(h.bot.client.guilds.cache.has(G1)).toBe(false);
      const back = once(h.bot.client, Events.GuildCreate);
      emu.addBotToGuild(G1);
      await back;
      const show = embedIn(await reply(config(emu, 'show')));
      expect(JSON.stringify(show)).not.toContain('⚠️');
      expect(show.fields?.[2]?.value).toBe(`<#${STUDY}>\nDefault: every channel`);
      expect(await passagesShown(emu.command('ask', { question: BROAD }, { channelId: STUDY }))).toBe(2);
      expect((await reply(emu.command('ask', { question: BROAD }))).message.content).toMatch(/^In this server, questions are asked in/);
      await reset('askChannels');
      await reset('passagesPerAnswer');
    });

    it('answers a /config subcommand the bot does not have, and /config in a DM, with a clear message', async () => {
      expect(await content(config(emu, 'set rate-limit', { seconds: 5 }))).toBe(
        'This bot has no `/config set rate-limit` any more: its command list may be out of date.',
      );
      expect(await content(config(emu, 'show', {}, { guildId: null }))).toBe(
        'Settings belong to a server: use `/config` in the server whose settings you change.',
      );
    });
  });
});
