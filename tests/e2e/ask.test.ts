/**
 * `/ask` end to end: INTERACTION_CREATE from the emulator, through the real bot, to the callback that answers it.
 */
import { rm } from 'node:fs/promises';
import { InteractionResponseType, MessageFlags } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import type { Corpus } from '../../src/corpus/types.js';
import { copyCorpusWith, note } from './helpers/corpus.js';
import { type Harness, LEVEL, startHarness } from './helpers/bot.js';
import {
  answerOf,
  buttonOf,
  buttonsOf,
  callback,
  citationsOf,
  embedOf,
  expectNoPingsOnEveryMessage,
  isEphemeral,
  type MessageBody,
  messageRequests,
} from './helpers/discord.js';
import { ARTICLE_ID, realCorpusDir } from './helpers/paths.js';
import type { DiscordEmulator, SentInteraction } from './discord-emulator/index.js';

const ARTICLE_TITLE = 'Deploy U.S. Diplomats Quietly To Seek Iranian Deal';
const ARTICLE_URL = 'https://breakingdefense.com/2012/02/15/deploy-u-s-diplomats-quietly-to-seek-iranian-deal/';
const RICE_QUESTION = 'Why did Susan Rice warn the Iranian ambassador?';

/** The reply is an ephemeral plain message (no embed, no buttons) whose text matches `text`. */
async function expectPrivateNotice(sent: SentInteraction, text: string | RegExp): Promise<MessageBody> {
  const body = await callback(sent);
  expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
  expect(body.data?.flags).toBe(MessageFlags.Ephemeral);
  expect(body.data?.embeds ?? []).toEqual([]);
  expect(body.data?.components ?? []).toEqual([]);
  if (typeof text === 'string') expect(body.data?.content).toBe(text);
  else expect(body.data?.content).toMatch(text);
  return body.data ?? {};
}

function answersStored(h: Harness): number {
  return (h.bot.db.prepare('SELECT COUNT(*) AS n FROM answers').get() as { n: number }).n;
}

