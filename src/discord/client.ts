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
    // Members are not cached, but for the bot itself: its permissions in the log channel are checked from it.
    makeCache: Options.cacheWithLimits({
      MessageManager: 0,
      GuildMemberManager: { maxSize: 0, keepOverLimit: (member) => member.id === member.client.user.id },
      PresenceManager: 0,
      ReactionManager: 0,
    }),
    ...(options.apiBase ? { rest: { api: options.apiBase } } : {}),
  });
}
