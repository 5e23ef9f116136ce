/**
 * INTERACTION_CREATE payloads. discord.js is unforgiving about them: without `entitlements`,
 * `authorizing_integration_owners` or a `member`/`user` its handler throws (an unhandledRejection, and
 * `interactionCreate` never fires); without `data.type` a command is dropped silently. So every payload built here
 * carries all the fields Discord sends, and tests only state what differs.
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ChannelType,
  ComponentType,
  InteractionContextType,
  InteractionType,
  Locale,
  type APIApplicationCommand,
  type APIApplicationCommandInteractionDataOption,
  type APIBaseInteraction,
  type APIInteraction,
  type APIMessage,
  type APIUser,
} from 'discord.js';
import { ALL_PERMISSIONS, type GuildState, member } from './fixtures.js';
import { opaqueToken, snowflake } from './ids.js';

/** The interaction kinds a bot receives over the gateway (PING only exists for HTTP interactions). */
export type GatewayInteractionType = Exclude<InteractionType, InteractionType.Ping>;

export type InteractionData = NonNullable<APIInteraction['data']>;

/** What a test states about an interaction; everything else gets a realistic default. */
export interface InteractionInit {
  type: GatewayInteractionType;
  data: InteractionData;
  /** The message a component was used on (required by discord.js for component interactions). */
  message?: APIMessage;
  /** Defaults to the emulator's first guild; `null` sends a DM interaction (`user` instead of `member`). */
  guildId?: string | null;
  channelId?: string;
  /** Defaults to the emulator's test user. */
  user?: APIUser;
  roles?: string[];
  /** The invoking member's permissions in the channel (default: all). */
  memberPermissions?: string;
  /** The bot's permissions in the channel (default: all). */
  appPermissions?: string;
  locale?: Locale;
  /**
   * Raw top-level fields applied last. A value of `undefined` deletes the field, to reproduce malformed payloads
   * (e.g. `{ entitlements: undefined }`).
   */
  overrides?: Record<string, unknown>;
}

/** What `InteractionInit` needs from the emulator to fill in the defaults. */
export interface InteractionDefaults {
  applicationId: string;
  guilds: readonly GuildState[];
  testUser: APIUser;
}

/** A built payload plus its identity; the payload is what goes out as the INTERACTION_CREATE `d`. */
export interface BuiltInteraction {
  id: string;
  token: string;
  payload: APIInteraction;
}

export function buildInteraction(init: InteractionInit, defaults: InteractionDefaults): BuiltInteraction {
  const id = snowflake();
  const token = opaqueToken('interaction');
  const invoker = init.user ?? defaults.testUser;
  const guild =
    init.guildId === null ? undefined : (defaults.guilds.find((g) => g.id === init.guildId) ?? defaults.guilds[0]);
  const guildId = init.guildId === null ? undefined : (init.guildId ?? guild?.id);
  const channelId = init.channelId ?? guild?.channelId ?? snowflake();
  const base: APIBaseInteraction<GatewayInteractionType, InteractionData> = {
    id,
    application_id: defaults.applicationId,
    type: init.type,
    data: init.data,
    token,
    version: 1,
    app_permissions: init.appPermissions ?? ALL_PERMISSIONS,
    locale: init.locale ?? Locale.EnglishUS,
    entitlements: [],
    attachment_size_limit: 10 * 1024 * 1024,
    authorizing_integration_owners:
      guildId === undefined
        ? { [ApplicationIntegrationType.UserInstall]: invoker.id }
        : { [ApplicationIntegrationType.GuildInstall]: guildId },
    context: guildId === undefined ? InteractionContextType.BotDM : InteractionContextType.Guild,
    channel_id: channelId,
    // A guild text channel; discord.js refuses component and message-command interactions in non-text channels.
    channel:
      guildId === undefined
        ? { id: channelId, type: ChannelType.DM }
        : { id: channelId, type: ChannelType.GuildText, guild_id: guildId },
  };
  if (guildId === undefined) {
    base.user = invoker;
  } else {
    base.guild_id = guildId;
    base.guild_locale = Locale.EnglishUS;
    base.guild = { id: guildId, locale: Locale.EnglishUS, features: [] };
    base.member = {
      ...member(invoker, guild?.joinedAt ?? new Date().toISOString()),
      roles: init.roles ?? [],
      permissions: init.memberPermissions ?? ALL_PERMISSIONS,
    };
  }
  if (init.message !== undefined) base.message = init.message;
  const payload: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(init.overrides ?? {})) {
    if (value === undefined) delete payload[key];
    else payload[key] = value;
  }
  // The overrides may break the shape on purpose; what is sent is what the test asked for.
  return { id, token, payload: payload as unknown as APIInteraction };
}

export type OptionValue = string | number | boolean;

/** Options as `{ name: value }`, or the raw API array for subcommands and anything else unusual. */
export type CommandOptions = Record<string, OptionValue> | APIApplicationCommandInteractionDataOption[];

/**
 * Turns `{ name: value }` into API options. The option type comes from the registered command when there is one,
 * because discord.js checks it (`getNumber` on an INTEGER option throws); otherwise it is inferred from the value.
 */
export function toApiOptions(
  options: CommandOptions,
  registered: APIApplicationCommand | undefined,
  focused?: string,
): APIApplicationCommandInteractionDataOption[] {
  if (Array.isArray(options)) return options;
  return Object.entries(options).map(([name, value]) => {
    const declared = registered?.options?.find((option) => option.name === name)?.type;
    const isFocused = name === focused ? { focused: true } : {};
    if (typeof value === 'boolean') return { name, type: ApplicationCommandOptionType.Boolean, value };
    if (typeof value === 'number') {
      const type =
        declared === ApplicationCommandOptionType.Integer ||
        (declared === undefined && Number.isInteger(value) && !Number.isNaN(value))
          ? ApplicationCommandOptionType.Integer
          : ApplicationCommandOptionType.Number;
      return { name, type, value, ...isFocused };
    }
    switch (declared) {
      case ApplicationCommandOptionType.User:
      case ApplicationCommandOptionType.Channel:
      case ApplicationCommandOptionType.Role:
      case ApplicationCommandOptionType.Mentionable:
      case ApplicationCommandOptionType.Attachment:
        return { name, type: declared, value };
      default:
        return { name, type: ApplicationCommandOptionType.String, value, ...isFocused };
    }
  });
}

export function chatInputData(
  name: string,
  commandId: string,
  options: APIApplicationCommandInteractionDataOption[],
  guildId: string | undefined,
): InteractionData {
  const data: InteractionData = { id: commandId, name, type: ApplicationCommandType.ChatInput, options };
  if (guildId !== undefined) data.guild_id = guildId;
  return data;
}

export function buttonData(customId: string): InteractionData {
  return { custom_id: customId, component_type: ComponentType.Button };
}

export function messageCommandData(name: string, commandId: string, target: APIMessage): InteractionData {
  return {
    id: commandId,
    name,
    type: ApplicationCommandType.Message,
    target_id: target.id,
    resolved: { messages: { [target.id]: target } },
  };
}

export function modalSubmitData(customId: string, fields: Record<string, string>): InteractionData {
  return {
    custom_id: customId,
    components: Object.entries(fields).map(([fieldId, value]) => ({
      type: ComponentType.ActionRow,
      components: [{ type: ComponentType.TextInput, custom_id: fieldId, value }],
    })),
  };
}
