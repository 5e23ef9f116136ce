import { DiscordjsError, DiscordjsErrorCodes } from 'discord.js';
import { type RunningBot, startBot } from './bot.js';
import { configOrExit } from './config.js';
import { CorpusError } from './corpus/errors.js';
import { EXIT, installCrashPolicy } from './crash.js';
import { createLogger } from './log.js';

/**
 * `npm start`: validate the setup, serve until SIGINT/SIGTERM (exit 0). Exit 2 for a setup problem the operator must
 * fix; exit 1 after an uncaught exception, for the supervisor to restart a clean process (see crash.ts).
 */
async function main(): Promise<void> {
  const config = configOrExit();
  const log = createLogger(config.LOG_LEVEL);
  let bot: RunningBot | undefined;
  installCrashPolicy({ log, close: async () => await bot?.stop() });

  try {
    bot = await startBot(config, log);
  } catch (error) {
    if (error instanceof CorpusError) {
      process.stderr.write(`${error.message}\n`);
    } else if (error instanceof DiscordjsError && error.code === DiscordjsErrorCodes.TokenInvalid) {
      process.stderr.write(
        'Discord rejected DISCORD_TOKEN: it is wrong or was reset. Copy a new one from the developer portal (Bot > Reset Token) into .env.\n',
      );
    } else {
      log.fatal({ err: error }, 'could not start');
    }
    process.exit(EXIT.setup);
  }
}

await main();
