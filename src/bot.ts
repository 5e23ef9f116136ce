import { type Client, Events } from 'discord.js';
import { createSearchService, type SearchService, type SearchTestHooks } from './answer/service.js';
import type { Config } from './config.js';
import { createClient } from './discord/client.js';
import { createDispatcher } from './discord/dispatcher.js';
import { createModlog } from './discord/modlog.js';
import { AnswerStore } from './feedback/answers.js';
import { schedulePurge } from './feedback/purge.js';
import { openAskLimiter } from './limits/index.js';
import type { Logger } from './log.js';
import type { NotesDeps } from './notes/notes.js';
import { openLibrary } from './search/open.js';
import { Suggester } from './search/suggest.js';
import type { SettingsDeps } from './settings/index.js';
import { loadStatsKey } from './stats/key.js';
import type { QuestionLogDeps } from './stats/log.js';
import type { Db } from './storage/db.js';
import { startCheckpointer } from './storage/checkpoint.js';
import { openSqliteStorage, type SqliteStorage } from './storage/sqlite.js';

/**
 * How long a write waits for another process's lock. SQLite waits synchronously, holding up every interaction of
 * the bot meanwhile, and Discord wants a first response within 3 s: half a second outlasts any short writer (a
 * backup step, `npm run notes -- import`) and leaves time to answer, with a "busy" message if need be.
 */
export const BUSY_TIMEOUT_MS = 500;

/** How long stopping waits for log channel posts still on their way. */
const MODLOG_DRAIN_MS = 3000;

/** Discord's attachment hosts: `/note import` downloads from nowhere else (but the API base's host, in tests). */
const DISCORD_CDN = ['https://cdn.discordapp.com', 'https://media.discordapp.net'];

export interface RunningBot {
  client: Client;
  storage: SqliteStorage;
  /** The storage's connection (stored answers share it). */
  db: Db;
  /** Closes the gateway, the search threads and the database; safe to call twice. */
  stop(): Promise<void>;
}

export interface BotOptions {
  /** How often expired answers are purged; default PURGE_INTERVAL_MS (hourly). */
  purgeIntervalMs?: number;
  /** For tests only (main.ts never passes it): search threads that are slow or crash on purpose. */
  search?: SearchTestHooks;
  /** For tests only: the rate limits' clock (default `Date.now`), so that a cooldown can pass without waiting for it. */
  now?: () => number;
}

