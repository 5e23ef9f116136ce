/**
 * The REST v10 routes the bot uses, answering with Discord's status codes and error bodies so discord.js takes the
 * same code paths it takes in production (DiscordAPIError codes, retries, TokenInvalid).
 */
import { performance } from 'node:perf_hooks';
import {
  ApplicationCommandType,
  ChannelType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  type APIApplicationCommand,
  type APIAttachment,
  type APIMessage,
  type APIModalInteractionResponseCallbackData,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord.js';
import { application, applicationCommand, message, type MessageContent } from './fixtures.js';
import { type CapturedFile, type HttpMethod, type IncomingRequest, matchPath, type Reply } from './http.js';
import { snowflake } from './ids.js';
import { checkAutocomplete, checkMessage, checkModal, type DiscordErrorBody } from './limits.js';
import type { InteractionRecord, Store } from './store.js';

type Params = Record<string, string>;
type Json = Record<string, unknown>;

interface Route {
  method: HttpMethod;
  pattern: string;
  /** Needs `Authorization: Bot <token>`. Interaction callbacks and webhook routes authenticate by their token. */
  auth: boolean;
  handle: (req: IncomingRequest, params: Params) => Reply;
}

/** Which callback types Discord accepts for which interaction type. */
const ALLOWED_CALLBACKS: Record<number, readonly InteractionResponseType[]> = {
  [InteractionType.ApplicationCommand]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.Modal,
  ],
  [InteractionType.MessageComponent]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.DeferredMessageUpdate,
    InteractionResponseType.UpdateMessage,
    InteractionResponseType.Modal,
  ],
  [InteractionType.ApplicationCommandAutocomplete]: [InteractionResponseType.ApplicationCommandAutocompleteResult],
  [InteractionType.ModalSubmit]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.DeferredMessageUpdate,
    InteractionResponseType.UpdateMessage,
  ],
};

/** Discord's error answer: `{ message, code }` (plus `errors` for form validation). */
export function apiError(status: number, code: number, text: string): Reply {
  return { status, body: { message: text, code } };
}

function invalid(body: DiscordErrorBody): Reply {
  return { status: 400, body };
}

/** A 50035 with one issue at a top-level `field` (`''` for the body as a whole). */
function formError(field: string, code: string, text: string): DiscordErrorBody {
  const issue = { _errors: [{ code, message: text }] };
  return { code: 50035, message: 'Invalid Form Body', errors: field === '' ? issue : { [field]: issue } };
}

const UNAUTHORIZED = apiError(401, 0, '401: Unauthorized');
export const NOT_FOUND = apiError(404, 0, '404: Not Found');
const METHOD_NOT_ALLOWED = apiError(405, 0, '405: Method Not Allowed');
const UNKNOWN_INTERACTION = apiError(404, 10062, 'Unknown interaction');
const UNKNOWN_WEBHOOK = apiError(404, 10015, 'Unknown Webhook');
const UNKNOWN_MESSAGE = apiError(404, 10008, 'Unknown Message');
const INVALID_WEBHOOK_TOKEN = apiError(401, 50027, 'Invalid Webhook Token');
const UNKNOWN_CHANNEL = apiError(404, 10003, 'Unknown Channel');
const MISSING_ACCESS = apiError(403, 50001, 'Missing Access');
const NOT_TEXT = apiError(400, 50008, 'Cannot send messages in a non-text channel');
const ALREADY_ACKNOWLEDGED = apiError(400, 40060, 'Interaction has already been acknowledged.');

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Uploaded files become attachments served by the emulator, as Discord serves them from its CDN. */
function attachmentsFrom(store: Store, channelId: string, files: CapturedFile[]): APIAttachment[] {
  return files.map((file) => {
    const id = snowflake();
    const { url } = store.hostFile(channelId, id, file.name, { data: file.data, contentType: file.contentType, delayMs: 0 });
    return { id, filename: file.name, size: file.size, url, proxy_url: url, content_type: file.contentType };
  });
}

/**
 * The message fields a body sets. Attachments: new files are added, and an `attachments` array in the body keeps only
 * the existing attachments it lists (that is how discord.js removes files on edit).
 */
