/**
 * Autocomplete (callback type 8) for `/ask question` and `/quote document`: Discord's limits on choices, word
 * completions, and recent questions that never cross from one server to another.
 */
import { performance } from 'node:perf_hooks';
import { InteractionResponseType } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { user } from './discord-emulator/fixtures.js';
import { snowflake } from './discord-emulator/ids.js';
import type { CommandOptions, DiscordEmulator, InteractionExtras } from './discord-emulator/index.js';
import { type Harness, startHarness } from './helpers/bot.js';
import { answerOf, callback, expectNoPingsOnEveryMessage } from './helpers/discord.js';

interface Choice {
  name: string;
  value: string | number;
}

describe('autocomplete', () => {
  let h: Harness;
  let emu: DiscordEmulator;
  let guildA: string;
  let guildB: string;
  /** Round-trip times (INTERACTION_CREATE sent → callback received), in ms. */
  const roundTrips: number[] = [];

  beforeAll(async () => {
    h = await startHarness({ emulator: { guilds: [{ name: 'Guild A' }, { name: 'Guild B' }] } });
    emu = h.emu;
    guildA = emu.guildId;
    guildB = h.bot.client.guilds.cache.find((g) => g.name === 'Guild B')!.id;
  });

  afterAll(async () => {
    await h?.close();
  });

  /** Sends an autocomplete and returns its choices, checked against Discord's limits. */
  async function complete(command: string, options: CommandOptions, focused: string, extra: InteractionExtras = {}): Promise<Choice[]> {
    const started = performance.now();
    const sent = emu.autocomplete(command, options, focused, extra);
    // `response` rejects when no callback arrived within the emulator's 3 s deadline.
    const response = await sent.response;
    roundTrips.push(response.receivedAt - started);
    const body = await callback(sent);
    expect(body.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    const choices = (body.data?.choices ?? []) as Choice[];
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const choice of choices) {
      expect(choice.name.length).toBeGreaterThan(0);
      expect(choice.name.length).toBeLessThanOrEqual(100);
      expect(String(choice.value).length).toBeLessThanOrEqual(100);
    }
    return choices;
  }

  it('completes the word being typed in /ask question from the library', async () => {
    const names = (await complete('ask', { question: 'sanc' }, 'question')).map((c) => c.name);
    expect(names).toContain('sanctions');
    const inQuestion = (await complete('ask', { question: 'Who negotiated the enrich' }, 'question')).map((c) => c.value);
    expect(inQuestion).toContain('Who negotiated the enrichment');
    for (const value of inQuestion) expect(String(value).startsWith('Who negotiated the ')).toBe(true);
  });

  it('keeps every choice within 100 characters, even for a question typed to its 300-character limit', async () => {
    const typed = `${'Why did the talks with Iran stall so often '.repeat(7).slice(0, 295)} diplo`;
    const choices = await complete('ask', { question: typed }, 'question');
    expect(choices.length).toBeGreaterThan(0);
  });

  it('answers an empty box and an unknown word without error', async () => {
    await complete('ask', { question: '' }, 'question');
    const none = await complete('ask', { question: 'xqzv' }, 'question');
    expect(none.map((c) => c.value)).toEqual(['xqzv']);
  });

  it("suggests questions answered recently in this server, and never another server's", async () => {
    const question = 'Why did Susan Rice warn the Iranian ambassador?';
    const { message } = await answerOf(emu, emu.command('ask', { question }, { guildId: guildA }));
    expect(message.embeds?.[0]?.title).toBe(question);
    const offTopic = 'What is the capital of Australia?';
    await answerOf(emu, emu.command('ask', { question: offTopic }, { guildId: guildA }));

    const inA = await complete('ask', { question: 'Why did Susan' }, 'question', { guildId: guildA });
    expect(inA.map((c) => c.value)).toContain(question);
    const emptyInA = await complete('ask', { question: '' }, 'question', { guildId: guildA });
    expect(emptyInA.map((c) => c.value)).toContain(question);
    // Questions the library could not answer are not offered again.
    expect(emptyInA.map((c) => c.value)).not.toContain(offTopic);

    const inB = await complete('ask', { question: 'Why did Susan' }, 'question', { guildId: guildB });
    expect(inB.map((c) => c.value)).not.toContain(question);
    const emptyInB = await complete('ask', { question: '' }, 'question', { guildId: guildB });
    expect(emptyInB.map((c) => c.value)).not.toContain(question);
  });

  it("never suggests a question asked in a DM to someone else's DM", async () => {
    const question = 'Who is Dennis Ross and what did he advise?';
    await answerOf(emu, emu.command('ask', { question }, { guildId: null }));
    const someoneElse = user(snowflake(), 'someone-else', false);
    const inTheirDm = await complete('ask', { question: 'Who is Dennis' }, 'question', { guildId: null, user: someoneElse });
    expect(inTheirDm.map((c) => c.value)).not.toContain(question);
    const inGuild = await complete('ask', { question: 'Who is Dennis' }, 'question', { guildId: guildA });
    expect(inGuild.map((c) => c.value)).not.toContain(question);
  });

  it('never suggests a question asked privately, nor one asked through the context menu', async () => {
    const question = 'What did the Joint Plan of Action limit?';
    await answerOf(emu, emu.command('ask', { question, private: true }, { guildId: guildA }));
    const viaMenu = 'How did the Oman channel begin?';
    await answerOf(emu, emu.messageContextMenu('Ask the corpus', viaMenu, { guildId: guildA }));
    const suggestions = (await complete('ask', { question: '' }, 'question', { guildId: guildA })).map((c) => c.value);
    expect(suggestions).not.toContain(question);
    expect(suggestions).not.toContain(viaMenu);
  });

  it('offers documents for /quote document: title and paragraph count shown, the id sent', async () => {
    const rice = await complete('quote', { document: 'rice' }, 'document');
    expect(rice).toContainEqual({ name: 'Susan Rice, US Ambassador to the UN (2009-2013) (7 ¶)', value: 'notes/susan-rice' });
    const all = await complete('quote', { document: '' }, 'document');
    expect(all.length).toBeGreaterThan(10);
    // Articles first.
    expect(all[0]?.value).toMatch(/^articles\//);
    expect(new Set(all.map((c) => c.value)).size).toBe(all.length);
    expect(await complete('quote', { document: 'zanzibar' }, 'document')).toEqual([]);
  });

  it('answers autocomplete for a command without it with an empty list', async () => {
    expect(await complete('help', { topic: 'x' }, 'topic')).toEqual([]);
    expect(await complete('frobnicate', { thing: 'x' }, 'thing')).toEqual([]);
  });

  it('answered every autocomplete within the 3 s deadline', () => {
    expect(roundTrips.length).toBeGreaterThanOrEqual(14);
    for (const ms of roundTrips) expect(ms).toBeLessThan(3000);
  });

  it('sent every message of this file with allowed_mentions { parse: [] }', () => {
    expectNoPingsOnEveryMessage(emu, 2);
  });
});
