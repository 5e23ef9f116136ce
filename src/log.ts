import { type DestinationStream, pino, type Logger, stdSerializers } from 'pino';

/** Interaction and webhook tokens sit in Discord's URLs (`/interactions/{id}/{token}/...`, `/webhooks/{app}/{token}`). */
const URL_TOKEN = /(\/(?:interactions|webhooks)\/\d+\/)[^/?#]+/g;

/**
 * Errors as pino's standard serializer shows them, minus what a Discord REST error carries that must not be logged:
 * the interaction token in its URL (it lets anyone post as the bot for 15 minutes) and the whole request body.
 */
function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const serialized = stdSerializers.err(error) as ReturnType<typeof stdSerializers.err> & { url?: unknown; requestBody?: unknown };
  if (typeof serialized.url === 'string') serialized.url = serialized.url.replace(URL_TOKEN, '$1[redacted]');
  delete serialized.requestBody;
  return serialized;
}

/**
 * The process logger: JSON lines on stdout (or `destination`), one field set per event. Anything that looks like a
 * token is redacted, so a secret passed by mistake never reaches a log.
 */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { app: 'study-bot' },
    serializers: { err: serializeError },
    redact: {
      paths: [
        'token',
        '*.token',
        'DISCORD_TOKEN',
        '*.DISCORD_TOKEN',
        'STATS_HMAC_KEY',
        '*.STATS_HMAC_KEY',
        'headers.authorization',
        '*.headers.authorization',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
