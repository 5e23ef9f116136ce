/**
 * Buttons whose custom_id the bot did not write, or that name an answer the member pressing could never have seen:
 * another server's, another member's private one, someone else's DM. Each gets a clear, private notice that says
 * nothing about the answer, and none of them is logged as a bug.
 */
import { type APIMessage, InteractionResponseType, MessageFlags } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { user } from './discord-emulator/fixtures.js';
import { snowflake } from './discord-emulator/ids.js';
import type { DiscordEmulator, InteractionExtras, SentInteraction } from './discord-emulator/index.js';
import { type Harness, LEVEL, startHarness } from './helpers/bot.js';
import { answerOf, buttonOf, callback, embedOf, expectNoPingsOnEveryMessage } from './helpers/discord.js';

const STALE = 'This button is from an older version of the bot and no longer works: run the command again.';
const EXPIRED = 'This answer has expired: ask the question again.';
const OTHER_USER = user(snowflake(), 'someone-else', false);

describe('forged buttons', () => {
  let h: Harness;
  let emu: DiscordEmulator;
  let guildA: string;
  let guildB: string;

  beforeAll(async () => {
    h = await startHarness({ emulator: { guilds: [{ name: 'Guild A' }, { name: 'Guild B' }] } });
    emu = h.emu;
    guildA = emu.guildId;
    guildB = h.bot.client.guilds.cache.find((g) => g.name === 'Guild B')!.id;
  });

  afterAll(async () => {
    await h?.close();
  });

  /** Asks and returns the stored answer id and the answer message as it now stands. */
  async function ask(
    question: string,
    extra: InteractionExtras & { private?: boolean } = {},
  ): Promise<{ answerId: number; message: APIMessage }> {
    const { private: isPrivate = false, ...where } = extra;
    const sent = emu.command('ask', { question, private: isPrivate }, where);
    const { message: body } = await answerOf(emu, sent);
    const answerId = Number(/^rate:(\d+):1$/.exec(buttonOf(body, 'Helpful').custom_id)?.[1]);
    expect(answerId).toBeGreaterThan(0);
    return { answerId, message: emu.originalMessage(sent)! };
  }

  /** The press got exactly `text`, privately, and the bot logged it as a user error, not at warn level or above. */
  async function expectNotice(sent: SentInteraction, text: string): Promise<void> {
    const body = await callback(sent);
    expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(body.data).toMatchObject({ content: text, flags: MessageFlags.Ephemeral });
    expect(body.data?.embeds ?? []).toEqual([]);
    await expect.poll(() => h.logs.find((l) => l.interactionId === sent.id && l.msg === 'handled')).toBeDefined();
    const lines = h.logs.filter((l) => l.interactionId === sent.id);
    expect(lines.find((l) => l.msg === 'user error')).toMatchObject({ level: LEVEL.info, reason: text });
    expect(lines.filter((l) => l.level >= LEVEL.warn)).toEqual([]);
  }

  function feedbackCount(answerId: number): number {
    return (h.bot.db.prepare('SELECT COUNT(*) AS n FROM feedback WHERE answer_id = ?').get(answerId) as { n: number }).n;
  }

  it.each([
    'constructor:1:x',
    '__proto__:1:1',
    'toString:1:1',
    'hasOwnProperty:1:1',
    'more:1:',
    'more::3',
    'more:01:3',
    'more:1e3:0',
    'rate:1:1:1',
    'full:1:notes/iaea?x=1',
    `more:1:${'0'.repeat(120)}`,
  ])('answers the forged custom_id %j with the stale-button notice, and logs no error', async (customId) => {
    await expectNotice(emu.button(customId), STALE);
  });

  it("keeps a server's answer from another server: More, Post and Helpful all say it has expired", async () => {
    const { answerId } = await ask('Who is Susan Rice?', { guildId: guildA });
    for (const customId of [`more:${answerId}:3`, `post:${answerId}:0`, `rate:${answerId}:1`]) {
      // Even the member who asked, pressing in the other server.
      await expectNotice(emu.button(customId, undefined, { guildId: guildB }), EXPIRED);
      await expectNotice(emu.button(customId, undefined, { guildId: guildB, user: OTHER_USER }), EXPIRED);
      await expectNotice(emu.button(customId, undefined, { guildId: null }), EXPIRED);
    }
    expect(feedbackCount(answerId)).toBe(0);

    // In its own server the same buttons work for any member.
    const rated = await callback(emu.button(`rate:${answerId}:1`, undefined, { guildId: guildA, user: OTHER_USER }));
    expect(rated.data?.content).toBe('Thanks: your rating was recorded.');
    expect(feedbackCount(answerId)).toBe(1);
    // Post is for the asker, and a public answer's existence is no secret in its own server.
    await expectNotice(
      emu.button(`post:${answerId}:0`, undefined, { guildId: guildA, user: OTHER_USER }),
      'Only the person who asked can post this answer.',
    );
  });

  it('keeps a private answer from the other members of its server', async () => {
    const { answerId, message } = await ask('What is the P5+1?', { guildId: guildA, private: true });
    for (const customId of [`more:${answerId}:3`, `post:${answerId}:0`, `rate:${answerId}:0`]) {
      await expectNotice(emu.button(customId, message, { guildId: guildA, user: OTHER_USER }), EXPIRED);
    }
    expect(feedbackCount(answerId)).toBe(0);

    const more = await callback(emu.button(`more:${answerId}:3`, message, { guildId: guildA }));
    expect(more.type).toBe(InteractionResponseType.UpdateMessage);
    expect(embedOf(more.data!).description).toMatch(/^Passages 4-/);
  });

  it('keeps a DM answer for its asker, in DMs', async () => {
    const { answerId, message } = await ask('Who is Dennis Ross?', { guildId: null });
    for (const customId of [`more:${answerId}:3`, `rate:${answerId}:1`]) {
      await expectNotice(emu.button(customId, message, { guildId: null, user: OTHER_USER }), EXPIRED);
      await expectNotice(emu.button(customId, undefined, { guildId: guildA }), EXPIRED);
    }
    expect(feedbackCount(answerId)).toBe(0);

    const more = await callback(emu.button(`more:${answerId}:3`, message, { guildId: null }));
    expect(more.type).toBe(InteractionResponseType.UpdateMessage);
    const rated = await callback(emu.button(`rate:${answerId}:1`, message, { guildId: null }));
    expect(rated.data?.content).toBe('Thanks: your rating was recorded.');
  });

  it('logged no error for any of it, and sent every message with allowed_mentions { parse: [] }', () => {
    expect(h.logs.filter((l) => l.level >= LEVEL.error)).toEqual([]);
    expectNoPingsOnEveryMessage(emu, 30);
  });
});