/** Loads the library, opens the database, starts the search threads, logs in and serves interactions until `stop`. */
export async function startBot(config: Config, log: Logger, options: BotOptions = {}): Promise<RunningBot> {
  const started = performance.now();
  const cacheDir = `${config.DATA_DIR}/index-cache`;
  const { library, source, cacheProblem } = await openLibrary(config.CORPUS_DIR, cacheDir);
  // The bot works without the cache; the operator should still hear why every start now rebuilds the index.
  if (cacheProblem) log.warn({ problem: cacheProblem }, 'index cache problem');
  log.info(
    {
      documents: library.corpus.documents.length,
      passages: library.passageCount,
      corpus: library.version,
      index: source,
      ms: Math.round(performance.now() - started),
    },
    'library ready',
  );
  const statsKey = loadStatsKey(config.STATS_HMAC_KEY, config.DATA_DIR);
  log.info({ source: statsKey.source, ...(statsKey.file ? { file: statsKey.file } : {}) }, 'stats key ready');
  const storage = openSqliteStorage(config.DATA_DIR, { busyTimeoutMs: BUSY_TIMEOUT_MS });
  const { db } = storage;
  // The write-ahead log is copied back by a thread, so no question's commit waits for that copy (see checkpoint.ts).
  // It starts while the search threads do; it never fails start-up (the main connection checkpoints instead).
  const checkpointer = startCheckpointer(db, { log });
  const closeStorage = async () => {
    await (await checkpointer).stop();
    await storage.close();
  };
  let search: SearchService;
  try {
    // The main thread keeps its own library for /quote, /sources and autocomplete, and answers with it the questions
    // that search nothing else when it is small; other questions go to the search threads.
    search = await createSearchService({
      corpusDir: config.CORPUS_DIR,
      cacheDir,
      corpusVersion: library.version,
      // Each question carries its server's notes version, one cheap read: a thread whose copy of the server's
      // library is older rebuilds it, so a saved note is cited by the very next question without any notice.
      notes: { dataDir: config.DATA_DIR, version: (guildId) => storage.notes.version(guildId) },
      workers: config.SEARCH_WORKERS,
      log,
      // The test hooks make the threads slow or crash on purpose: every question must then go through them.
      ...(options.search ? { test: options.search } : { inline: { library } }),
    });
  } catch (error) {
    await closeStorage();
    throw error;
  }
  const answers = new AnswerStore(db);
  const questionLog: QuestionLogDeps = { storage, key: statsKey.key };
  const limits = await openAskLimiter(storage, log, options.now);
  const stopPurging = schedulePurge(answers, log, options.purgeIntervalMs, questionLog);
  const suggester = new Suggester(library);
  const client = createClient({ apiBase: config.DISCORD_API_BASE });
  const modlog = createModlog({
    rest: client.rest,
    notes: { storage, corpus: library.corpus },
    settings: { storage, documents: library.corpus.documents },
    log,
  });
  // The log channel hears of every committed change through the change hooks; posting never delays the reply. (The
  // search threads learn of a note change from the notes version each question carries.)
  const notes: NotesDeps = {
    storage,
    corpus: library.corpus,
    onChange: (event) =>
      modlog.record(
        event.guildId,
        event.changes.map((c) => c.audit),
      ),
  };
  const settings: SettingsDeps = {
    storage,
    documents: library.corpus.documents,
    onChange: (guildId, audit) => modlog.record(guildId, [audit]),
  };
  const attachmentOrigins = config.DISCORD_API_BASE ? [...DISCORD_CDN, new URL(config.DISCORD_API_BASE).origin] : DISCORD_CDN;
  const dispatch = createDispatcher({
    library,
    search,
    suggester,
    answers,
    notes,
    settings,
    questionLog,
    limits,
    modlog,
    attachmentOrigins,
    log,
  });

  client.on(Events.InteractionCreate, (interaction) => {
    // The dispatcher catches everything; this catch is the last line, so no rejection ever goes unhandled.
    dispatch(interaction).catch((error: unknown) => log.error({ err: error }, 'dispatcher failed'));
  });
  client.once(Events.ClientReady, (ready) => {
    log.info({ user: ready.user.tag, guilds: ready.guilds.cache.size }, 'logged in');
    // Autocomplete's vocabulary is built once serving has begun: start-up does not wait for it.
    setImmediate(() => suggester.warm());
  });
  client.on(Events.Error, (error) => log.error({ err: error }, 'client error'));
  client.on(Events.Warn, (message) => log.warn({ message }, 'client warning'));
  client.on(Events.ShardDisconnect, (event, shard) => log.warn({ shard, code: event.code }, 'gateway disconnected'));
  client.on(Events.ShardResume, (shard, replayed) => log.info({ shard, replayed }, 'gateway resumed'));
  client.rest.on('rateLimited', (info) =>
    log.warn({ route: info.route, retryAfter: info.retryAfter, global: info.global }, 'rate limited by Discord'),
  );

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    stopPurging();
    try {
      // Changes already made are posted before the connection goes, unless Discord is too slow to wait for.
      await Promise.race([modlog.idle(), new Promise((resolve) => setTimeout(resolve, MODLOG_DRAIN_MS).unref())]);
      await client.destroy();
      // Questions still in a search thread are dropped: their interactions cannot be answered any more anyway.
      await search.close();
    } finally {
      await closeStorage();
    }
  };
  try {
    await client.login(config.DISCORD_TOKEN);
  } catch (error) {
    await stop();
    throw error;
  }
  return { client, storage, db, stop };
}
