import { Client, GatewayIntentBits, Options, Partials } from 'discord.js';

/**
 * The discord.js client: the Guilds intent only (interactions need no message content), small caches, and no
 * mention parsing by default. `apiBase` points REST (and so the gateway URL) at another host: the emulator in tests.
 */
export function createClient(options: { apiBase?: string | undefined } = {}): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    partials: [Partials.Channel],
    allowedMentions: { parse: [] },
    makeCache: Options.cacheWithLimits({ MessageManager: 0, GuildMemberManager: 0, PresenceManager: 0, ReactionManager: 0 }),
    ...(options.apiBase ? { rest: { api: options.apiBase } } : {}),
  });
}
