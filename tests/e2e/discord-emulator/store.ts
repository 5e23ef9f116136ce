/** The emulator's memory: the identities it was started with and what the bot has done to it since. */
import type {
  APIApplicationCommand,
  APIInteraction,
  APIMessage,
  APIModalInteractionResponseCallbackData,
  APIUser,
  InteractionResponseType,
} from 'discord.js';
import type { GuildState } from './fixtures.js';
import type { GatewayInteractionType } from './interactions.js';

/** Who is who: fixed when the emulator starts. */
export interface World {
  token: string;
  applicationId: string;
  botUser: APIUser;
  testUser: APIUser;
  guilds: readonly GuildState[];
  /** Filled in once the server listens. */
  gatewayUrl: string;
  /** Where attachments are served, `http://127.0.0.1:PORT` (Discord's CDN, in production). Filled in with gatewayUrl. */
  cdnBase: string;
}

/** A file the emulator serves at `GET /attachments/...`: one the bot uploaded, or one a test attached. */
export interface HostedFile {
  data: Buffer;
  contentType: string;
  /** Wait this long before answering (a slow CDN). */
  delayMs: number;
}

/** One interaction sent to the bot, and how the bot has answered it so far. */
export interface InteractionRecord {
  id: string;
  token: string;
  type: GatewayInteractionType;
  payload: APIInteraction;
  /** `performance.now()` when the INTERACTION_CREATE went out; Discord's 3 s deadline counts from here. */
  sentAt: number;
  /** The accepted callback's type, or null while unanswered. */
  callbackType: InteractionResponseType | null;
  /** The message `@original` refers to: the reply, the deferred placeholder, or the component's own message. */
  originalMessageId: string | null;
  followUpIds: string[];
  /** For components: the message the component sits on (what type 6/7 callbacks act upon). */
  sourceMessage: APIMessage | undefined;
  /** The modal the bot opened in answer (callback type 9), to be filled in and submitted by `submitModal`. */
  modal?: APIModalInteractionResponseCallbackData;
}

export class Store {
  readonly interactions = new Map<string, InteractionRecord>();
  readonly interactionsByToken = new Map<string, InteractionRecord>();
  readonly messages = new Map<string, APIMessage>();
  /** Files served at their URL's path (`/attachments/<channel>/<id>/<name>`). */
  readonly files = new Map<string, HostedFile>();
  globalCommands: APIApplicationCommand[] = [];
  readonly guildCommands = new Map<string, APIApplicationCommand[]>();
  /** False after `setInvalidToken()`: every authenticated route answers 401 and IDENTIFY is closed with 4004. */
  tokenValid = true;

  constructor(readonly world: World) {}

  addInteraction(record: InteractionRecord): void {
    this.interactions.set(record.id, record);
    this.interactionsByToken.set(record.token, record);
  }

  commandsFor(guildId: string | undefined): APIApplicationCommand[] {
    return guildId === undefined ? this.globalCommands : (this.guildCommands.get(guildId) ?? []);
  }

  setCommands(guildId: string | undefined, commands: APIApplicationCommand[]): void {
    if (guildId === undefined) this.globalCommands = commands;
    else this.guildCommands.set(guildId, commands);
  }

  /** A registered command by name, guild commands first, as Discord shows them to a user in that guild. */
  findCommand(name: string, guildId: string | undefined): APIApplicationCommand | undefined {
    const inGuild = guildId === undefined ? undefined : this.guildCommands.get(guildId)?.find((c) => c.name === name);
    return inGuild ?? this.globalCommands.find((c) => c.name === name);
  }

  /** Serves `data` at a new attachment URL and returns the attachment object Discord would send. */
  hostFile(channelId: string, id: string, name: string, file: HostedFile): { url: string; path: string } {
    // Kept under the decoded path, which is what requests are matched on.
    const path = `/attachments/${channelId}/${id}/${name}`;
    this.files.set(path, file);
    return { url: `${this.world.cdnBase}/attachments/${channelId}/${id}/${encodeURIComponent(name)}`, path };
  }

  isAuthorized(authorization: string | undefined): boolean {
    return this.tokenValid && authorization === `Bot ${this.world.token}`;
  }
}
