/**
 * A library so slow that every search misses Discord's 3-second window (startBot's test hook blocks each search
 * thread for longer): every way of asking still gets its answer, deferred in time and then edited in, and a burst
 * of such questions leaves no interaction unanswered. A quick search stays one direct reply.
 */
import { type APIMessage, InteractionResponseType } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUG_MESSAGE } from '../../src/discord/dispatcher.js';
import { user } from './discord-emulator/fixtures.js';
import { snowflake } from './discord-emulator/ids.js';
import type { DiscordEmulator, SentInteraction } from './discord-emulator/index.js';
import { type Harness, LEVEL, startHarness } from './helpers/bot.js';
import {
  answerOf,
  buttonOf,
  type CallbackBody,
  callback,
  citationsOf,
  embedOf,
  expectNoPingsOnEveryMessage,
  isEphemeral,
  type MessageBody,
} from './helpers/discord.js';

const DISCORD_WINDOW_MS = 3000;
const QUESTION = 'Who is Susan Rice?';

/**
 * The first callback, accepted within Discord's 3 s of the interaction going out, must be the deferral `type`; then
 * the answer comes as the edit of @original. Returns the deferral's body and the edit's.
 */
async function deferredThenAnswered(
  emu: DiscordEmulator,
  sent: SentInteraction,
  type: InteractionResponseType,
): Promise<{ deferral: CallbackBody; answer: MessageBody }> {
  const first = await sent.response;
  expect(first.receivedAt - sent.sentAt).toBeLessThan(DISCORD_WINDOW_MS);
  const deferral = first.body as CallbackBody;
  expect(deferral.type).toBe(type);
  const edit = await emu.waitForRequest(
    (r) => r.method === 'PATCH' && r.path === `/webhooks/${emu.applicationId}/${sent.token}/messages/@original`,
    15_000,
  );
  expect(edit.status).toBe(200);
  return { deferral, answer: edit.body as MessageBody };
}

/** Nothing went wrong on the way: no warning or error logged, no callback or edit refused. */
function expectNoTrouble(h: Harness): void {
  expect(h.logs.filter((l) => l.level >= LEVEL.warn)).toEqual([]);
  const refused = h.emu.requests.filter((r) => (r.path.startsWith('/interactions/') || r.path.startsWith('/webhooks/')) && r.status >= 400);
  expect(refused.map((r) => `${r.method} ${r.path} → ${r.status} ${JSON.stringify(r.responseBody)}`)).toEqual([]);
}

describe('a library whose every search takes 3.5 s', () => {
  let h: Harness;
  let emu: DiscordEmulator;
  /** The private answer to QUESTION as it stands in the channel: what the buttons are pressed on. */
  let message: APIMessage;

  beforeAll(async () => {
    h = await startHarness({ search: { searchDelayMs: 3500 } });
    emu = h.emu;
  });

  afterAll(async () => {
    await h?.close();
  });

  it('/ask: a deferred private reply (type 5) within 3 s, then the answer edited in', async () => {
    const sent = emu.command('ask', { question: QUESTION, private: true });
    const { deferral, answer } = await deferredThenAnswered(emu, sent, InteractionResponseType.DeferredChannelMessageWithSource);
    expect(isEphemeral(deferral.data ?? {})).toBe(true);
    expect(embedOf(answer).title).toBe(QUESTION);
    expect(embedOf(answer).description).toMatch(/^Passages 1-3 of \d+, best first\.$/);
    expect(answer.components?.length).toBeGreaterThan(0);
    message = emu.originalMessage(sent)!;
    expect(message.embeds[0]?.title).toBe(QUESTION);
  });

  it('More results: a deferred update (type 6) within 3 s, then the next page in the same message', async () => {
    const press = emu.button(buttonOf(message, 'More results').custom_id, message);
    const { answer } = await deferredThenAnswered(emu, press, InteractionResponseType.DeferredMessageUpdate);
    expect(embedOf(answer).description).toMatch(/^Passages 4-6 of \d+, best first\.$/);
    expect(citationsOf(embedOf(answer)).map((c) => c.label)).toEqual(['4. ', '5. ', '6. ']);
    expect(emu.originalMessage(press)?.embeds[0]?.description).toBe(embedOf(answer).description);
  });

  it('Post to channel: a deferred public reply (type 5) within 3 s, then the public copy', async () => {
    const press = emu.button(buttonOf(message, 'Post to channel').custom_id, message);
    const { deferral, answer } = await deferredThenAnswered(emu, press, InteractionResponseType.DeferredChannelMessageWithSource);
    expect(isEphemeral(deferral.data ?? {})).toBe(false);
    expect(embedOf(answer).title).toBe(QUESTION);
    expect(embedOf(answer).description).toMatch(/Asked by tester\.$/);
    expect(answer.components).toEqual([]);
  });

  it('Ask the corpus: a deferred private reply (type 5) within 3 s, then the answer', async () => {
    const sent = emu.messageContextMenu('Ask the corpus', 'What is Track 2 diplomacy?');
    const { deferral, answer } = await deferredThenAnswered(emu, sent, InteractionResponseType.DeferredChannelMessageWithSource);
    expect(isEphemeral(deferral.data ?? {})).toBe(true);
    expect(embedOf(answer).title).toBe('What is Track 2 diplomacy?');
    expect(citationsOf(embedOf(answer)).length).toBeGreaterThan(0);
  });

  it('logged no expired or already-acknowledged interaction, and Discord refused nothing', () => {
    expectNoTrouble(h);
    expectNoPingsOnEveryMessage(emu, 4);
  });
});

