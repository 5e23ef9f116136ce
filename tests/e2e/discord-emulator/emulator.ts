/**
 * An in-process Discord (REST v10 + Gateway v10) on 127.0.0.1 that the unmodified discord.js Client talks to over
 * real sockets: give the client `rest: { api: emu.apiBase }` and log in with `emu.token`.
 */
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import {
  ButtonStyle,
  ChannelType,
  ComponentType,
  GatewayDispatchEvents,
  InteractionType,
  type APIApplicationCommand,
  type APIAttachment,
  type APIInteraction,
  type APIMessage,
  type APIModalInteractionResponseCallbackData,
  type APIUser,
} from 'discord.js';
import { guildChannel, guildCreate, type GuildSeed, type GuildState, message, type MessageInit, user } from './fixtures.js';
import { Gateway, type DropMode } from './gateway.js';
import { type CapturedRequest, type IncomingRequest, matches, readRequest, type Reply, type RouteMatcher, send } from './http.js';
import { snowflake } from './ids.js';
import {
  buildInteraction,
  buttonData,
  chatInputData,
  type CommandOptions,
  filledModalData,
  type InteractionInit,
  messageCommandData,
  type ModalLayout,
  modalSubmitData,
  resolvedMentions,
  toApiOptions,
} from './interactions.js';
import { apiError, RestRoutes } from './rest.js';
import { Store, type World } from './store.js';

export interface EmulatorOptions {
  /** The bot token the emulator accepts (default `'test-token'`). */
  token?: string;
  /** Also the bot user's id, as on Discord (default: a fresh snowflake). */
  applicationId?: string;
  botName?: string;
  /** Guilds the bot is in (default: one guild with one text channel). */
  guilds?: GuildSeed[];
  /** Sent in HELLO. Discord uses ~41 s; a short one exercises heartbeat ACKs in a test. */
  heartbeatIntervalMs?: number;
  /** Discord's limit for the first response to an interaction (default 3000 ms). */
  interactionDeadlineMs?: number;
  /** Start with the token rejected (see `setInvalidToken`). */
  invalidToken?: boolean;
}

/** An injected failure for the next matching REST calls. */
export interface FailureOptions {
  /** 429 comes with Discord's rate-limit headers and body, so discord.js waits and retries. */
  status: number;
  /** Seconds, for 429 (default 0.25; fractions are fine and keep tests fast). */
  retryAfter?: number;
  /** How many matching requests fail (default 1). */
  times?: number;
  /** For 429: a global rate limit (`X-RateLimit-Global`). */
  global?: boolean;
}

/** An interaction sent to the bot. */
export interface SentInteraction {
  id: string;
  token: string;
  /** Exactly what went out as the INTERACTION_CREATE `d` (overrides included). */
  payload: APIInteraction;
  /** When it went out (`performance.now()`, the clock of `CapturedRequest.receivedAt`). */
  sentAt: number;
  /**
   * The first callback the emulator accepted (2xx) for this interaction. Rejects when none arrived within the
   * interaction deadline: what a user sees as "The application did not respond".
   */
  response: Promise<CapturedRequest>;
}

/** Everything about an interaction except its kind and data, for the helpers' `extra` argument. */
export type InteractionExtras = Omit<InteractionInit, 'type' | 'data'>;

/** For commands: also the attachments that attachment options refer to by id (see `attachment`). */
export type CommandExtras = InteractionExtras & { attachments?: readonly APIAttachment[] };

/** A file a test attaches, as `attachment` serves it. */
export interface AttachmentOptions {
  contentType?: string;
  /** The size the attachment object claims (default: the real one), to test a bot that trusts or checks it. */
  declaredSize?: number;
  /** The served file answers after this long (a slow CDN). */
  delayMs?: number;
  channelId?: string;
}

export type RequestPredicate = string | RegExp | ((request: CapturedRequest) => boolean);

interface Failure extends Required<Omit<FailureOptions, 'times'>> {
  matcher: RouteMatcher;
  remaining: number;
}

interface Stub {
  matcher: RouteMatcher;
  reply: (request: IncomingRequest) => Reply;
}

interface Waiter {
  /** Returns true once satisfied (and has resolved its promise). */
  poll: () => boolean;
  fail: (error: Error) => void;
}