describe('/ask with the real corpus', () => {
  let h: Harness;
  let emu: DiscordEmulator;
  let corpus: Corpus;
  let passageCount: number;

  beforeAll(async () => {
    h = await startHarness();
    emu = h.emu;
    corpus = await loadCorpus(realCorpusDir);
    passageCount = corpus.documents.reduce((n, d) => n + d.paragraphs.length, 0);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('answers publicly with cited passages, bold matches, source links and a footer naming the corpus', async () => {
    const sent = emu.command('ask', { question: RICE_QUESTION });
    const body = await callback(sent);
    expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    const message = body.data!;
    expect(isEphemeral(message)).toBe(false);

    const embed = embedOf(message);
    expect(embed.title).toBe(RICE_QUESTION);
    expect(embed.description).toMatch(/^Passages 1-3 of \d+, best first\.$/);
    expect(embed.footer?.text).toBe(`Corpus ${corpus.version} · ${passageCount} passages searched`);

    const cited = citationsOf(embed);
    expect(cited.map((c) => c.label)).toEqual(['1. ', '2. ', '3. ']);
    cited.forEach((c, i) => {
      // Each field cites a real paragraph, shows its excerpt with the matched words in bold, and names the
      // document, with a link to the source when the document has one.
      const document = corpus.documents.find((d) => d.title === c.title);
      expect(document?.paragraphs.length, `${c.title} has paragraph ${c.paragraph}`).toBeGreaterThanOrEqual(c.paragraph);
      const value = embed.fields![i]!.value;
      expect(value).toMatch(/\*\*[^*]+\*\*/);
      expect(value.length).toBeLessThanOrEqual(1024);
      expect(value).toContain(`\`${document!.id}\``);
      if (document!.source) expect(value).toContain(`[Source](${document!.source})`);
      else expect(value).not.toContain('[Source]');
    });
    expect(embed.fields!.some((f) => /\*\*(Susan )?Rice\*\*/.test(f.value))).toBe(true);

    // One "Full paragraph" button per passage, pointing at the cited paragraph; then More and the ratings.
    const full = buttonsOf(message).filter((b) => b.label?.startsWith('Full paragraph'));
    expect(full.map((b) => b.label)).toEqual(['Full paragraph #1', 'Full paragraph #2', 'Full paragraph #3']);
    cited.forEach((c, i) => {
      const document = corpus.documents.find((d) => d.title === c.title)!;
      expect(full[i]).toMatchObject({ custom_id: `full:${c.paragraph}:${document.id}` });
    });
    const more = buttonOf(message, 'More results');
    expect(more.disabled).toBe(false);
    expect(more.custom_id).toMatch(/^more:\d+:3$/);
    expect(buttonOf(message, 'Helpful').custom_id).toMatch(/^rate:\d+:1$/);
    expect(buttonOf(message, 'Not helpful').custom_id).toMatch(/^rate:\d+:0$/);
    // A public answer is already in the channel: nothing to post.
    expect(buttonsOf(message).map((b) => b.label)).not.toContain('Post to channel');

    const answered = h.logs.find((l) => l.msg === 'answered' && l.interactionId === sent.id);
    expect(answered).toMatchObject({ answered: true, offset: 0, passages: 3 });
  });

  it('links the source of a cited article and bolds the matched words in its excerpt', async () => {
    const { message } = await answerOf(
      emu,
      emu.command('ask', { question: 'What did the senior Iranian diplomat say about feelers from the U.S. side?' }),
    );
    const embed = embedOf(message);
    const index = citationsOf(embed).findIndex((c) => c.title === ARTICLE_TITLE);
    expect(index, 'the article is cited').toBeGreaterThanOrEqual(0);
    const value = embed.fields![index]!.value;
    expect(value).toContain('**feelers**');
    expect(value).toContain(`[Source](${ARTICLE_URL}) · \`${ARTICLE_ID}\``);
  });

  it('answers privately (flags 64) with a Post to channel button when private is true', async () => {
    const sent = emu.command('ask', { question: 'What is the IAEA?', private: true });
    const body = await callback(sent);
    expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(body.data?.flags).toBe(MessageFlags.Ephemeral);
    const embed = embedOf(body.data!);
    expect(citationsOf(embed).some((c) => c.title === 'The International Atomic Energy Agency (IAEA)')).toBe(true);
    expect(buttonOf(body.data!, 'Post to channel').custom_id).toMatch(/^post:\d+:0$/);
  });

  it('says the library does not answer an off-topic question, with at most two closest passages labelled as such', async () => {
    const sent = emu.command('ask', { question: 'What is the capital of Australia?' });
    const { message, type } = await answerOf(emu, sent);
    expect(type).toBe(InteractionResponseType.ChannelMessageWithSource);
    const embed = embedOf(message);
    expect(embed.description).toMatch(/^The library does not answer this question\./);
    expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(2);
    for (const c of citationsOf(embed)) expect(c.label).toBe('Closest passage (not an answer): ');
    // No "More results" for a non-answer; the closest passages can still be read in full, and rated.
    const labels = buttonsOf(message).map((b) => b.label);
    expect(labels).not.toContain('More results');
    expect(labels.filter((l) => l?.startsWith('Full closest passage #'))).toHaveLength(embed.fields?.length ?? 0);
    expect(labels).toEqual(expect.arrayContaining(['Helpful', 'Not helpful']));
    expect(h.logs.find((l) => l.msg === 'answered' && l.interactionId === sent.id)).toMatchObject({ answered: false });
  });

  it('answers in a DM too (user instead of member)', async () => {
    const sent = emu.command('ask', { question: 'Who is Dennis Ross?' }, { guildId: null });
    const { message } = await answerOf(emu, sent);
    expect(citationsOf(embedOf(message))[0]?.title).toMatch(/Dennis Ross/);
  });

  it.each([
    ['only stop words', 'what is the?'],
    ['only punctuation', '???'],
  ])('explains privately that a question of %s has nothing to search for', async (_what, question) => {
    const before = answersStored(h);
    await expectPrivateNotice(
      emu.command('ask', { question }),
      /^That question has no words to search for, only common words or punctuation\./,
    );
    expect(answersStored(h)).toBe(before);
  });

  it('refuses an over-long question (6,000 characters) with its length and the limit', async () => {
    const before = answersStored(h);
    const question = `${'sanctions '.repeat(600).slice(0, 5999)}?`;
    expect(question).toHaveLength(6000);
    const sent = emu.command('ask', { question });
    await expectPrivateNotice(sent, 'Option `question`: is too long (6000 characters): keep it under 300.');
    expect(answersStored(h)).toBe(before);
  });

  it('asks for the question when the required option is missing', async () => {
    await expectPrivateNotice(emu.command('ask', {}), 'Option `question`: is required: type a question.');
  });

  it('names the option and the expected type when an option has the wrong type', async () => {
    await expectPrivateNotice(emu.command('ask', { question: 42 }), 'Option `question`: must be text.');
    await expectPrivateNotice(
      emu.command('ask', { question: 'Who is Susan Rice?', private: 'yes' }),
      'Option `private`: must be true or false.',
    );
  });

  it('answers an unknown command name with a private explanation', async () => {
    await expectPrivateNotice(
      emu.command('frobnicate', { question: 'x' }),
      'This bot has no command "frobnicate" any more: its command list may be out of date.',
    );
  });

  it('logged the user mistakes as such, with no error lines, and still answers normally', async () => {
    expect(h.logs.filter((l) => l.level >= LEVEL.error)).toEqual([]);
    expect(h.logs.filter((l) => l.msg === 'user error').length).toBeGreaterThanOrEqual(7);
    const { message } = await answerOf(emu, emu.command('ask', { question: 'What did the 2015 nuclear deal require?' }));
    expect(embedOf(message).fields?.length).toBeGreaterThan(0);
  });

  it('sent every message with allowed_mentions { parse: [] }', () => {
    expectNoPingsOnEveryMessage(emu, 10);
  });
});

describe('/ask never pings: corpus text with @everyone and a role mention', () => {
  const NOTE_ID = 'notes/zz-announcements';
  const PARAGRAPH =
    'Reminder for @everyone and <@&123456789012345678>: the zanzibar reading circle meets on Thursday. Ping @here if the zanzibar circle starts late.';
  let h: Harness;
  let emu: DiscordEmulator;
  let corpusDir: string;

  beforeAll(async () => {
    corpusDir = await copyCorpusWith({ [`${NOTE_ID}.md`]: note('Study group announcements', [PARAGRAPH], ['announcements']) });
    h = await startHarness({ corpusDir });
    emu = h.emu;
  });

  afterAll(async () => {
    await h?.close();
    await rm(corpusDir, { recursive: true, force: true });
  });

  /** Every raw mention form, anywhere in what the bot sent. */
  function expectInert(bodies: readonly MessageBody[]): void {
    for (const body of bodies) {
      const json = JSON.stringify(body);
      expect(json).not.toMatch(/@everyone|@here/);
      expect(json).not.toMatch(/<@&?!?\d+>/);
      expect(body.allowed_mentions).toEqual({ parse: [] });
    }
  }

  it('quotes the note in an answer with the mentions neutralised and allowed_mentions { parse: [] }', async () => {
    const sent = emu.command('ask', { question: 'When does the zanzibar reading circle meet?' });
    const { message } = await answerOf(emu, sent);
    const embed = embedOf(message);
    const field = embed.fields?.find((f) => f.name.includes('Study group announcements - paragraph 1'));
    expect(field, 'the announcement is cited').toBeDefined();
    // Still readable, but inert: a zero-width space breaks the mention syntax.
    expect(field!.value).toContain('@\u200beveryone');
    expect(field!.value).toContain('<\u200b@&123456789012345678>');
    expectInert([message]);
  });

  it('keeps the mentions inert in the full paragraph, in /quote and in a question that contains them', async () => {
    const full = await callback(emu.button(`full:1:${NOTE_ID}`));
    expect(full.data?.embeds?.[0]?.description).toContain('@\u200bhere');
    const quoted = await callback(emu.command('quote', { document: NOTE_ID, paragraph: 1 }));
    const asked = await answerOf(emu, emu.command('ask', { question: '@everyone <@&123456789012345678> zanzibar circle?' }));
    expect(embedOf(asked.message).title).toContain('@\u200beveryone');
    expectInert([full.data!, quoted.data!, asked.message]);
  });

  it('sent no raw mention in any message of this file, each with allowed_mentions { parse: [] }', () => {
    expectNoPingsOnEveryMessage(emu, 4);
    expectInert(messageRequests(emu).map((m) => m.message));
  });
});