describe('a burst of 20 questions, each search taking 3.2 s, on 4 search threads', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ searchWorkers: 4, search: { searchDelayMs: 3200 } });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('defers every interaction within 3 s of its sending, then answers every one', async () => {
    const questions = ['What is the P5+1?', 'Who is Dennis Ross?', 'What is the IAEA?', 'What is Track 2 diplomacy?', QUESTION];
    // Sent at once, by 20 different members: the searches queue for up to 16 s while the gateway keeps flowing.
    const sent = Array.from({ length: 20 }, (_, i) => {
      const question = `${questions[i % questions.length]!}`;
      return { question, sent: h.emu.command('ask', { question }, { user: user(snowflake(), `member-${i}`, false) }) };
    });
    const outcomes = await Promise.all(
      sent.map(({ sent }) => deferredThenAnswered(h.emu, sent, InteractionResponseType.DeferredChannelMessageWithSource)),
    );
    outcomes.forEach(({ answer }, i) => expect(embedOf(answer).title).toBe(sent[i]!.question));
    expect(new Set(sent.map(({ sent }) => sent.payload.member?.user.id)).size).toBe(20);
    expectNoTrouble(h);
  }, 40_000);
});

describe('a quick library', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ search: { exitOnQuestion: 'Please crash the search thread' } });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('answers in the first callback (type 4), never deferring', async () => {
    const sent = h.emu.command('ask', { question: QUESTION });
    const body = await callback(sent);
    expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(embedOf(body.data!).title).toBe(QUESTION);
    // Past the deferral timer: still one callback and no edit.
    await new Promise((resolve) => setTimeout(resolve, 1800));
    expect(h.emu.requests.filter((r) => r.path.includes(sent.token)).map((r) => r.method)).toEqual(['POST']);
  });

  it('apologises for a search thread that dies (a bug), logs it, and answers the next question on a new thread', async () => {
    const sent = h.emu.command('ask', { question: 'Please crash the search thread' });
    // On a loaded machine the thread may take longer than the deferral threshold to die: read the final reply.
    const reply = await answerOf(h.emu, sent);
    expect(reply.message.content).toBe(BUG_MESSAGE);
    expect(reply.ephemeral || reply.type === InteractionResponseType.DeferredChannelMessageWithSource).toBe(true);
    const logged = h.logs.find((l) => l.interactionId === sent.id && l.msg === 'handler failed');
    expect(logged).toMatchObject({ level: LEVEL.error, err: { message: 'worker exited with code: 70' } });
    const next = await callback(h.emu.command('ask', { question: 'What is the IAEA?' }));
    expect(embedOf(next.data!).title).toBe('What is the IAEA?');
  });
});
