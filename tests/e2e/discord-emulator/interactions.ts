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
  type InteractionType,
  Locale,
  type APIApplicationCommand,
  type APIApplicationCommandInteractionDataOption,
  type APIAttachment,
  type APIInteractionDataResolved,
  type APIModalInteractionResponseCallbackData,
  type APITextInputComponent,
  type APIBaseInteraction,
  type APIInteraction,
  type APIMessage,
  type APIUser,
} from 'discord.js';
import { ALL_PERMISSIONS, everyoneRole, type GuildState, member, role } from './fixtures.js';
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
  /** The invoking member's server nickname (default: none). */
  nick?: string;
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
  const guild = init.guildId === null ? undefined : (defaults.guilds.find((g) => g.id === init.guildId) ?? defaults.guilds[0]);
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
      guildId === undefined ? { id: channelId, type: ChannelType.DM } : { id: channelId, type: ChannelType.GuildText, guild_id: guildId },
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
      nick: init.nick ?? null,
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
        declared === ApplicationCommandOptionType.Integer || (declared === undefined && Number.isInteger(value) && !Number.isNaN(value))
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

/** The channel and role options' values, at any depth (inside subcommands and groups). */
function mentionedIds(options: readonly APIApplicationCommandInteractionDataOption[]): { channels: string[]; roles: string[] } {
  const found = { channels: [] as string[], roles: [] as string[] };
  for (const option of options) {
    if ('options' in option && Array.isArray(option.options)) {
      const inner = mentionedIds(option.options);
      found.channels.push(...inner.channels);
      found.roles.push(...inner.roles);
    } else if (option.type === ApplicationCommandOptionType.Channel) found.channels.push(String(option.value));
    else if (option.type === ApplicationCommandOptionType.Role) found.roles.push(String(option.value));
  }
  return found;
}

/**
 * What Discord adds in `data.resolved` for channel and role options: the objects the ids name, as the guild has them
 * now. An id the guild does not have (a forged or stale one) gets no entry, as from Discord.
 */
export function resolvedMentions(
  options: readonly APIApplicationCommandInteractionDataOption[],
  guild: GuildState | undefined,
): Pick<APIInteractionDataResolved, 'channels' | 'roles'> {
  const { channels, roles } = mentionedIds(options);
  const resolved: Pick<APIInteractionDataResolved, 'channels' | 'roles'> = {};
  const foundChannels = channels.flatMap((id) => guild?.channels.find((c) => c.id === id) ?? []);
  const foundRoles = roles.flatMap((id) => guild?.roles.find((r) => r.id === id) ?? []);
  // @everyone is a role too, whose id is the guild's.
  const everyone = guild !== undefined && roles.includes(guild.id);
  if (foundChannels.length > 0) {
    resolved.channels = Object.fromEntries(
      foundChannels.map((c) => [c.id, { id: c.id, name: c.name, type: c.type, permissions: ALL_PERMISSIONS }]),
    );
  }
  if (foundRoles.length > 0 || everyone) {
    resolved.roles = Object.fromEntries([
      ...foundRoles.map((r) => [r.id, role(r, 1)] as const),
      ...(everyone ? [[guild.id, everyoneRole(guild.id)] as const] : []),
    ]);
  }
  return resolved;
}

export function chatInputData(
  name: string,
  commandId: string,
  options: APIApplicationCommandInteractionDataOption[],
  guildId: string | undefined,
  attachments: readonly APIAttachment[] = [],
  mentions: Pick<APIInteractionDataResolved, 'channels' | 'roles'> = {},
): InteractionData {
  const data: InteractionData = { id: commandId, name, type: ApplicationCommandType.ChatInput, options };
  if (guildId !== undefined) data.guild_id = guildId;
  // Attachment options carry the attachment's id; the attachment itself comes in `resolved`, as from Discord.
  const resolved: APIInteractionDataResolved = { ...mentions };
  if (attachments.length > 0) resolved.attachments = Object.fromEntries(attachments.map((a) => [a.id, a]));
  if (Object.keys(resolved).length > 0) data.resolved = resolved;
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

/**
 * How a submitted modal's text inputs are wrapped: `label` (the current component model: each input in a Label) or
 * `row` (the legacy action rows). Discord submits a modal in the layout it was opened with.
 */
export type ModalLayout = 'label' | 'row';

export function modalSubmitData(customId: string, fields: Record<string, string>, layout: ModalLayout = 'label'): InteractionData {
  let id = 0;
  return {
    custom_id: customId,
    components: Object.entries(fields).map(([fieldId, value]) => {
      const input = { type: ComponentType.TextInput as const, id: ++id, custom_id: fieldId, value };
      return layout === 'label'
        ? { type: ComponentType.Label as const, id: ++id, component: input }
        : { type: ComponentType.ActionRow as const, id: ++id, components: [input] };
    }),
  };
}

/**
 * What Discord sends when a user submits a modal the bot opened: every text input with what was typed (`typed`, by
 * custom id) or else the value it was opened with, in the modal's own layout; text displays as bare components.
 * Throws, as a test mistake, for a field the modal does not have or a value its input would not accept.
 */
export function filledModalData(modal: APIModalInteractionResponseCallbackData, typed: Record<string, string>): InteractionData {
  const known = new Set<string>();
  let id = 0;
  const fill = (input: APITextInputComponent) => {
    known.add(input.custom_id);
    const value = typed[input.custom_id] ?? input.value ?? '';
    const max = input.max_length ?? 4000;
    if (value.length > max) throw new Error(`modal field ${input.custom_id}: ${value.length} characters, its max_length is ${max}`);
    if (input.required !== false && value.length === 0) throw new Error(`modal field ${input.custom_id} is required`);
    return { type: ComponentType.TextInput as const, id: ++id, custom_id: input.custom_id, value };
  };
  const components = modal.components.map((component) => {
    if (component.type === ComponentType.Label) {
      if (component.component.type !== ComponentType.TextInput) throw new Error('the emulator fills text inputs only');
      return { type: ComponentType.Label as const, id: ++id, component: fill(component.component) };
    }
    if (component.type === ComponentType.TextDisplay) return { type: ComponentType.TextDisplay as const, id: ++id };
    return { type: ComponentType.ActionRow as const, id: ++id, components: component.components.map((c) => fill(c)) };
  });
  const unknown = Object.keys(typed).filter((key) => !known.has(key));
  if (unknown.length > 0) throw new Error(`the modal has no field ${unknown.join(', ')}`);
  return { custom_id: modal.custom_id, components };
}
