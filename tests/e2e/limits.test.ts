/**
 * The rate limits through the emulator with the real bot: a member's cooldown between questions, a server's answers
 * per minute, a cooldown that outlives a restart, and a burst of 200 questions from 20 members in one second.
 */
import type { APIUser } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscordEmulator, SentInteraction } from './discord-emulator/index.js';
import { user } from './discord-emulator/fixtures.js';
import { type Harness, LEVEL, startHarness } from './helpers/bot.js';
import { ADMIN, config, logPosts } from './helpers/config.js';
import { buttonOf, expectNoPingsOnEveryMessage } from './helpers/discord.js';
import { embedIn, finalReply, MEMBER } from './helpers/notes.js';

const G1 = '700000000000000001';
const G2 = '700000000000000002';
const GENERAL = '710000000000000001';
const LOG = '710000000000000002';
const G2_CHANNEL = '710000000000000009';
const START = 1_900_000_000_000;

const QUESTIONS = ['What is the IAEA?', 'Who is Ali Khamenei?', 'What is the P5+1?', 'What is Track 2 diplomacy?'];

function member(n: number): APIUser {
  return user(`73000000000000${String(n).padStart(4, '0')}`, `member-${n}`, false);
}

/** `<t:…:R>` for a time in ms, as the refusals write it. */
const relative = (ms: number) => `<t:${Math.ceil(ms / 1000)}:R>`;

