// What a server's settings mean for one interaction: read once by the dispatcher, then checked by the handlers
// through these functions, so each rule is written once.
import { type Guild, type Interaction, PermissionFlagsBits } from 'discord.js';
import type { Corpus, CorpusDocument } from '../corpus/types.js';
import { UserError } from '../errors.js';
import type { Logger } from '../log.js';
import {
  COMMAND_LABELS,
  defaultSettings,
  getSettings,
  type GuildPresence,
  type LoadedSettings,
  type SettingsDeps,
  type ToggleableCommand,
  withPresence,
} from '../settings/index.js';
import { StorageError } from '../storage/errors.js';
import type { BotContext } from './context.js';

/** The channels and roles the bot can see in a server now (Discord sends them, and their deletions, to the cache). */
export function presenceOf(guild: Guild | null): GuildPresence | undefined {
  if (!guild?.available) return undefined;
  return { hasChannel: (id) => guild.channels.cache.has(id), hasRole: (id) => guild.roles.cache.has(id) };
}

/**
 * The settings of the interaction's server, read for this interaction. A database that cannot be read leaves the
 * bot answering with the defaults (logged, and shown by `/config show`) rather than answering nothing.
 */
export async function loadServerSettings(interaction: Interaction, deps: SettingsDeps, log: Logger): Promise<LoadedSettings> {
  if (!interaction.inGuild()) return defaultSettings(null);
  let loaded: LoadedSettings;
  try {
    loaded = await getSettings(deps, interaction.guildId);
  } catch (error) {
    if (!(error instanceof StorageError)) throw error;
    log.error({ err: error }, 'settings unreadable: the defaults apply');
    return defaultSettings(interaction.guildId, [{ key: null, kind: 'unreadable' }]);
  }
  return withPresence(loaded, presenceOf(interaction.guild));
}

/** How a feature is named in messages: commands in code, buttons and menus in bold. */
export function featureName(command: ToggleableCommand): string {
  const label = COMMAND_LABELS[command];
  return label.startsWith('/') ? `\`${label}\`` : `**${label}**`;
}

/** Whether the server's admins left a feature on. */
export function isEnabled(context: BotContext, command: ToggleableCommand): boolean {
  return !context.serverSettings.values.disabledCommands.includes(command);
}

/** Refuses a feature the server's admins turned off, privately (UserErrors are answered ephemerally). */
export function requireEnabled(context: BotContext, command: ToggleableCommand): void {
  if (!isEnabled(context, command)) throw new UserError(`The admins of this server have turned off ${featureName(command)} here.`);
}

/** Channels named in a pointer before "and N more". */
const POINTER_CHANNELS = 5;

/**
 * Refuses a question asked outside the channels the server set aside for them, pointing to those channels (a
 * channel mention renders as a link and pings no one). A thread counts as its parent channel.
 */
export function requireAskChannel(interaction: Interaction, context: BotContext): void {
  const allowed = context.serverSettings.values.askChannels;
  if (allowed.length === 0 || !interaction.inGuild()) return;
  const channel = interaction.channel;
  const parent = channel?.isThread() ? channel.parentId : null;
  const here = interaction.channelId;
  if ((here !== null && allowed.includes(here)) || (parent !== null && allowed.includes(parent))) return;
  const named = allowed.slice(0, POINTER_CHANNELS).map((id) => `<#${id}>`);
  const more = allowed.length - named.length;
  const where = named.length === 1 ? named[0]! : `${named.slice(0, -1).join(', ')}${more > 0 ? ', ' : ' or '}${named[named.length - 1]!}`;
  throw new UserError(`In this server, questions are asked in ${where}${more > 0 ? ` or ${more} more` : ''}: please ask there.`);
}

/** The documents that answer in this server: the library less those its admins left out. */
export function visibleDocuments(context: BotContext): readonly CorpusDocument[] {
  const excluded = context.serverSettings.values.excludedDocuments;
  if (excluded.length === 0) return context.library.corpus.documents;
  return context.library.corpus.documents.filter((d) => !excluded.includes(d.id));
}

/** The corpus as this server sees it, for lookups that take a corpus (`/quote`, `about` choices). */
export function visibleCorpus(context: BotContext): Corpus {
  return { ...context.library.corpus, documents: [...visibleDocuments(context)] };
}

/** What the bot needs in its log channel, by the names Discord's settings use. */
const LOG_PERMISSIONS = {
  'View Channel': PermissionFlagsBits.ViewChannel,
  'Send Messages': PermissionFlagsBits.SendMessages,
  'Embed Links': PermissionFlagsBits.EmbedLinks,
} as const;

/**
 * The permissions the bot lacks in a channel, by name, from the cache Discord keeps current (roles, overwrites);
 * empty when all is well or when the cache cannot tell.
 */
export function missingLogPermissions(guild: Guild | null, channelId: string): string[] {
  const channel = guild?.channels.cache.get(channelId);
  const me = guild?.members.me;
  if (!channel || !me) return [];
  const permissions = channel.permissionsFor(me);
  return Object.entries(LOG_PERMISSIONS)
    .filter(([, bit]) => !permissions.has(bit))
    .map(([name]) => name);
}
