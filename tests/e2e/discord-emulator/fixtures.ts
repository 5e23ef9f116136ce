/**
 * Builders for the API objects the emulator hands to discord.js. They are typed against discord-api-types (re-exported
 * by discord.js), so a field Discord sends and discord.js reads cannot be forgotten silently.
 */
import {
  ApplicationCommandType,
  type ApplicationFlags,
  type GuildMemberFlags,
  type RoleFlags,
  type ChannelType,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildSystemChannelFlags,
  GuildVerificationLevel,
  Locale,
  MessageType,
  OverwriteType,
  PermissionFlagsBits,
  type APIApplication,
  type APIApplicationCommand,
  type APIEmbed,
  type APIGuildMember,
  type APIMessage,
  type APIMessageTopLevelComponent,
  type APIRole,
  type APITextChannel,
  type APIUser,
  type GatewayGuildCreateDispatchData,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord.js';
import { snowflake } from './ids.js';

/** discord-api-types models flag fields as enums without a zero member; "no flag set" is still 0 on the wire. */
export const NO_FLAGS = 0;

/** Every permission bit; what the test user and the bot hold, so permission checks never get in the way by accident. */
export const ALL_PERMISSIONS = Object.values(PermissionFlagsBits)
  .reduce((all, bit) => all | bit, 0n)
  .toString();

/** Another channel of a guild. */
export interface ChannelSeed {
  id?: string;
  name?: string;
  /** Default: a text channel. */
  type?:
    ChannelType.GuildText | ChannelType.GuildAnnouncement | ChannelType.GuildVoice | ChannelType.GuildForum | ChannelType.GuildCategory;
  /** false: an overwrite denies the bot View Channel and Send Messages there, and posting there answers 403. */
  botCanPost?: boolean;
}

export interface RoleSeed {
  id?: string;
  name?: string;
}

/** The guild a test runs in: ids fixed up front so tests can refer to them. */
export interface GuildSeed {
  id?: string;
  name?: string;
  channelId?: string;
  channelName?: string;
  /** Channels besides the first (`channelId`). */
  channels?: ChannelSeed[];
  /** Roles besides @everyone. */
  roles?: RoleSeed[];
}

export interface ChannelState {
  id: string;
  name: string;
  type: NonNullable<ChannelSeed['type']>;
  botCanPost: boolean;
}

export interface RoleState {
  id: string;
  name: string;
}

export interface GuildState {
  id: string;
  name: string;
  /** The first text channel: where interactions happen unless a test says otherwise. */
  channelId: string;
  channelName: string;
  joinedAt: string;
  /** Every channel, the first one included; a deleted channel is removed from here. */
  channels: ChannelState[];
  /** Roles besides @everyone. */
  roles: RoleState[];
  /** False after the bot was removed from the guild (until it is added again). */
  botIsMember: boolean;
}

export function user(id: string, username: string, bot: boolean): APIUser {
  return {
    id,
    username,
    discriminator: '0',
    global_name: bot ? null : username,
    avatar: null,
    bot,
    system: false,
  };
}

export function member(memberUser: APIUser, joinedAt: string): APIGuildMember {
  return {
    user: memberUser,
    nick: null,
    avatar: null,
    banner: null,
    roles: [],
    joined_at: joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: NO_FLAGS as GuildMemberFlags,
    pending: false,
    communication_disabled_until: null,
  };
}

/** `@everyone` carries the guild's own id: discord.js finds it by that id (`guild.roles.everyone`). */
export function everyoneRole(guildId: string): APIRole {
  return {
    id: guildId,
    name: '@everyone',
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: 0,
    // Part of Discord's defaults for @everyone; the bot needs Embed Links for its log posts.
    permissions: (
      PermissionFlagsBits.ViewChannel |
      PermissionFlagsBits.SendMessages |
      PermissionFlagsBits.EmbedLinks |
      PermissionFlagsBits.ReadMessageHistory |
      PermissionFlagsBits.UseApplicationCommands
    ).toString(),
    managed: false,
    mentionable: false,
    flags: NO_FLAGS as RoleFlags,
  };
}

/** A role besides @everyone, with no permissions of its own. */
export function role(state: RoleState, position: number): APIRole {
  return { ...everyoneRole(state.id), name: state.name, position, permissions: '0' };
}

/**
 * A guild channel as GUILD_CREATE and CHANNEL_CREATE/DELETE carry it. A channel the bot may not post in has a member
 * overwrite denying it View Channel and Send Messages, as an admin's channel settings would make.
 */
export function guildChannel(guild: GuildState, channel: ChannelState, botUserId: string, position = 0): APITextChannel {
  const denied = (PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages).toString();
  return {
    id: channel.id,
    // The text channel's shape carries every field the other kinds read; discord.js picks the class by `type`.
    type: channel.type as ChannelType.GuildText,
    guild_id: guild.id,
    name: channel.name,
    position,
    permission_overwrites: channel.botCanPost ? [] : [{ id: botUserId, type: OverwriteType.Member, allow: '0', deny: denied }],
    parent_id: null,
    topic: null,
    nsfw: false,
    last_message_id: null,
    rate_limit_per_user: 0,
    default_auto_archive_duration: 1440,
  };
}

/**
 * The full GUILD_CREATE payload. discord.js holds `clientReady` back until every guild listed as unavailable in READY
 * has arrived this way (or `waitGuildTimeout`, 15 s, expires).
 */
export function guildCreate(guild: GuildState, botUser: APIUser, testUser: APIUser): GatewayGuildCreateDispatchData {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: testUser.id,
    region: 'us-west',
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: GuildVerificationLevel.None,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.Disabled,
    roles: [everyoneRole(guild.id), ...guild.roles.map((r, i) => role(r, i + 1))],
    emojis: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: GuildSystemChannelFlags.SuppressJoinNotifications,
    rules_channel_id: null,
    max_presences: null,
    max_members: 500_000,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: GuildPremiumTier.None,
    premium_subscription_count: 0,
    preferred_locale: Locale.EnglishUS,
    public_updates_channel_id: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: GuildNSFWLevel.Default,
    stickers: [],
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    joined_at: guild.joinedAt,
    large: false,
    unavailable: false,
    member_count: 2,
    voice_states: [],
    members: [member(botUser, guild.joinedAt), member(testUser, guild.joinedAt)],
    channels: guild.channels.map((c, i) => guildChannel(guild, c, botUser.id, i)),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export function application(id: string, botUser: APIUser): APIApplication {
  return {
    id,
    name: botUser.username,
    icon: null,
    description: 'Emulated application',
    bot_public: false,
    bot_require_code_grant: false,
    bot: botUser,
    verify_key: '0'.repeat(64),
    flags: NO_FLAGS as ApplicationFlags,
    flags_new: '0',
    team: null,
    summary: '',
  };
}

/** What the message routes accept and the emulator stores: the part of a message a bot controls. */
export interface MessageContent {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIMessageTopLevelComponent[];
  flags?: number;
  tts?: boolean;
  attachments?: APIMessage['attachments'];
}

export interface MessageInit extends MessageContent {
  id?: string;
  channelId: string;
  author: APIUser;
  /** Set for messages created through an interaction webhook: discord.js uses it to tell webhook messages apart. */
  webhookId?: string;
  applicationId?: string;
}

/** A message object complete enough for `new Message(client, data)`. */
export function message(init: MessageInit): APIMessage {
  const id = init.id ?? snowflake();
  const built: APIMessage = {
    id,
    channel_id: init.channelId,
    author: init.author,
    content: init.content ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: init.tts ?? false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    mention_channels: [],
    attachments: init.attachments ?? [],
    embeds: init.embeds ?? [],
    components: init.components ?? [],
    reactions: [],
    pinned: false,
    type: MessageType.Default,
    flags: init.flags ?? 0,
  };
  if (init.webhookId !== undefined) built.webhook_id = init.webhookId;
  if (init.applicationId !== undefined) built.application_id = init.applicationId;
  return built;
}

/** Stores a registered command the way Discord echoes it: with ids, version and defaults filled in. */
export function applicationCommand(
  definition: RESTPutAPIApplicationCommandsJSONBody[number],
  applicationId: string,
  guildId: string | undefined,
  existingId: string | undefined,
): APIApplicationCommand {
  const id = existingId ?? snowflake();
  const stored = {
    ...definition,
    id,
    application_id: applicationId,
    version: snowflake(),
    type: definition.type ?? ApplicationCommandType.ChatInput,
    description: 'description' in definition ? (definition.description ?? '') : '',
    default_member_permissions: definition.default_member_permissions ?? null,
    nsfw: definition.nsfw ?? false,
  } as APIApplicationCommand;
  if (guildId !== undefined) stored.guild_id = guildId;
  return stored;
}
