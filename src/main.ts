import { DiscordjsError, DiscordjsErrorCodes } from 'discord.js';
import { startBot } from './bot.js';
import { configOrExit } from './config.js';
import { CorpusError } from './corpus/errors.js';
import { createLogger } from './log.js';

/** `npm start`: validate the setup, serve until SIGINT/SIGTERM. Exit 2 for a setup problem the operator must fix. */
async function main(): Promise<void> {
  const config = configOrExit();
  const log = createLogger(config.LOG_LEVEL);
  // Last-resort guards: log and keep serving. A bad interaction must never take the bot down.
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection'));
  process.on('uncaughtException', (error) => log.error({ err: error }, 'uncaught exception'));

  let bot;
  try {
    bot = await startBot(config, log);
  } catch (error) {
    if (error instanceof CorpusError) {
      process.stderr.write(`${error.message}\n`);
    } else if (error instanceof DiscordjsError && error.code === DiscordjsErrorCodes.TokenInvalid) {
      process.stderr.write('Discord rejected DISCORD_TOKEN: it is wrong or was reset. Copy a new one from the developer portal (Bot > Reset Token) into .env.\n');
    } else {
      log.fatal({ err: error }, 'could not start');
    }
    process.exit(2);
  }

  const shutdown = (signal: string) => {
    log.info({ signal }, 'shutting down');
    bot.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

await main();
