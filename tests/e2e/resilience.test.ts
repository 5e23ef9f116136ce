/**
 * What Discord does wrong, and what the bot does about it: 5xx and 429 on the callback route, a dropped gateway,
 * payloads the bot cannot use, and a token Discord rejects. The bot must keep serving through all of it.
 */
import { rm } from 'node:fs/promises';
import { ComponentType, InteractionResponseType, InteractionType, MessageFlags } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot } from '../../src/bot.js';
import { BUG_MESSAGE } from '../../src/discord/dispatcher.js';
import type { CapturedRequest, DiscordEmulator, SentInteraction } from './discord-emulator/index.js';
import { configFor, type Harness, LEVEL, type LogLine, makeDataDir, memoryLogger, secretsInLogs, startHarness } from './helpers/bot.js';
import { answerOf, callback, embedOf, expectNoPingsOnEveryMessage } from './helpers/discord.js';
import { startEmulator } from './discord-emulator/index.js';

const CALLBACK = 'POST /interactions/:id/:token/callback';

describe('resilience', () => {
  let h: Harness;
  let emu: DiscordEmulator;

  beforeAll(async () => {
    h = await startHarness();
    emu = h.emu;
  });

  afterAll(async () => {
    await h?.close();
  });

  function callbacksOf(sent: SentInteraction): CapturedRequest[] {
    return emu.requests.filter((r) => r.path === `/interactions/${sent.id}/${sent.token}/callback`);
  }

  /** A normal question still gets its normal answer. */
  async function expectAnswered(question = 'What is the IAEA?'): Promise<void> {
    const { message } = await answerOf(emu, emu.command('ask', { question }));
    expect(embedOf(message).title).toBe(question);
    expect(embedOf(message).fields?.length).toBeGreaterThan(0);
  }

  it('answers after the callback route fails once with 500 (discord.js retries)', async () => {
    emu.failNext(CALLBACK, { status: 500 });
    const sent = emu.command('ask', { question: 'Who is Dennis Ross?' });
    const body = await callback(sent);
    expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(embedOf(body.data!).title).toBe('Who is Dennis Ross?');
    expect(callbacksOf(sent).map((r) => r.status)).toEqual([500, 204]);
    expect(h.logs.filter((l) => l.interactionId === sent.id && l.level >= LEVEL.warn)).toEqual([]);
  });

  it('waits out a 429 with retry_after, retries, and keeps serving', async () => {
    emu.failNext(CALLBACK, { status: 429, retryAfter: 0.3 });
    const sent = emu.command('ask', { question: 'Who is Dennis Ross?' });
    await callback(sent);
    const attempts = callbacksOf(sent);
    expect(attempts.map((r) => r.status)).toEqual([429, 204]);
    expect(attempts[1]!.receivedAt - attempts[0]!.receivedAt).toBeGreaterThanOrEqual(290);
    await expectAnswered();
  });

  it('logs a reply that fails four times with 500, tells the user, and answers the next interaction normally', async () => {
    emu.failNext(CALLBACK, { status: 500, times: 4 });
    const sent = emu.command('ask', { question: 'Who is Dennis Ross?' });
    const apology = await callback(sent);
    // One try and three retries, all refused; then the error boundary's apology gets through.
    expect(callbacksOf(sent).map((r) => r.status)).toEqual([500, 500, 500, 500, 204]);
    expect(apology.data).toMatchObject({ content: BUG_MESSAGE, flags: MessageFlags.Ephemeral });
    const logged = h.logs.find((l) => l.interactionId === sent.id && l.msg === 'handler failed');
    expect(logged).toMatchObject({ level: LEVEL.error, err: { type: 'HTTPError', status: 500 } });
    // The interaction token in the failed request's URL is a credential: it must not reach the log.
    expect(logged?.err).toMatchObject({ url: expect.stringContaining(`/interactions/${sent.id}/[redacted]/callback`) });
    expect(JSON.stringify(h.logs)).not.toContain(sent.token);
    await expectAnswered();
  });

  it('logs it when even the apology cannot be delivered, and keeps serving', async () => {
    emu.failNext(CALLBACK, { status: 500, times: 8 });
    const sent = emu.command('ask', { question: 'Who is Dennis Ross?' });
    await expect
      .poll(() => h.logs.find((l) => l.interactionId === sent.id && l.msg === 'could not tell the user about the error'))
      .toMatchObject({ level: LEVEL.warn });
    expect(callbacksOf(sent).map((r) => r.status)).toEqual(Array(8).fill(500));
    await expectAnswered();
  });

  it('resumes after the gateway connection drops and answers what was sent meanwhile', async () => {
    const resumesBefore = emu.resumeCount;
    await emu.dropGateway(4000);
    const meanwhile = emu.command('ask', { question: 'What is the P5+1?' });
    await emu.waitForResume(resumesBefore + 1);
    expect((await answerOf(emu, meanwhile)).message.embeds?.[0]?.title).toBe('What is the P5+1?');
    expect(emu.identifyCount).toBe(1);
    await expect.poll(() => h.logs.some((l) => l.msg === 'gateway resumed')).toBe(true);
    await expectAnswered();
  });

  it('resumes after the TCP connection is cut without a close frame', async () => {
    const resumesBefore = emu.resumeCount;
    await emu.dropGateway('terminate');
    await emu.waitForResume(resumesBefore + 1);
    expect(emu.identifyCount).toBe(1);
    await expectAnswered('Who is Susan Rice?');
  });

  it('ignores a command without data.type (discord.js drops it) and answers the next one', async () => {
    const broken = emu.sendInteraction({
      type: InteractionType.ApplicationCommand,
      data: { id: '1', name: 'ask', options: [{ name: 'question', type: 3, value: 'x' }] } as never,
    });
    // Gateway dispatches arrive in order: once the next one is answered, the broken one has been dealt with.
    await expectAnswered();
    expect(callbacksOf(broken)).toEqual([]);
  });

  it('explains interactions the bot does not handle: a form it did not write (giving back what was typed), a select menu', async () => {
    const modal = await callback(emu.modalSubmit('unknown-modal', { question: 'IAEA?' }));
    expect(modal.data).toMatchObject({ flags: MessageFlags.Ephemeral });
    expect(modal.data?.content).toBe(
      'This form is from an older version of the bot and no longer works: run the command again.\n\nNothing ' +
        'was saved. Here is what you wrote, so that nothing is lost:\n```md\nquestion:\nIAEA?\n```',
    );
    const select = await callback(
      emu.sendInteraction({
        type: InteractionType.MessageComponent,
        data: { custom_id: 'pick', component_type: ComponentType.StringSelect, values: ['a'] },
        message: emu.botMessage({ content: 'Pick one' }),
      }),
    );
    expect(select.data).toMatchObject({ content: 'This bot does not handle that kind of interaction.', flags: MessageFlags.Ephemeral });
  });

  it('answers options of the wrong shape with a clear message', async () => {
    // An option without a value is what this test sends: the cast is needed for tsc (the rule sees another overload).
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    const noValue = await callback(emu.command('ask', [{ name: 'question', type: 3 } as never]));
    expect(noValue.data).toMatchObject({ content: 'Option `question`: is required: type a question.', flags: MessageFlags.Ephemeral });
    const nested = await callback(emu.command('ask', [{ name: 'sub', type: 1, options: [{ name: 'question', type: 3, value: 'IAEA' }] }]));
    expect(nested.data).toMatchObject({ flags: MessageFlags.Ephemeral });
    expect(nested.data?.content).toMatch(/^Option `question`/);
    await expectAnswered();
  });

  it('logged no bug for the user mistakes above', () => {
    const bugs = h.logs.filter((l) => l.level >= LEVEL.error && l.msg !== 'handler failed');
    expect(bugs).toEqual([]);
  });

  it('sent every message with allowed_mentions { parse: [] }, and logged no token', () => {
    expectNoPingsOnEveryMessage(emu, 10);
    expect(secretsInLogs(h)).toEqual([]);
  });
});

describe('a token Discord rejects', () => {
  it('makes startBot reject with TokenInvalid and close what it opened', async () => {
    const emu = await startEmulator({ token: 'the.right-token-0123456789' });
    const dataDir = await makeDataDir();
    const logs: LogLine[] = [];
    try {
      const config = configFor(emu, dataDir, undefined, 'a.wrong-token-0123456789');
      await expect(startBot(config, memoryLogger(logs))).rejects.toMatchObject({ code: 'TokenInvalid' });
      expect(emu.requests.find((r) => r.path === '/gateway/bot')?.status).toBe(401);
      expect(emu.identifyCount).toBe(0);
      expect(JSON.stringify(logs)).not.toContain('a.wrong-token-0123456789');
    } finally {
      await emu.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