function contentFrom(
  store: Store,
  channelId: string,
  body: unknown,
  files: CapturedFile[],
  existing: APIMessage | undefined,
): MessageContent {
  const fields: MessageContent = {};
  if (!isRecord(body)) return fields;
  if (typeof body['content'] === 'string') fields.content = body['content'];
  if (Array.isArray(body['embeds'])) fields.embeds = body['embeds'] as MessageContent['embeds'];
  if (Array.isArray(body['components'])) fields.components = body['components'] as MessageContent['components'];
  if (typeof body['flags'] === 'number') fields.flags = body['flags'];
  if (typeof body['tts'] === 'boolean') fields.tts = body['tts'];
  const kept = Array.isArray(body['attachments'])
    ? (existing?.attachments ?? []).filter((a) =>
        (body['attachments'] as unknown[]).some((listed) => isRecord(listed) && listed['id'] === a.id),
      )
    : (existing?.attachments ?? []);
  if (files.length > 0 || Array.isArray(body['attachments'])) fields.attachments = [...kept, ...attachmentsFrom(store, channelId, files)];
  return fields;
}

function asCommandList(body: unknown): RESTPutAPIApplicationCommandsJSONBody {
  return Array.isArray(body) ? (body as RESTPutAPIApplicationCommandsJSONBody) : [];
}

/** Discord's registration rules that a typo in a command definition most often breaks. */
function checkCommands(commands: RESTPutAPIApplicationCommandsJSONBody): DiscordErrorBody | null {
  const errors: Json = {};
  const nameRule = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
  const push = (index: number, field: string, text: string): void => {
    const entry = (errors[String(index)] ??= {}) as Json;
    entry[field] = { _errors: [{ code: 'APPLICATION_COMMAND_INVALID', message: text }] };
  };
  commands.forEach((command, index) => {
    const chatInput = (command.type ?? ApplicationCommandType.ChatInput) === ApplicationCommandType.ChatInput;
    if (chatInput && (!nameRule.test(command.name) || command.name !== command.name.toLowerCase())) {
      push(index, 'name', 'Command name is invalid');
    }
    const description = 'description' in command ? command.description : undefined;
    if (chatInput && (typeof description !== 'string' || description.length < 1 || description.length > 100)) {
      push(index, 'description', 'Must be between 1 and 100 in length.');
    }
    if ('options' in command && Array.isArray(command.options) && command.options.length > 25) {
      push(index, 'options', 'Must be 25 or fewer in length.');
    }
  });
  const names = commands.map((c) => `${c.type ?? 1}:${c.name}`);
  if (new Set(names).size !== names.length) {
    return formError('', 'APPLICATION_COMMANDS_DUPLICATE_NAME', 'Application command names must be unique');
  }
  return Object.keys(errors).length > 0 ? { code: 50035, message: 'Invalid Form Body', errors } : null;
}

export interface RestOptions {
  /** Discord refuses callbacks this long after the interaction was created (3 s). */
  interactionDeadlineMs: number;
}

export class RestRoutes {
  private readonly routes: Route[];

  constructor(
    private readonly store: Store,
    private readonly options: RestOptions,
  ) {
    const commands = this.commands.bind(this);
    const message = this.webhookMessage.bind(this);
    this.routes = [
      { method: 'GET', pattern: '/gateway', auth: false, handle: () => this.gateway() },
      { method: 'GET', pattern: '/gateway/bot', auth: true, handle: () => this.gatewayBot() },
      { method: 'GET', pattern: '/users/@me', auth: true, handle: () => ({ status: 200, body: store.world.botUser }) },
      { method: 'GET', pattern: '/applications/@me', auth: true, handle: () => this.applicationMe() },
      ...(['GET', 'PUT', 'POST'] as const).flatMap((method) => [
        { method, pattern: '/applications/:app/commands', auth: true, handle: commands },
        { method, pattern: '/applications/:app/guilds/:guild/commands', auth: true, handle: commands },
      ]),
      ...(['GET', 'DELETE'] as const).flatMap((method) => [
        { method, pattern: '/applications/:app/commands/:command', auth: true, handle: commands },
        { method, pattern: '/applications/:app/guilds/:guild/commands/:command', auth: true, handle: commands },
      ]),
      { method: 'POST', pattern: '/interactions/:id/:token/callback', auth: false, handle: this.callback.bind(this) },
      { method: 'POST', pattern: '/webhooks/:app/:token', auth: false, handle: this.followUp.bind(this) },
      ...(['GET', 'PATCH', 'DELETE'] as const).map((method) => ({
        method,
        pattern: '/webhooks/:app/:token/messages/:message',
        auth: false,
        handle: message,
      })),
      { method: 'POST', pattern: '/channels/:channel/messages', auth: true, handle: this.channelPost.bind(this) },
      ...(['GET', 'PATCH', 'DELETE'] as const).map((method) => ({
        method,
        pattern: '/channels/:channel/messages/:message',
        auth: true,
        handle: this.channelMessage.bind(this),
      })),
    ];
  }

