/** Apps > "Ask the corpus" on a message: the message's text becomes the question, and only the user sees the answer. */
import { InteractionResponseType, MessageFlags } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { message } from './discord-emulator/fixtures.js';
import type { DiscordEmulator, SentInteraction } from './discord-emulator/index.js';
import { type Harness, startHarness } from './helpers/bot.js';
import { answerOf, buttonOf, callback, citationsOf, embedOf, expectNoPingsOnEveryMessage } from './helpers/discord.js';

const MENU = 'Ask the corpus';

describe('the "Ask the corpus" message context menu', () => {
  let h: Harness;
  let emu: DiscordEmulator;

  beforeAll(async () => {
    h = await startHarness();
    emu = h.emu;
  });

  afterAll(async () => {
    await h?.close();
  });

  async function expectPrivateNotice(sent: SentInteraction, text: string | RegExp): Promise<void> {
    const body = await callback(sent);
    expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(body.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(body.data?.embeds ?? []).toEqual([]);
    if (typeof text === 'string') expect(body.data?.content).toBe(text);
    else expect(body.data?.content).toMatch(text);
  }

  it('is registered as a message command', () => {
    expect(emu.commands.global.find((c) => c.name === MENU)).toMatchObject({ type: 3 });
  });

  it('answers the text of a message, privately, with the buttons of a private answer', async () => {
    const sent = emu.messageContextMenu(MENU, 'What did Adler say about Track 2   diplomacy?\n');
    const { type, message: answer, ephemeral } = await answerOf(emu, sent);
    expect(type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(ephemeral).toBe(true);
    const embed = embedOf(answer);
    // Whitespace in the message is collapsed; the question is the message's text.
    expect(embed.title).toBe('What did Adler say about Track 2 diplomacy?');
    expect(citationsOf(embed).length).toBeGreaterThan(0);
    expect(embed.fields?.some((f) => f.value.includes('**Track'))).toBe(true);
    expect(buttonOf(answer, 'Post to channel').custom_id).toMatch(/^post:\d+:0$/);
    expect(h.logs.find((l) => l.interactionId === sent.id && l.msg === 'command')).toMatchObject({ command: MENU });
  });

  it('says so when the message has no text (only an attachment or an embed)', async () => {
    const text = 'That message has no text to ask about (only attachments or embeds).';
    await expectPrivateNotice(emu.messageContextMenu(MENU, ''), text);
    await expectPrivateNotice(emu.messageContextMenu(MENU, '  \n\t '), text);
    const withEmbed = message({
      channelId: emu.channelId,
      author: emu.botUser,
      content: '',
      embeds: [{ title: 'An embed', description: 'IAEA' }],
    });
    await expectPrivateNotice(emu.messageContextMenu(MENU, withEmbed), text);
  });

  it('cuts a long message at a word boundary to make the question', async () => {
    const long = `What did the IAEA report about Iran? ${'The inspectors wrote a long report about centrifuges and enrichment. '.repeat(30)}`;
    const { message: answer } = await answerOf(emu, emu.messageContextMenu(MENU, long));
    // The question asked is the message's opening, cut at a word boundary within 300 characters...
    const { question } = h.bot.db.prepare('SELECT question FROM answers ORDER BY id DESC LIMIT 1').get() as { question: string };
    expect(question.length).toBeLessThanOrEqual(300);
    expect(question.length).toBeGreaterThan(250);
    expect(long.startsWith(question)).toBe(true);
    expect(long[question.length]).toBe(' ');
    // ...and the embed title shows it within Discord's 256 characters.
    const title = embedOf(answer).title ?? '';
    expect(title.length).toBeLessThanOrEqual(256);
    expect(title.endsWith('…')).toBe(true);
    expect(question.startsWith(title.slice(0, -1))).toBe(true);
  });

  it('explains a message of only common words', async () => {
    await expectPrivateNotice(emu.messageContextMenu(MENU, 'is it the one?'), /^That question has no words to search for/);
  });

  it('sent every message with allowed_mentions { parse: [] }', () => {
    expectNoPingsOnEveryMessage(emu, 5);
  });
});