describe('rate limits', () => {
  let h: Harness;
  let emu: DiscordEmulator;
  let clock = START;
  const inG2 = { guildId: G2, channelId: G2_CHANNEL };

  beforeAll(async () => {
    h = await startHarness({
      emulator: {
        guilds: [
          { id: G1, channelId: GENERAL, channels: [{ id: LOG, name: 'bot-log' }] },
          { id: G2, channelId: G2_CHANNEL },
        ],
      },
      bot: { now: () => clock },
    });
    emu = h.emu;
  });

  afterAll(async () => {
    expectNoPingsOnEveryMessage(emu, 10);
    await h?.close();
  });

  const ask = (who: APIUser, extra: { guildId?: string; channelId?: string } = {}, question = QUESTIONS[0]!) =>
    emu.command('ask', { question }, { user: who, memberPermissions: MEMBER, ...extra });
  const answersStored = (guildId: string) =>
    h.bot.db.prepare('SELECT COUNT(*) FROM answers WHERE guild_id = ?').pluck().get(guildId) as number;
  const set = async (sub: string, options: Record<string, number | string>, extra = {}) => {
    const reply = await finalReply(emu, config(emu, sub, options, { memberPermissions: ADMIN, ...extra }));
    return reply.message.content ?? '';
  };
  /** Whether the bot answered (an embed with the passages) or refused (private text), and what it said. */
  const outcome = async (sent: SentInteraction) => {
    const reply = await finalReply(emu, sent);
    return reply.message.embeds?.length
      ? { answered: true as const, ephemeral: reply.ephemeral, title: embedIn(reply).title }
      : { answered: false as const, ephemeral: reply.ephemeral, content: reply.message.content ?? '' };
  };

  describe('the cooldown between questions', () => {
    const alice = member(1);
    const bob = member(2);

    it('refuses a second question within the cooldown privately, saying when, storing and posting nothing, for that member in that server only', async () => {
      await set('set log-channel', { channel: LOG });
      expect(await set('set cooldown', { seconds: 90 })).toMatch(
        /^\*\*Cooldown between questions\*\*: default: none \(members may ask again at once\) → 1 minute 30 seconds between a member's questions\. It applies from the next interaction \(case #\d+\)\.$/,
      );
      const posts = await logPosts(emu, LOG, 2);
      expect(posts[1]?.embeds[0]?.fields).toEqual([
        {
          name: 'Cooldown between questions',
          value: "Before: default: none (members may ask again at once)\nAfter: 1 minute 30 seconds between a member's questions",
        },
      ]);
      const logged = posts.length;
      const stored = answersStored(G1);
      expect(await outcome(ask(alice))).toMatchObject({ answered: true, ephemeral: false });
      const asked = clock;
      clock += 30_000;
      const refused = await outcome(ask(alice, {}, QUESTIONS[1]));
      expect(refused).toEqual({
        answered: false,
        ephemeral: true,
        content: `In this server, members wait 1 minute 30 seconds between questions. You can ask again ${relative(asked + 90_000)}.`,
      });
      // The context menu is a new question too.
      const viaMenu = await finalReply(emu, emu.messageContextMenu('Ask the corpus', 'Who is Dennis Ross?', { user: alice }));
      expect(viaMenu.message.content).toBe(refused.content);
      expect(viaMenu.ephemeral).toBe(true);
      expect(answersStored(G1)).toBe(stored + 1);
      expect(emu.channelMessages(LOG)).toHaveLength(logged);
      // Another member, and Alice in another server, are not held up.
      expect(await outcome(ask(bob))).toMatchObject({ answered: true });
      expect(await outcome(ask(alice, inG2))).toMatchObject({ answered: true });
      expect(await outcome(ask(alice, inG2))).toMatchObject({ answered: true });
    });

    it('answers again once the cooldown has passed, not extended by the refused attempts', async () => {
      // Alice asked at START and was refused at START + 30 s: 90 s after her question she may ask again.
      clock = START + 89_000;
      expect(await outcome(ask(alice))).toMatchObject({ answered: false });
      clock = START + 90_000;
      expect(await outcome(ask(alice))).toMatchObject({ answered: true });
    });

    it('outlives a restart of the bot on the same data folder', async () => {
      const asked = clock;
      clock += 10_000;
      await h.restart();
      expect(await outcome(ask(alice))).toEqual({
        answered: false,
        ephemeral: true,
        content: `In this server, members wait 1 minute 30 seconds between questions. You can ask again ${relative(asked + 90_000)}.`,
      });
      // The log channel heard of the two settings changes, and of nothing the limits refused.
      expect(emu.channelMessages(LOG)).toHaveLength(2);
      clock = asked + 90_000;
      expect(await outcome(ask(alice))).toMatchObject({ answered: true });
      // What outlived the restart names nobody: the cooldowns table holds keyed hashes, never a member's id.
      const kept = JSON.stringify(h.bot.db.prepare('SELECT * FROM cooldowns').all());
      expect(kept).toMatch(/[0-9a-f]{64}/);
      for (const member of [alice, bob]) expect(kept).not.toContain(member.id);
      expect(await set('reset', { setting: 'askCooldown' })).toMatch(/^\*\*Cooldown between questions\*\*: 1 minute 30 seconds/);
      expect(await outcome(ask(alice))).toMatchObject({ answered: true });
    });

    it('does not hold a member to a question that got no answer (nothing to search for)', async () => {
      await set('set cooldown', { seconds: 60 });
      await set('set answers-per-minute', { count: 2 });
      const carol = member(7);
      const stored = answersStored(G1);
      expect(await outcome(ask(carol, {}, 'what is the?'))).toEqual({
        answered: false,
        ephemeral: true,
        content: expect.stringMatching(/^That question has no words to search for/) as string,
      });
      expect(await outcome(ask(carol))).toMatchObject({ answered: true });
      expect(await outcome(ask(member(8)))).toMatchObject({ answered: true });
      expect(await outcome(ask(carol, {}, QUESTIONS[1]))).toMatchObject({
        answered: false,
        content: expect.stringMatching(/^In this server/) as string,
      });
      expect(answersStored(G1)).toBe(stored + 2);
      await set('reset', { setting: 'askCooldown' });
      await set('reset', { setting: 'answersPerMinute' });
    });
  });

  describe('answers per minute', () => {
    it('refuses, privately, the answer past the ceiling within a minute, whoever asks, and counts Post to channel', async () => {
      clock += 120_000;
      expect(await set('set answers-per-minute', { count: 3 })).toMatch(
        /^\*\*Answers per minute\*\*: default: no limit → 3 a minute in this server\. It applies from the next interaction \(case #\d+\)\.\n`\/config reset setting:Answers per minute` lifts the limit\.$/,
      );
      const first = clock;
      const stored = answersStored(G1);
      const privately = await finalReply(emu, emu.messageContextMenu('Ask the corpus', 'What is the IAEA?', { user: member(3) }));
      clock += 1_000;
      expect(await outcome(ask(member(4)))).toMatchObject({ answered: true });
      // Posting the private answer to the channel is the third answer of the minute.
      const post = buttonOf(privately.message, 'Post to channel');
      const posted = await finalReply(emu, emu.button(post.custom_id, undefined, { user: member(3) }));
      expect(posted.ephemeral).toBe(false);
      const refusal = `This server has had its 3 answers for this minute, a limit its admins set. Please try again ${relative(first + 60_000)}.`;
      expect(await outcome(ask(member(5)))).toEqual({ answered: false, ephemeral: true, content: refusal });
      // A Post to channel past the ceiling is refused the same way, and its private answer stays as it was.
      const postAgain = await finalReply(emu, emu.button(post.custom_id, undefined, { user: member(3) }));
      expect({ content: postAgain.message.content, ephemeral: postAgain.ephemeral }).toEqual({ content: refusal, ephemeral: true });
      // Admins are held to it too.
      expect(await outcome(emu.command('ask', { question: QUESTIONS[2]! }, { user: member(6), memberPermissions: ADMIN }))).toMatchObject({
        answered: false,
      });
      expect(await outcome(ask(member(5), inG2))).toMatchObject({ answered: true });
      expect(answersStored(G1)).toBe(stored + 2);
      clock = first + 60_000;
      expect(await outcome(ask(member(5)))).toMatchObject({ answered: true });
      await set('reset', { setting: 'answersPerMinute' });
    });
  });

  describe('settings out of range', () => {
    it('refuses a cooldown or a ceiling out of range with the rule, and changes nothing', async () => {
      const cases = () => h.bot.db.prepare('SELECT COUNT(*) FROM audit WHERE guild_id = ?').pluck().get(G1) as number;
      const before = cases();
      // Discord's client enforces min_value and max_value; a client that is not Discord's does not.
      expect(await set('set cooldown', { seconds: 601 })).toBe('Option `seconds`: must be a whole number of seconds from 0 to 600.');
      expect(await set('set answers-per-minute', { count: 0 })).toBe('Option `count`: must be a whole number from 1 to 600.');
      expect(cases()).toBe(before);
    });
  });

  describe('a burst', () => {
    it('answers or refuses each of 200 questions from 20 members in one second, within 3 s, exactly as the settings say', async () => {
      // G1: the ceiling binds (8 answers for its 10 members); G2: each member's cooldown does (10 answers).
      await set('set cooldown', { seconds: 600 });
      await set('set answers-per-minute', { count: 8 });
      await set('set cooldown', { seconds: 600 }, inG2);
      await set('set answers-per-minute', { count: 100 }, inG2);
      clock += 700_000;
      const stored = { g1: answersStored(G1), g2: answersStored(G2) };
      const firstLog = h.logs.length;
      const members = Array.from({ length: 20 }, (_, i) => member(100 + i));
      const sent: Array<{ sent: SentInteraction; guildId: string; userId: string }> = [];
      const started = performance.now();
      // Five waves 150 ms apart, each with two questions from every member at the same instant: the limits must hold
      // for questions that arrive together, not only one after another.
      for (let wave = 0; wave < 5; wave++) {
        for (let i = 0; i < 40; i++) {
          const who = members[i % 20]!;
          const guild = i % 20 < 10 ? { guildId: G1, channelId: GENERAL } : inG2;
          sent.push({ sent: ask(who, guild, QUESTIONS[(wave + i) % QUESTIONS.length]), guildId: guild.guildId, userId: who.id });
        }
        if (wave < 4) await new Promise((resolve) => setTimeout(resolve, 150));
      }
      expect(performance.now() - started).toBeLessThan(1_000);

      const results = await Promise.all(
        sent.map(async ({ sent: one, guildId, userId }) => {
          const first = await one.response;
          return { guildId, userId, latency: first.receivedAt - one.sentAt, ...(await outcome(one)) };
        }),
      );
      const slowest = Math.max(...results.map((r) => r.latency));
      expect(slowest, `the slowest first response took ${Math.round(slowest)} ms`).toBeLessThan(3_000);
      const answered = (guildId: string) => results.filter((r) => r.guildId === guildId && r.answered).length;
      expect(answered(G1)).toBe(8);
      expect(answered(G2)).toBe(10);
      for (const r of results.filter((x) => !x.answered)) {
        expect(r.ephemeral).toBe(true);
        expect(r.content).toMatch(
          /^(In this server, members wait 10 minutes between questions\. You can ask again|This server has had its 8 answers for this minute, a limit its admins set\. Please try again) <t:\d+:R>\.$/,
        );
      }
      // No member got two answers; in G2 every member got one.
      const answeredBy = results.filter((r) => r.answered).map((r) => `${r.guildId}/${r.userId}`);
      expect(new Set(answeredBy).size).toBe(18);
      expect(new Set(results.filter((r) => r.guildId === G2 && r.answered).map((r) => r.userId)).size).toBe(10);
      expect(answersStored(G1) - stored.g1).toBe(8);
      expect(answersStored(G2) - stored.g2).toBe(10);
      const loud = h.logs.slice(firstLog).filter((line) => line.level >= LEVEL.warn);
      expect(loud, JSON.stringify(loud.slice(0, 3))).toEqual([]);
    }, 20_000);
  });
});