function rateLimited(retryAfter: number, global: boolean): Reply {
  const headers: Record<string, string> = {
    'retry-after': String(retryAfter),
    'x-ratelimit-limit': '1',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset': String(Date.now() / 1000 + retryAfter),
    'x-ratelimit-reset-after': String(retryAfter),
    'x-ratelimit-scope': global ? 'global' : 'user',
  };
  if (global) headers['x-ratelimit-global'] = 'true';
  return { status: 429, headers, body: { message: 'You are being rate limited.', retry_after: retryAfter, global } };
}

function matchesCaptured(predicate: RequestPredicate, request: CapturedRequest): boolean {
  return typeof predicate === 'function' ? predicate(request) : matches(predicate, request);
}

export class DiscordEmulator {
  /** What the bot gets as `rest.api` (or `DISCORD_API_BASE`): discord.js appends `/v10` itself. */
  readonly apiBase: string;
  readonly token: string;
  readonly applicationId: string;
  /** The first guild and its text channel. */
  readonly guildId: string;
  readonly channelId: string;
  /** The human member who "uses" the bot in interactions. */
  readonly userId: string;
  readonly botUser: APIUser;
  readonly testUser: APIUser;

  private readonly captured: CapturedRequest[] = [];
  private readonly failures: Failure[] = [];
  private readonly stubs: Stub[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly rest: RestRoutes;
  private readonly gateway: Gateway;
  private closed = false;

  private constructor(
    private readonly server: Server,
    private readonly store: Store,
    private readonly interactionDeadlineMs: number,
    heartbeatIntervalMs: number,
  ) {
    const { world } = store;
    const port = (server.address() as AddressInfo).port;
    this.apiBase = `http://127.0.0.1:${port}/api`;
    world.gatewayUrl = `ws://127.0.0.1:${port}`;
    world.cdnBase = `http://127.0.0.1:${port}`;
    this.token = world.token;
    this.applicationId = world.applicationId;
    const first = world.guilds[0];
    if (!first) throw new Error('Discord emulator: at least one guild is required');
    this.guildId = first.id;
    this.channelId = first.channelId;
    this.userId = world.testUser.id;
    this.botUser = world.botUser;
    this.testUser = world.testUser;
    this.rest = new RestRoutes(store, { interactionDeadlineMs });
    this.gateway = new Gateway(store, { heartbeatIntervalMs, onChange: () => this.notify() });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void this.onRequest(req, res));
    server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => this.gateway.handleUpgrade(req, socket, head));
  }

  /** Starts an emulator on a free port of 127.0.0.1. */
  static async start(options: EmulatorOptions = {}): Promise<DiscordEmulator> {
    const applicationId = options.applicationId ?? snowflake();
    const joinedAt = new Date().toISOString();
    const seeds = options.guilds?.length ? options.guilds : [{}];
    const guilds: GuildState[] = seeds.map((seed, index) => {
      const channelId = seed.channelId ?? snowflake();
      const channelName = seed.channelName ?? 'general';
      const others = (seed.channels ?? []).map((c, i) => ({
        id: c.id ?? snowflake(),
        name: c.name ?? `channel-${i + 2}`,
        type: c.type ?? ChannelType.GuildText,
        botCanPost: c.botCanPost ?? true,
      }));
      return {
        id: seed.id ?? snowflake(),
        name: seed.name ?? `Emulated Guild ${index + 1}`,
        channelId,
        channelName,
        joinedAt,
        channels: [{ id: channelId, name: channelName, type: ChannelType.GuildText, botCanPost: true }, ...others],
        roles: (seed.roles ?? []).map((r, i) => ({ id: r.id ?? snowflake(), name: r.name ?? `role-${i + 1}` })),
        botIsMember: true,
      };
    });
    const world: World = {
      token: options.token ?? 'test-token',
      applicationId,
      botUser: user(applicationId, options.botName ?? 'Emulated Bot', true),
      testUser: user(snowflake(), 'tester', false),
      guilds,
      gatewayUrl: '',
      cdnBase: '',
    };
    const store = new Store(world);
    store.tokenValid = !options.invalidToken;
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return new DiscordEmulator(server, store, options.interactionDeadlineMs ?? 3000, options.heartbeatIntervalMs ?? 41_250);
  }

  /** Where `GET /gateway/bot` sends clients: `ws://127.0.0.1:PORT` (for raw WebSocket tests). */
  get gatewayUrl(): string {
    return this.store.world.gatewayUrl;
  }

  /** Every REST call so far, failed and unknown ones included, in arrival order. */
  get requests(): readonly CapturedRequest[] {
    return this.captured;
  }

  get identifyCount(): number {
    return this.gateway.stats.identifyCount;
  }

  get resumeCount(): number {
    return this.gateway.stats.resumeCount;
  }

  /** Gateway WebSocket connections accepted so far (each RESUME or re-IDENTIFY opens a new one). */
  get connectionCount(): number {
    return this.gateway.stats.connectionCount;
  }

  /** The close code of every gateway connection that has ended, in order (1000: the client closed it cleanly). */
  get gatewayCloseCodes(): readonly number[] {
    return this.gateway.stats.closeCodes;
  }

  /** The `d` of the last IDENTIFY (token, intents, shard, properties). */
  get lastIdentify(): Record<string, unknown> | null {
    return this.gateway.lastIdentify;
  }

  /** Registered application commands, as the PUT/POST routes stored them (with ids). */
  get commands(): {
    global: readonly APIApplicationCommand[];
    guild: (guildId?: string) => readonly APIApplicationCommand[];
  } {
    return {
      global: this.store.globalCommands,
      guild: (guildId = this.guildId) => this.store.guildCommands.get(guildId) ?? [],
    };
  }

  /** Forgets captured requests, e.g. between tests sharing one emulator. */
  clearRequests(): void {
    this.captured.length = 0;
  }

  /** Makes the token invalid (REST 401, IDENTIFY/RESUME closed with 4004) or valid again. */
  setInvalidToken(invalid = true): void {
    this.store.tokenValid = !invalid;
  }

  /** Resolves once `count` IDENTIFYs have been answered with READY and every GUILD_CREATE. */
  waitForIdentify(count = 1, timeoutMs = 10_000): Promise<void> {
    return this.waitUntil(
      () => (this.identifyCount >= count ? true : undefined),
      timeoutMs,
      () => `waitForIdentify(${count}) timed out after ${timeoutMs} ms (identifies so far: ${this.identifyCount})`,
    ).then(() => undefined);
  }

  /** Resolves once `count` RESUMEs have been answered with RESUMED. */
  waitForResume(count = 1, timeoutMs = 10_000): Promise<void> {
    return this.waitUntil(
      () => (this.resumeCount >= count ? true : undefined),
      timeoutMs,
      () => `waitForResume(${count}) timed out after ${timeoutMs} ms (resumes so far: ${this.resumeCount})`,
    ).then(() => undefined);
  }

  /**
   * Resolves with the first captured request, already received or still to come, that matches. Tokens and ids in
   * paths are unique per interaction, so matching on them does not pick up requests from earlier tests.
   */
  waitForRequest(predicate: RequestPredicate, timeoutMs = 5000): Promise<CapturedRequest> {
    return this.waitUntil(
      () => this.captured.find((request) => matchesCaptured(predicate, request)),
      timeoutMs,
      () => {
        const recent = this.captured
          .slice(-8)
          .map((r) => `  ${r.method} ${r.path} → ${r.status}`)
          .join('\n');
        return `waitForRequest timed out after ${timeoutMs} ms; last requests:\n${recent || '  (none)'}`;
      },
    );
  }

  /** Makes the next `times` matching REST calls fail with `status` instead of reaching their route. */
  failNext(matcher: RouteMatcher, options: FailureOptions): void {
    this.failures.push({
      matcher,
      status: options.status,
      retryAfter: options.retryAfter ?? 0.25,
      global: options.global ?? false,
      remaining: options.times ?? 1,
    });
  }

  /** Answers matching REST calls with `reply` (for routes the emulator does not model). Returns the remover. */
  stub(matcher: RouteMatcher, reply: (request: IncomingRequest) => Reply): () => void {
    const entry: Stub = { matcher, reply };
    this.stubs.push(entry);
    return () => {
      const index = this.stubs.indexOf(entry);
      if (index >= 0) this.stubs.splice(index, 1);
    };
  }

  /** Sends an INTERACTION_CREATE built from `init` (see InteractionInit for the defaults). */
  sendInteraction(init: InteractionInit): SentInteraction {
    const built = buildInteraction(init, {
      applicationId: this.applicationId,
      guilds: this.store.world.guilds,
      testUser: this.testUser,
    });
    const sentAt = performance.now();
    this.gateway.dispatch(GatewayDispatchEvents.InteractionCreate, built.payload);
    this.store.addInteraction({
      id: built.id,
      token: built.token,
      type: init.type,
      payload: built.payload,
      sentAt,
      callbackType: null,
      originalMessageId: null,
      followUpIds: [],
      sourceMessage: init.message,
    });
    const callbackPath = `/interactions/${built.id}/${built.token}/callback`;
    const response = this.waitUntil(
      () => this.captured.find((r) => r.method === 'POST' && r.path === callbackPath && r.status >= 200 && r.status < 300),
      // A little slack: a callback accepted right at the deadline is still recorded.
      this.interactionDeadlineMs + 100,
      () => `interaction ${built.id} got no accepted callback within ${this.interactionDeadlineMs} ms`,
    );
    // Tests that never look at `response` must not get an unhandled rejection; awaiting it still throws.
    response.catch(() => undefined);
    return { id: built.id, token: built.token, payload: built.payload, sentAt, response };
  }

  /**
   * A chat-input command. `options` as `{ name: value }` take their types from the registered command when there is
   * one (PUT earlier), otherwise string → STRING, integer → INTEGER, other number → NUMBER, boolean → BOOLEAN.
   */
  command(name: string, options: CommandOptions = {}, extra: CommandExtras = {}): SentInteraction {
    const { attachments, ...rest } = extra;
    const registered = this.store.findCommand(name, extra.guildId ?? this.guildId);
    const apiOptions = toApiOptions(options, registered);
    const guild = this.store.world.guilds.find((g) => g.id === (extra.guildId ?? this.guildId));
    const data = chatInputData(
      name,
      registered?.id ?? snowflake(),
      apiOptions,
      registered?.guild_id,
      attachments,
      resolvedMentions(apiOptions, guild),
    );
    return this.sendInteraction({ ...rest, type: InteractionType.ApplicationCommand, data });
  }

  /**
   * A file as a member attaches it to a command option: served at its `url` over HTTP on 127.0.0.1, as Discord's CDN
   * serves it. Pass the result in `command(..., { attachments })` and its id as the option's value.
   */
  attachment(name: string, data: Buffer | string, options: AttachmentOptions = {}): APIAttachment {
    const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8');
    const id = snowflake();
    const contentType = options.contentType ?? 'application/octet-stream';
    const { url } = this.store.hostFile(options.channelId ?? this.channelId, id, name, {
      data: bytes,
      contentType,
      delayMs: options.delayMs ?? 0,
    });
    return { id, filename: name, size: options.declaredSize ?? bytes.length, url, proxy_url: url, content_type: contentType };
  }

  /** Autocomplete while the user types in option `focused`. */
  autocomplete(name: string, options: CommandOptions, focused: string, extra: InteractionExtras = {}): SentInteraction {
    const registered = this.store.findCommand(name, extra.guildId ?? this.guildId);
    const data = chatInputData(name, registered?.id ?? snowflake(), toApiOptions(options, registered, focused), registered?.guild_id);
    return this.sendInteraction({ ...extra, type: InteractionType.ApplicationCommandAutocomplete, data });
  }

  /** A button press on `message` (default: a bot message carrying that one button). */
  button(customId: string, onMessage?: APIMessage, extra: InteractionExtras = {}): SentInteraction {
    const source =
      onMessage ??
      this.botMessage({
        content: 'Message with a button',
        components: [
          {
            type: ComponentType.ActionRow,
            components: [{ type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: customId, label: 'Button' }],
          },
        ],
      });
    return this.sendInteraction({
      ...extra,
      type: InteractionType.MessageComponent,
      data: buttonData(customId),
      message: source,
    });
  }

  /** A message context-menu command on `target` (a message, or the content of a message by the test user). */
  messageContextMenu(name: string, target: APIMessage | string, extra: InteractionExtras = {}): SentInteraction {
    const targetMessage =
      typeof target === 'string'
        ? message({ channelId: extra.channelId ?? this.channelId, author: this.testUser, content: target })
        : target;
    const registered = this.store.findCommand(name, extra.guildId ?? this.guildId);
    return this.sendInteraction({
      ...extra,
      type: InteractionType.ApplicationCommand,
      data: messageCommandData(name, registered?.id ?? snowflake(), targetMessage),
    });
  }

  /**
   * A submitted modal whose text inputs hold `fields` (custom id → value), in Labels (default) or legacy action rows:
   * for modals the bot never opened, such as a forged one. `submitModal` submits one the bot did open.
   */
  modalSubmit(
    customId: string,
    fields: Record<string, string>,
    extra: InteractionExtras = {},
    layout: ModalLayout = 'label',
  ): SentInteraction {
    const data = modalSubmitData(customId, fields, layout);
    return this.sendInteraction({ ...extra, type: InteractionType.ModalSubmit, data });
  }

  /** The modal the bot opened in answer to an interaction, once it has (callback type 9). */
  openedModal(interaction: { token: string }): APIModalInteractionResponseCallbackData | undefined {
    return this.store.interactionsByToken.get(interaction.token)?.modal;
  }

  /**
   * Submits the modal the bot opened for `opened`, as its user would: fields keep the values the bot filled in unless
   * `typed` changes them. It comes from the same member, server and channel unless `extra` says otherwise. Throws when
   * no modal was opened, or for a field the modal lacks or a value its input would refuse (Discord's client would).
   */
  submitModal(opened: SentInteraction, typed: Record<string, string> = {}, extra: InteractionExtras = {}): SentInteraction {
    const modal = this.openedModal(opened);
    if (!modal) throw new Error(`Discord emulator: interaction ${opened.id} opened no modal`);
    const { payload } = opened;
    const member = payload.member;
    const from: InteractionExtras = {
      guildId: payload.guild_id ?? null,
      ...(payload.channel?.id ? { channelId: payload.channel.id } : {}),
      user: member?.user ?? payload.user ?? this.testUser,
      ...(member ? { memberPermissions: member.permissions, roles: member.roles, ...(member.nick ? { nick: member.nick } : {}) } : {}),
    };
    return this.sendInteraction({ ...from, ...extra, type: InteractionType.ModalSubmit, data: filledModalData(modal, typed) });
  }

  /** A message by the bot in the default channel, e.g. as the message a component sits on. */
  botMessage(content: Omit<MessageInit, 'channelId' | 'author'>): APIMessage {
    return message({ ...content, channelId: this.channelId, author: this.botUser });
  }

  /** The message `@original` currently is for an interaction, as the bot last left it. */
  originalMessage(interaction: { token: string }): APIMessage | undefined {
    const id = this.store.interactionsByToken.get(interaction.token)?.originalMessageId;
    return id ? this.store.messages.get(id) : undefined;
  }

  /** Follow-up messages of an interaction that still exist, oldest first. */
  followUps(interaction: { token: string }): APIMessage[] {
    const ids = this.store.interactionsByToken.get(interaction.token)?.followUpIds ?? [];
    return ids.flatMap((id) => this.store.messages.get(id) ?? []);
  }

  /** Messages in a channel that still exist (the bot's own posts, and edits applied), oldest first. */
  channelMessages(channelId: string): APIMessage[] {
    return [...this.store.messages.values()].filter((m) => m.channel_id === channelId && !m.webhook_id);
  }

  /** A message deleted by someone else (a moderator tidying a channel): editing it then answers 404. */
  deleteMessage(messageId: string): void {
    this.store.messages.delete(messageId);
  }

  /** Deletes a channel: CHANNEL_DELETE to the bot, and posting there answers 404 from now on. */
  deleteChannel(channelId: string): void {
    const guild = this.store.world.guilds.find((g) => g.channels.some((c) => c.id === channelId));
    if (!guild) throw new Error(`Discord emulator: no guild has channel ${channelId}`);
    const index = guild.channels.findIndex((c) => c.id === channelId);
    const [channel] = guild.channels.splice(index, 1);
    this.gateway.dispatch(GatewayDispatchEvents.ChannelDelete, guildChannel(guild, channel!, this.botUser.id, index));
  }

  /** Deletes a role: GUILD_ROLE_DELETE to the bot. */
  deleteRole(roleId: string): void {
    const guild = this.store.world.guilds.find((g) => g.roles.some((r) => r.id === roleId));
    if (!guild) throw new Error(`Discord emulator: no guild has role ${roleId}`);
    guild.roles.splice(
      guild.roles.findIndex((r) => r.id === roleId),
      1,
    );
    this.gateway.dispatch(GatewayDispatchEvents.GuildRoleDelete, { guild_id: guild.id, role_id: roleId });
  }

  /** The bot is kicked from a guild: GUILD_DELETE (not unavailable), and the guild is left out of later READYs. */
  removeBotFromGuild(guildId: string): void {
    const guild = this.guildState(guildId);
    guild.botIsMember = false;
    this.gateway.dispatch(GatewayDispatchEvents.GuildDelete, { id: guildId });
  }

  /** The bot is invited back: GUILD_CREATE with the guild as it is now. */
  addBotToGuild(guildId: string): void {
    const guild = this.guildState(guildId);
    guild.botIsMember = true;
    this.gateway.dispatch(GatewayDispatchEvents.GuildCreate, guildCreate(guild, this.botUser, this.testUser));
  }

  private guildState(guildId: string): GuildState {
    const guild = this.store.world.guilds.find((g) => g.id === guildId);
    if (!guild) throw new Error(`Discord emulator: no guild ${guildId}`);
    return guild;
  }

  /** Sends any other gateway dispatch (e.g. MESSAGE_CREATE) to the current session. */
  dispatch(event: string, data: unknown): void {
    this.gateway.dispatch(event, data);
  }

  /**
   * Closes the live gateway socket abnormally, keeping the session resumable. 4000 (default) and `'terminate'`
   * make discord.js RESUME; 4004 etc. are not recoverable. Dispatches sent meanwhile are replayed on RESUME.
   */
  dropGateway(mode: DropMode = 4000): Promise<void> {
    return this.gateway.drop(mode);
  }

  /** Sends op 7 RECONNECT: the client closes and resumes. */
  requestReconnect(): void {
    this.gateway.requestReconnect();
  }

  /** Stops everything: pending waits reject, sockets are cut, the port is released. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const waiter of this.waiters) waiter.fail(new Error('Discord emulator closed'));
    this.waiters.clear();
    await this.gateway.close();
    const stopped = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // discord.js keeps REST connections alive; without this, server.close() would wait for them to idle out.
    this.server.closeAllConnections();
    await stopped;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let incoming: IncomingRequest;
    try {
      incoming = await readRequest(req);
    } catch (error) {
      send(res, apiError(400, 50109, `The request body contains invalid JSON: ${String(error)}`));
      return;
    }
    if (incoming.method === 'GET' && incoming.path.startsWith('/attachments/')) {
      await this.serveFile(incoming, res);
      return;
    }
    const reply = this.answer(incoming);
    const captured: CapturedRequest = { ...incoming, status: reply.status, responseBody: reply.body };
    this.captured.push(captured);
    send(res, reply);
    this.notify();
  }

  /** The CDN: a hosted file's bytes (after its delay), or 404. Captured like REST calls, body left out. */
  private async serveFile(incoming: IncomingRequest, res: ServerResponse): Promise<void> {
    const file = this.store.files.get(incoming.path);
    const status = file ? 200 : 404;
    this.captured.push({ ...incoming, status, responseBody: undefined });
    this.notify();
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return;
    }
    if (file.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, file.delayMs));
    if (res.destroyed) return;
    res.writeHead(200, { 'content-type': file.contentType, 'content-length': String(file.data.length) }).end(file.data);
  }

  private answer(request: IncomingRequest): Reply {
    const failure = this.failures.find((f) => f.remaining > 0 && matches(f.matcher, request));
    if (failure) {
      failure.remaining -= 1;
      if (failure.status === 429) return rateLimited(failure.retryAfter, failure.global);
      return apiError(failure.status, 0, `${failure.status}: ${STATUS_CODES[failure.status] ?? 'Error'}`);
    }
    const stub = this.stubs.find((s) => matches(s.matcher, request));
    if (stub) return stub.reply(request);
    return this.rest.handle(request);
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) if (waiter.poll()) this.waiters.delete(waiter);
  }

  /** Resolves with the first defined value `probe` yields, checked now and after every request or gateway change. */
  private waitUntil<T>(probe: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> {
    const now = probe();
    if (now !== undefined) return Promise.resolve(now);
    if (this.closed) return Promise.reject(new Error('Discord emulator closed'));
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        poll: () => {
          const value = probe();
          if (value === undefined) return false;
          clearTimeout(timer);
          resolve(value);
          return true;
        },
        fail: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`Discord emulator: ${describe()}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }
}

/** Starts an emulator; see DiscordEmulator. */
export function startEmulator(options: EmulatorOptions = {}): Promise<DiscordEmulator> {
  return DiscordEmulator.start(options);
}
