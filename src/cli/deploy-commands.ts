import { REST, Routes } from 'discord.js';
import { configOrExit } from '../config.js';
import { commands } from '../discord/commands/index.js';

/**
 * `npm run deploy-commands`: registers the command list with Discord. A bulk overwrite (PUT) is idempotent:
 * running it twice leaves the same commands. Guild-scoped with DISCORD_DEV_GUILD_ID (instant, for development),
 * global otherwise (may take up to an hour to show everywhere).
 */
async function main(): Promise<number> {
  const config = configOrExit();
  const rest = new REST(config.DISCORD_API_BASE ? { api: config.DISCORD_API_BASE } : {}).setToken(config.DISCORD_TOKEN);
  const body = commands.map((c) => c.data);
  const guild = config.DISCORD_DEV_GUILD_ID;
  const route = guild ? Routes.applicationGuildCommands(config.DISCORD_APP_ID, guild) : Routes.applicationCommands(config.DISCORD_APP_ID);
  try {
    const result = (await rest.put(route, { body })) as Array<{ name: string }>;
    process.stdout.write(
      `Registered ${result.length} commands ${guild ? `in server ${guild}` : 'globally'}: ${result.map((c) => c.name).join(', ')}\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`Could not register the commands: ${(error as Error).message}\n`);
    return 1;
  }
}

process.exitCode = await main();
