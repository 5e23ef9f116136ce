/** Driving `/config` through the emulator, and waiting for what the bot posts to a log channel. */
import {
  type APIApplicationCommandInteractionDataOption,
  ApplicationCommandOptionType,
  type APIMessage,
  PermissionFlagsBits,
} from 'discord.js';
import { config as configCommand } from '../../../src/discord/commands/config.js';
import type { CommandExtras, DiscordEmulator, SentInteraction } from '../discord-emulator/index.js';

/** An admin: Manage Server (and the basics), not Manage Messages. */
export const ADMIN = (
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.UseApplicationCommands |
  PermissionFlagsBits.ManageGuild
).toString();

type Value = string | number | boolean;

/** The declared type of each option of a `/config` subcommand (`show`, `reset`, `set passages`...). */
function declaredTypes(path: string[]): Map<string, number> {
  let options = configCommand.data.options ?? [];
  for (const name of path) {
    const next = options.find((o) => o.name === name);
    options = next && 'options' in next ? (next.options ?? []) : [];
  }
  return new Map(options.map((o) => [o.name, o.type]));
}

function typed(path: string[], options: Record<string, Value>, focused?: string): APIApplicationCommandInteractionDataOption[] {
  const types = declaredTypes(path);
  return Object.entries(options).map(([name, value]) => {
    const type = types.get(name) ?? ApplicationCommandOptionType.String;
    return { name, type, value, ...(name === focused ? { focused: true } : {}) };
  });
}

/** The options of `/config <sub>` or `/config set <setting>` as Discord nests them. */
function nested(sub: string, options: Record<string, Value>, focused?: string): APIApplicationCommandInteractionDataOption[] {
  const path = sub.split(' ');
  const leaf = { type: ApplicationCommandOptionType.Subcommand, name: path[path.length - 1]!, options: typed(path, options, focused) };
  if (path.length === 1) return [leaf] as APIApplicationCommandInteractionDataOption[];
  return [
    { type: ApplicationCommandOptionType.SubcommandGroup, name: path[0]!, options: [leaf] },
  ] as APIApplicationCommandInteractionDataOption[];
}

/** `/config show`, `/config reset setting:x`, `/config set passages count:5`... as a member types it. */
export function config(emu: DiscordEmulator, sub: string, options: Record<string, Value> = {}, extra: CommandExtras = {}): SentInteraction {
  return emu.command('config', nested(sub, options), extra);
}

/** Autocomplete while typing option `focused` of `/config <sub>`. */
export function configAutocomplete(
  emu: DiscordEmulator,
  sub: string,
  options: Record<string, Value>,
  focused: string,
  extra: CommandExtras = {},
): SentInteraction {
  return emu.autocomplete('config', nested(sub, options, focused), focused, extra);
}

/** Resolves with `probe`'s value once it has one, checking every 20 ms; fails after `timeoutMs`. */
export async function until<T>(probe: () => T | undefined | false, what: string, timeoutMs = 5000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The bot's posts in a channel once there are `count` of them (and no more have arrived meanwhile). */
export async function logPosts(emu: DiscordEmulator, channelId: string, count: number): Promise<APIMessage[]> {
  return until(
    () => {
      const posts = emu.channelMessages(channelId);
      return posts.length >= count ? posts : undefined;
    },
    `${count} posts in channel ${channelId} (have ${emu.channelMessages(channelId).length})`,
  );
}
