/**
 * `npm start` as a real process: `node --import tsx src/main.ts` pointed at the emulator through DISCORD_API_BASE.
 * Its logs, its handling of secrets, its exit codes and its shutdown are what an operator sees.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { InteractionResponseType } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DiscordEmulator, type SentInteraction, startEmulator } from './discord-emulator/index.js';
import { makeDataDir, TEST_TOKEN } from './helpers/bot.js';
import { answerOf, embedOf, expectNoPingsOnEveryMessage } from './helpers/discord.js';
import { repoRoot } from './helpers/paths.js';
import { type RunningScript, runScript, startScript } from './helpers/process.js';
import { CLOSE_TIMEOUT_MS } from '../../src/crash.js';

const MAIN = 'src/main.ts';

describe('npm start against the emulator', () => {
  let emu: DiscordEmulator;
  let dataDir: string;
  let bot: RunningScript;
  const sent: SentInteraction[] = [];

  beforeAll(async () => {
    emu = await startEmulator({ token: TEST_TOKEN });
    dataDir = await makeDataDir();
    bot = startScript(MAIN, {
      DISCORD_TOKEN: TEST_TOKEN,
      DISCORD_APP_ID: emu.applicationId,
      DISCORD_API_BASE: emu.apiBase,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
    });
    await bot.waitForLog((l) => l['msg'] === 'logged in');
  });

  afterAll(async () => {
    bot?.kill();
    await emu?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('answers /ask through the emulator', async () => {
    const ask = emu.command('ask', { question: 'Who is Susan Rice?' });
    sent.push(ask);
    const { type, message } = await answerOf(emu, ask);
    expect(type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(embedOf(message).title).toBe('Who is Susan Rice?');
    expect(embedOf(message).fields?.length).toBeGreaterThan(0);
    expect(emu.lastIdentify).toMatchObject({ intents: 1 });
  });

  it('survives an interaction payload discord.js cannot parse, and answers the next one', async () => {
    // Without `entitlements` discord.js throws inside its own handler: an unhandled rejection in the bot's process.
    const broken = emu.sendInteraction({ type: 2, data: { id: '1', name: 'help', type: 1 }, overrides: { entitlements: undefined } });
    sent.push(broken);
    await bot.waitForLog((l) => l['msg'] === 'unhandled rejection');
    const next = emu.command('help');
    sent.push(next);
    expect((await answerOf(emu, next)).ephemeral).toBe(true);
    expect(bot.child.exitCode).toBeNull();
  });

  it('logs JSON lines on stdout, each interaction line carrying the interaction id', async () => {
    const lines = bot.stdout.trim().split('\n');
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const line of parsed)
      expect(line).toMatchObject({ level: expect.any(Number), time: expect.any(Number), msg: expect.any(String), app: 'study-bot' });
    expect(parsed.find((l) => l['msg'] === 'library ready')).toMatchObject({ index: 'built', passages: expect.any(Number) });
    const [ask] = sent;
    const forAsk = parsed.filter((l) => l['interactionId'] === ask!.id).map((l) => l['msg']);
    expect(forAsk).toEqual(expect.arrayContaining(['command', 'answered']));
    expect(bot.stderr).toBe('');
  });

  it('never writes the bot token, nor any interaction token, to its output', () => {
    const output = bot.stdout + bot.stderr;
    expect(output).not.toContain(TEST_TOKEN);
    for (const interaction of sent) expect(output).not.toContain(interaction.token);
  });

  it('sent every message with allowed_mentions { parse: [] }', () => {
    expectNoPingsOnEveryMessage(emu, 2);
  });

  it('exits 0 within a few seconds of SIGTERM, closing the gateway', async () => {
    const started = Date.now();
    bot.child.kill('SIGTERM');
    const exit = await bot.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(bot.stdout).toContain('"msg":"shutting down"');
    expect(bot.stdout).toContain('"signal":"SIGTERM"');
  });
});

describe('npm start after an uncaught exception', () => {
  it('logs it at fatal level with its stack, closes the gateway and the database, and exits 1', async () => {
    const emu = await startEmulator({ token: TEST_TOKEN });
    const dataDir = await makeDataDir();
    const preload = pathToFileURL(path.join(repoRoot, 'tests/e2e/fixtures/crash-on-sigusr2.mjs')).href;
    const bot = startScript(MAIN, {
      DISCORD_TOKEN: TEST_TOKEN,
      DISCORD_APP_ID: emu.applicationId,
      DISCORD_API_BASE: emu.apiBase,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      NODE_OPTIONS: `--import ${preload}`,
    });
    try {
      await bot.waitForLog((l) => l['msg'] === 'logged in');
      expect(embedOf((await answerOf(emu, emu.command('ask', { question: 'Who is Susan Rice?' }))).message).title).toBe(
        'Who is Susan Rice?',
      );
      // SQLite keeps a write-ahead log beside the database while it is open, and removes it on a clean close.
      const wal = path.join(dataDir, 'bot.sqlite-wal');
      expect(existsSync(wal)).toBe(true);

      bot.child.kill('SIGUSR2');
      // Within the close's time limit: the close did not hang.
      const stillRunning = new Promise((resolve) => setTimeout(() => resolve('still running'), CLOSE_TIMEOUT_MS));
      expect(await Promise.race([bot.exited, stillRunning])).toEqual({ code: 1, signal: null });
      const lines = bot.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines.filter((l) => l['level'] === 60)).toEqual([
        expect.objectContaining({
          msg: 'uncaught exception: closing and exiting',
          err: expect.objectContaining({
            message: 'deliberate crash from the test preload',
            stack: expect.stringContaining('crash-on-sigusr2.mjs'),
          }),
        }),
      ]);
      // 1000: discord.js closed the connection (a process that just died leaves 1006).
      expect(emu.gatewayCloseCodes).toEqual([1000]);
      expect(existsSync(wal)).toBe(false);
      expect(bot.stderr).toBe('');
    } finally {
      bot.kill();
      await emu.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('npm start with a bad setup', () => {
  it('exits 2 with a clear message, without echoing it, when Discord rejects the token', async () => {
    const emu = await startEmulator({ token: TEST_TOKEN });
    const dataDir = await makeDataDir();
    const wrong = 'a.wrong-but-well-formed-token-0123456789';
    try {
      const result = await runScript(MAIN, {
        DISCORD_TOKEN: wrong,
        DISCORD_APP_ID: emu.applicationId,
        DISCORD_API_BASE: emu.apiBase,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        'Discord rejected DISCORD_TOKEN: it is wrong or was reset. Copy a new one from the developer portal (Bot > Reset Token) into .env.\n',
      );
      expect(result.stdout + result.stderr).not.toContain(wrong);
      expect(emu.requests.find((r) => r.path === '/gateway/bot')?.status).toBe(401);
    } finally {
      await emu.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('exits 2 naming DISCORD_TOKEN when it is missing, and echoes no value, not even a token pasted into the wrong key', async () => {
    const pasted = 'MTA5.a-secret-token-pasted-into-the-wrong-key';
    const result = await runScript(MAIN, { DISCORD_APP_ID: pasted, DISCORD_API_BASE: 'http://127.0.0.1:9/api' });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('DISCORD_TOKEN is required: the bot token from the Discord developer portal');
    expect(result.stderr).toContain('DISCORD_APP_ID must be the application id');
    expect(result.stderr).not.toContain('a-secret-token');
    expect(result.stderr).not.toContain('127.0.0.1');
  });
});