  handle(req: IncomingRequest): Reply {
    let pathMatched = false;
    for (const route of this.routes) {
      const params = matchPath(route.pattern, req.path);
      if (params === null) continue;
      pathMatched = true;
      if (route.method !== req.method) continue;
      if (route.auth && !this.store.isAuthorized(req.headers['authorization'])) return UNAUTHORIZED;
      return route.handle(req, params);
    }
    return pathMatched ? METHOD_NOT_ALLOWED : NOT_FOUND;
  }

  private gateway(): Reply {
    return { status: 200, body: { url: this.store.world.gatewayUrl } };
  }

  private gatewayBot(): Reply {
    return {
      status: 200,
      body: {
        url: this.store.world.gatewayUrl,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 },
      },
    };
  }

  private applicationMe(): Reply {
    return { status: 200, body: application(this.store.world.applicationId, this.store.world.botUser) };
  }

  private commands(req: IncomingRequest, params: Params): Reply {
    if (params['app'] !== this.store.world.applicationId) return apiError(403, 50001, 'Missing Access');
    const guildId = params['guild'];
    if (guildId !== undefined && !this.store.world.guilds.some((g) => g.id === guildId)) {
      return apiError(403, 50001, 'Missing Access');
    }
    const current = this.store.commandsFor(guildId);
    const commandId = params['command'];
    const appId = this.store.world.applicationId;
    if (commandId !== undefined) {
      const found = current.find((c) => c.id === commandId);
      if (!found) return apiError(404, 10063, 'Unknown application command');
      if (req.method === 'GET') return { status: 200, body: found };
      this.store.setCommands(
        guildId,
        current.filter((c) => c.id !== commandId),
      );
      return { status: 204 };
    }
    if (req.method === 'GET') return { status: 200, body: current };
    const incoming = req.method === 'PUT' ? asCommandList(req.body) : [req.body as RESTPutAPIApplicationCommandsJSONBody[number]];
    const problem = checkCommands(incoming);
    if (problem) return invalid(problem);
    // Discord keeps a command's id when a command with the same name and type is overwritten.
    const sameAs = (definition: RESTPutAPIApplicationCommandsJSONBody[number]) => (c: APIApplicationCommand) =>
      c.name === definition.name && c.type === (definition.type ?? ApplicationCommandType.ChatInput);
    const stored = incoming.map((definition) => applicationCommand(definition, appId, guildId, current.find(sameAs(definition))?.id));
    if (req.method === 'PUT') {
      this.store.setCommands(guildId, stored);
      return { status: 200, body: stored };
    }
    const [created] = stored;
    if (created === undefined) return invalid({ code: 50035, message: 'Invalid Form Body' });
    const existed = current.some((c) => c.id === created.id);
    this.store.setCommands(guildId, [...current.filter((c) => c.id !== created.id), created]);
    return { status: existed ? 200 : 201, body: created };
  }

  private callback(req: IncomingRequest, params: Params): Reply {
    const record = this.store.interactions.get(params['id'] ?? '');
    if (!record || record.token !== params['token']) return UNKNOWN_INTERACTION;
    // Past the deadline Discord has already shown "The application did not respond" and forgets the interaction.
    if (performance.now() - record.sentAt > this.options.interactionDeadlineMs) return UNKNOWN_INTERACTION;
    if (record.callbackType !== null) return ALREADY_ACKNOWLEDGED;
    const body = isRecord(req.body) ? req.body : {};
    const type = body['type'];
    const allowed = ALLOWED_CALLBACKS[record.type] ?? [];
    if (typeof type !== 'number' || !allowed.includes(type)) {
      const text = `Callback type ${String(type)} is not valid for interaction type ${record.type}`;
      return invalid(formError('type', 'INTERACTION_RESPONSE_TYPE_INVALID', text));
    }
    const data = body['data'];
    const answer = this.applyCallback(record, type, data, req.files);
    if ('status' in answer) return answer;
    record.callbackType = type;
    if (req.query['with_response'] !== 'true') return { status: 204 };
    const original = record.originalMessageId === null ? undefined : this.store.messages.get(record.originalMessageId);
    return {
      status: 200,
      body: {
        interaction: {
          id: record.id,
          type: record.type,
          response_message_id: original?.id ?? null,
          response_message_loading: type === Number(InteractionResponseType.DeferredChannelMessageWithSource),
          response_message_ephemeral: original ? ((original.flags ?? 0) & MessageFlags.Ephemeral) !== 0 : false,
        },
        resource: answer.message ? { type, message: answer.message } : { type },
      },
    };
  }

  /** Validates and performs a callback; returns the error reply, or the message it created or changed. */
  private applyCallback(
    record: InteractionRecord,
    type: InteractionResponseType,
    data: unknown,
    files: CapturedFile[],
  ): Reply | { message: APIMessage | undefined } {
    switch (type) {
      case InteractionResponseType.ChannelMessageWithSource: {
        const problem = checkMessage(data, true, files.length, 'data.');
        if (problem) return invalid(problem);
        return { message: this.createOriginal(record, this.content(record, data, files, undefined)) };
      }
      case InteractionResponseType.DeferredChannelMessageWithSource: {
        const requested = isRecord(data) && typeof data['flags'] === 'number' ? data['flags'] : 0;
        const ephemeral = requested & MessageFlags.Ephemeral;
        return { message: this.createOriginal(record, { flags: ephemeral | MessageFlags.Loading }) };
      }
      case InteractionResponseType.DeferredMessageUpdate:
      case InteractionResponseType.UpdateMessage: {
        const source = record.sourceMessage;
        if (!source) return UNKNOWN_MESSAGE;
        const problem = type === InteractionResponseType.UpdateMessage ? checkMessage(data, false, files.length, 'data.') : null;
        if (problem) return invalid(problem);
        const stored = this.store.messages.get(source.id) ?? source;
        const updated =
          type === InteractionResponseType.UpdateMessage
            ? { ...stored, ...this.content(record, data, files, stored), edited_timestamp: new Date().toISOString() }
            : stored;
        this.store.messages.set(updated.id, updated);
        record.originalMessageId = updated.id;
        return { message: updated };
      }
      case InteractionResponseType.ApplicationCommandAutocompleteResult: {
        const problem = checkAutocomplete(data);
        return problem ? invalid(problem) : { message: undefined };
      }
      case InteractionResponseType.Modal: {
        const problem = checkModal(data);
        if (problem) return invalid(problem);
        record.modal = data as APIModalInteractionResponseCallbackData;
        return { message: undefined };
      }
      default:
        return invalid({ code: 50035, message: 'Invalid Form Body' });
    }
  }

  /** The channel an interaction happened in: where its messages, and their attachments, live. */
  private channelOf(record: InteractionRecord): string {
    return record.payload.channel_id ?? record.payload.channel?.id ?? this.store.world.guilds[0]?.channelId ?? '0';
  }

  private content(record: InteractionRecord, body: unknown, files: CapturedFile[], existing: APIMessage | undefined): MessageContent {
    return contentFrom(this.store, this.channelOf(record), body, files, existing);
  }

  private createOriginal(record: InteractionRecord, content: MessageContent): APIMessage {
    const created = this.webhookMessageFor(record, content);
    record.originalMessageId = created.id;
    return created;
  }

  private webhookMessageFor(record: InteractionRecord, content: MessageContent): APIMessage {
    const { world } = this.store;
    const created = message({
      ...content,
      channelId: this.channelOf(record),
      author: world.botUser,
      webhookId: world.applicationId,
      applicationId: world.applicationId,
    });
    this.store.messages.set(created.id, created);
    return created;
  }

  /** Resolves the interaction behind an interaction webhook, or the error Discord gives for a bad one. */
  private webhookInteraction(params: Params): InteractionRecord | Reply {
    if (params['app'] !== this.store.world.applicationId) return UNKNOWN_WEBHOOK;
    const record = this.store.interactionsByToken.get(params['token'] ?? '');
    return record ?? INVALID_WEBHOOK_TOKEN;
  }

  private followUp(req: IncomingRequest, params: Params): Reply {
    const record = this.webhookInteraction(params);
    if ('status' in record) return record;
    // The interaction webhook only exists once the interaction has been acknowledged.
    if (record.callbackType === null) return UNKNOWN_WEBHOOK;
    const problem = checkMessage(req.body, true, req.files.length);
    if (problem) return invalid(problem);
    const created = this.webhookMessageFor(record, this.content(record, req.body, req.files, undefined));
    record.followUpIds.push(created.id);
    return req.query['wait'] === 'true' ? { status: 200, body: created } : { status: 204 };
  }

  /**
   * A channel the bot may post in, or Discord's refusal: 404 for a channel it cannot find (deleted, or of a server it
   * is not in), 403 where an overwrite denies it, 400 for a category or forum (posts there are threads).
   */
  private postableChannel(channelId: string | undefined): Reply | null {
    const guild = this.store.world.guilds.find((g) => g.botIsMember && g.channels.some((c) => c.id === channelId));
    const channel = guild?.channels.find((c) => c.id === channelId);
    if (!channel) return UNKNOWN_CHANNEL;
    if (!channel.botCanPost) return MISSING_ACCESS;
    if (channel.type === ChannelType.GuildCategory || channel.type === ChannelType.GuildForum) return NOT_TEXT;
    return null;
  }

  /** `POST /channels/{id}/messages`: the bot posts a message of its own (not an interaction reply). */
  private channelPost(req: IncomingRequest, params: Params): Reply {
    const channelId = params['channel'] ?? '';
    const refused = this.postableChannel(channelId);
    if (refused) return refused;
    const problem = checkMessage(req.body, true, req.files.length);
    if (problem) return invalid(problem);
    const created = message({
      ...contentFrom(this.store, channelId, req.body, req.files, undefined),
      channelId,
      author: this.store.world.botUser,
    });
    this.store.messages.set(created.id, created);
    return { status: 200, body: created };
  }

  /** `GET`, `PATCH` (edit) and `DELETE` of one of the bot's own channel messages. */
  private channelMessage(req: IncomingRequest, params: Params): Reply {
    const channelId = params['channel'] ?? '';
    const refused = this.postableChannel(channelId);
    if (refused) return refused;
    const existing = this.store.messages.get(params['message'] ?? '');
    if (!existing || existing.channel_id !== channelId) return UNKNOWN_MESSAGE;
    if (req.method === 'GET') return { status: 200, body: existing };
    if (existing.author.id !== this.store.world.botUser.id) return apiError(403, 50005, 'Cannot edit a message authored by another user');
    if (req.method === 'DELETE') {
      this.store.messages.delete(existing.id);
      return { status: 204 };
    }
    const problem = checkMessage(req.body, false, req.files.length);
    if (problem) return invalid(problem);
    const updated: APIMessage = {
      ...existing,
      ...contentFrom(this.store, channelId, req.body, req.files, existing),
      edited_timestamp: new Date().toISOString(),
    };
    this.store.messages.set(updated.id, updated);
    return { status: 200, body: updated };
  }

  private webhookMessage(req: IncomingRequest, params: Params): Reply {
    const record = this.webhookInteraction(params);
    if ('status' in record) return record;
    const wanted = params['message'];
    const id = wanted === '@original' ? record.originalMessageId : wanted;
    const owned = id !== null && id !== undefined && (id === record.originalMessageId || record.followUpIds.includes(id));
    const existing = owned ? this.store.messages.get(id) : undefined;
    if (!existing) return UNKNOWN_MESSAGE;
    if (req.method === 'GET') return { status: 200, body: existing };
    if (req.method === 'DELETE') {
      this.store.messages.delete(existing.id);
      return { status: 204 };
    }
    const problem = checkMessage(req.body, false, req.files.length);
    if (problem) return invalid(problem);
    const changes = this.content(record, req.body, req.files, existing);
    // Editing a deferred reply replaces the "thinking…" placeholder; only the ephemeral bit survives from it.
    const ephemeral = (existing.flags ?? 0) & MessageFlags.Ephemeral;
    const flags = ((changes.flags ?? existing.flags ?? 0) & ~MessageFlags.Loading) | ephemeral;
    const updated: APIMessage = { ...existing, ...changes, flags, edited_timestamp: new Date().toISOString() };
    this.store.messages.set(updated.id, updated);
    return { status: 200, body: updated };
  }
}
