import { pino, type Logger } from 'pino';

/**
 * The process logger: JSON lines on stdout, one field set per event. Anything that looks like a token is
 * redacted, so a secret passed by mistake never reaches a log.
 */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { app: 'study-bot' },
    redact: { paths: ['token', '*.token', 'DISCORD_TOKEN', '*.DISCORD_TOKEN', 'headers.authorization', '*.headers.authorization'], censor: '[redacted]' },
  });
}

export type { Logger };
