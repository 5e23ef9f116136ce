import 'dotenv/config';
import { z } from 'zod';
import { STATS_KEY_MIN_LENGTH } from './stats/key.js';

const snowflake = (what: string) =>
  z
    .string({ error: `is required: the ${what}` })
    .trim()
    .regex(/^\d{17,20}$/, `must be the ${what}: a Discord id of 17 to 20 digits`);

const SEARCH_WORKERS_MESSAGE = 'must be a whole number of search threads from 1 to 32 (leave it unset to fit the machine)';

/** Every setting the bot reads from the environment (or `.env`). */
const envSchema = z.object({
  DISCORD_TOKEN: z
    .string({ error: 'is required: the bot token from the Discord developer portal (Bot > Reset Token)' })
    .trim()
    .min(20, 'looks too short: paste the whole bot token from the developer portal')
    .regex(/^[\w.-]+$/, 'must be the bare token (no "Bot " prefix, quotes or spaces)'),
  DISCORD_APP_ID: snowflake('application id (developer portal > General Information > Application ID)'),
  DISCORD_DEV_GUILD_ID: z.preprocess(
    emptyToUndefined,
    snowflake('id of the server used for development (right-click it > Copy Server ID)').optional(),
  ),
  DISCORD_API_BASE: z.preprocess(
    emptyToUndefined,
    z
      .url({ protocol: /^https?$/, message: 'must be an http(s) URL such as http://127.0.0.1:3000/api (leave unset in production)' })
      .optional(),
  ),
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'must be one of fatal, error, warn, info, debug, trace, silent',
      })
      .default('info'),
  ),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('data')),
  CORPUS_DIR: z.preprocess(emptyToUndefined, z.string().default('corpus')),
  // Unset: chosen from the number of cores (src/answer/service.ts). Each thread holds a copy of the index in memory.
  SEARCH_WORKERS: z.preprocess(
    emptyToUndefined,
    z
      .string({ error: SEARCH_WORKERS_MESSAGE })
      .trim()
      .regex(/^\d{1,2}$/, SEARCH_WORKERS_MESSAGE)
      .transform(Number)
      .pipe(z.number().min(1, SEARCH_WORKERS_MESSAGE).max(32, SEARCH_WORKERS_MESSAGE))
      .optional(),
  ),
  // Hashes members' ids in the question log (/stats). Unset: generated into DATA_DIR on the first start (src/stats/key.ts).
  STATS_HMAC_KEY: z.preprocess(
    emptyToUndefined,
    z
      .string({
        error: `must be text: a random secret of at least ${STATS_KEY_MIN_LENGTH} characters (leave it unset to have one generated)`,
      })
      .trim()
      .min(
        STATS_KEY_MIN_LENGTH,
        `is too short: use a random secret of at least ${STATS_KEY_MIN_LENGTH} characters, e.g. the output of \`openssl rand -hex 32\``,
      )
      .optional(),
  ),
});

export type Config = z.infer<typeof envSchema>;

function emptyToUndefined(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
}

/** Thrown when the environment is invalid; the message names each bad key and what it should look like. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Parses the environment once. Values are never echoed back in messages: a misplaced token must not reach a log.
 * `keys` limits the check to what a command needs (deploy-commands needs no data folder, say).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = envSchema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${String(issue.path[0] ?? '?')} ${issue.message}`);
  throw new ConfigError(`Invalid configuration (set these in .env or the environment; see .env.example):\n${lines.join('\n')}`);
}

/** For entry points: the parsed configuration, or the message on stderr and exit code 2. */
export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
}
