/**
 * Starts the Discord emulator and the real bot (`startBot`) against it, with a temporary DATA_DIR and a logger that
 * keeps every line in memory, so end-to-end tests can drive interactions and assert on replies and logs alike.
 */
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Events, Routes } from 'discord.js';
import type { SearchTestHooks } from '../../../src/answer/service.js';
import { type BotOptions, type RunningBot, startBot } from '../../../src/bot.js';
import { type Config, loadConfig } from '../../../src/config.js';
import { commands } from '../../../src/discord/commands/index.js';
import { createLogger, type Logger } from '../../../src/log.js';
import { type DiscordEmulator, type EmulatorOptions, startEmulator } from '../discord-emulator/index.js';
import { realCorpusDir } from './paths.js';

/** A token the bot's config accepts (at least 20 characters of `[\w.-]`); the emulator is started with it. */
export const TEST_TOKEN = 'emulated.bot-token.0123456789abcdef';

/** One pino log line, parsed. */
export interface LogLine {
  level: number;
  msg: string;
  interactionId?: string;
  err?: { type?: string; message?: string; code?: number | string; status?: number };
  [key: string]: unknown;
}

/** pino's numeric levels, for asserting on `LogLine.level`. */
export const LEVEL = { debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;

export interface HarnessOptions {
  /** Default: the repository's corpus/. */
  corpusDir?: string;
  emulator?: Omit<EmulatorOptions, 'token'>;
  /** Passed to every `startBot`. */
  bot?: BotOptions;
  /** Runs on the new DATA_DIR before the first start: to plant a broken cache, say. */
  prepareDataDir?: (dataDir: string) => Promise<void>;
  /** SEARCH_WORKERS (default: unset, as in production). */
  searchWorkers?: number;
  /** startBot's test hooks: a slow or crashing search. */
  search?: SearchTestHooks;
}

export interface Harness {
  emu: DiscordEmulator;
  /** The running bot; replaced by `restart()`. */
  bot: RunningBot;
  dataDir: string;
  /** Every log line of every bot started by this harness, in order. */
  logs: LogLine[];
  /** Stops the bot and starts a new one on the same DATA_DIR and emulator (a process restart, in effect). */
  restart(): Promise<RunningBot>;
  /** Stops the bot and the emulator and removes DATA_DIR. */
  close(): Promise<void>;
}

/** The bot's own logger (same fields, serializers and redaction), at debug level, whose lines land parsed in `into`. */
export function memoryLogger(into: LogLine[]): Logger {
  return createLogger('debug', { write: (line: string) => void into.push(JSON.parse(line) as LogLine) });
}

/** The bot's configuration for an emulator, as `loadConfig` parses it from the environment. */
export function configFor(
  emu: DiscordEmulator,
  dataDir: string,
  corpusDir = realCorpusDir,
  token = TEST_TOKEN,
  searchWorkers?: number,
): Config {
  return loadConfig({
    DISCORD_TOKEN: token,
    DISCORD_APP_ID: emu.applicationId,
    DISCORD_API_BASE: emu.apiBase,
    DATA_DIR: dataDir,
    CORPUS_DIR: corpusDir,
    LOG_LEVEL: 'debug',
    SEARCH_WORKERS: searchWorkers?.toString(),
  });
}

export function makeDataDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'study-bot-e2e-'));
}

/**
 * Starts an emulator and the bot, logged in and ready, with the commands registered globally (as
 * `npm run deploy-commands` does without a development guild), so the emulator types options as Discord would.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const emu = await startEmulator({ ...options.emulator, token: TEST_TOKEN });
  const dataDir = await makeDataDir();
  await options.prepareDataDir?.(dataDir);
  const logs: LogLine[] = [];
  const logger = memoryLogger(logs);
  const config = configFor(emu, dataDir, options.corpusDir, TEST_TOKEN, options.searchWorkers);
  let identifies = 0;
  const launch = async (): Promise<RunningBot> => {
    const bot = await startBot(config, logger, { ...options.bot, ...(options.search ? { search: options.search } : {}) });
    // login() resolves once the gateway is connecting; interactions are only delivered after READY + GUILD_CREATE.
    identifies += 1;
    await emu.waitForIdentify(identifies);
    if (!bot.client.isReady()) await once(bot.client, Events.ClientReady);
    return bot;
  };
  let bot: RunningBot | undefined;
  try {
    bot = await launch();
    await bot.client.rest.put(Routes.applicationCommands(emu.applicationId), { body: commands.map((c) => c.data) });
  } catch (error) {
    await bot?.stop();
    await emu.close();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const harness: Harness = {
    emu,
    bot,
    dataDir,
    logs,
    async restart() {
      await harness.bot.stop();
      harness.bot = await launch();
      return harness.bot;
    },
    async close() {
      await harness.bot.stop();
      await emu.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** The credentials found in the logs: the bot token or interaction tokens the emulator issued. Should be none. */
export function secretsInLogs(h: Harness): string[] {
  const tokens = new Set<string>([TEST_TOKEN]);
  for (const request of h.emu.requests) {
    const match = /^\/interactions\/\d+\/([^/]+)\/callback$/.exec(request.path);
    if (match?.[1]) tokens.add(match[1]);
  }
  const text = JSON.stringify(h.logs);
  return [...tokens].filter((token) => text.includes(token));
}
