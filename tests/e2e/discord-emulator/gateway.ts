/**
 * Gateway v10 over a real WebSocket: HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeats, RESUME with replay of the
 * dispatches a dropped connection missed. JSON text frames only: discord.js compresses only when the optional
 * `zlib-sync` package is installed, and this project does not install it.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type ApplicationFlags, GatewayCloseCodes, GatewayDispatchEvents, GatewayOpcodes, type GatewayReadyDispatchData } from 'discord.js';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { guildCreate, member, NO_FLAGS } from './fixtures.js';
import { opaqueToken } from './ids.js';
import type { Store } from './store.js';

/** A close code to send, or `'terminate'` to cut the TCP connection without a close frame (the client sees 1006). */
export type DropMode = number | 'terminate';

interface Dispatch {
  op: GatewayOpcodes.Dispatch;
  t: string;
  d: unknown;
  s: number;
}

interface Session {
  id: string;
  seq: number;
  /** Sent dispatches, kept so a RESUME can replay what the client missed. */
  events: Dispatch[];
  socket: WebSocket | null;
}

/** Per-connection state: a socket belongs to at most one session, after IDENTIFY or RESUME. */
interface Connection {
  socket: WebSocket;
  session: Session | null;
}

/** How many dispatches a session keeps for replay; Discord's own buffer is finite too. */
const REPLAY_BUFFER = 1000;

export interface GatewayOptions {
  heartbeatIntervalMs: number;
  /** Called after any state change the emulator's waiters may care about. */
  onChange: () => void;
}

export interface GatewayStats {
  connectionCount: number;
  identifyCount: number;
  resumeCount: number;
  /** The close code of every connection that has ended, in order: 1000 is a client's clean close, 1006 none at all. */
  closeCodes: number[];
}

export class Gateway {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, Session>();
  private readonly connections = new Set<Connection>();
  /** The session dispatches go to: the one most recently identified or resumed. */
  private current: Session | null = null;
  readonly stats: GatewayStats = { connectionCount: 0, identifyCount: 0, resumeCount: 0, closeCodes: [] };
  /** The `d` of the last IDENTIFY, so tests can check intents and shard info. */
  lastIdentify: Record<string, unknown> | null = null;

  constructor(
    private readonly store: Store,
    private readonly options: GatewayOptions,
  ) {}

  /** Takes over an HTTP upgrade. Only `/` is the gateway, as on Discord (`wss://gateway.discord.gg/?v=10`). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    if (url.pathname !== '/' || url.searchParams.has('compress')) {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  get hasLiveSession(): boolean {
    return this.current?.socket?.readyState === WebSocket.OPEN;
  }

  /** Sends a dispatch to the current session; while its socket is down the event waits in the replay buffer. */
  dispatch(t: string, d: unknown): void {
    const session = this.current;
    if (!session) throw new Error('Discord emulator: no gateway session yet; wait for the client to IDENTIFY first');
    this.push(session, t, d);
  }

  /** Closes the current session's socket abnormally; the session stays resumable. Resolves once it is closed. */
  async drop(mode: DropMode): Promise<void> {
    const socket = this.current?.socket;
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    if (mode === 'terminate') socket.terminate();
    else socket.close(mode, 'Emulator dropped the connection');
    await closed;
  }

  /** Asks the client to reconnect and resume (op 7), as Discord does before moving a session. */
  requestReconnect(): void {
    const socket = this.current?.socket;
    if (socket?.readyState === WebSocket.OPEN) this.send(socket, { op: GatewayOpcodes.Reconnect, d: null });
  }

  async close(): Promise<void> {
    for (const { socket } of this.connections) socket.terminate();
    this.connections.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(socket: WebSocket): void {
    const connection: Connection = { socket, session: null };
    this.connections.add(connection);
    this.stats.connectionCount += 1;
    socket.on('message', (data, isBinary) => this.receive(connection, data, isBinary));
    socket.on('close', (code) => {
      this.stats.closeCodes.push(code);
      this.connections.delete(connection);
      if (connection.session?.socket === socket) connection.session.socket = null;
      this.options.onChange();
    });
    // A client error (e.g. ECONNRESET on terminate) must not become an unhandled 'error' event.
    socket.on('error', () => undefined);
    this.send(socket, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.options.heartbeatIntervalMs } });
  }

  private send(socket: WebSocket, payload: object): void {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(payload));
  }

  private push(session: Session, t: string, d: unknown): void {
    session.seq += 1;
    const event: Dispatch = { op: GatewayOpcodes.Dispatch, t, d, s: session.seq };
    session.events.push(event);
    if (session.events.length > REPLAY_BUFFER) session.events.shift();
    if (session.socket) this.send(session.socket, event);
  }

  private receive(connection: Connection, data: RawData, isBinary: boolean): void {
    const { socket } = connection;
    let payload: { op?: unknown; d?: unknown };
    try {
      if (isBinary) throw new Error('binary frame');
      payload = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8')) as {
        op?: unknown;
        d?: unknown;
      };
    } catch {
      socket.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    const d = typeof payload.d === 'object' && payload.d !== null ? (payload.d as Record<string, unknown>) : {};
    switch (payload.op) {
      case GatewayOpcodes.Heartbeat:
        this.send(socket, { op: GatewayOpcodes.HeartbeatAck });
        return;
      case GatewayOpcodes.Identify:
        this.identify(connection, d);
        return;
      case GatewayOpcodes.Resume:
        this.resume(connection, d);
        return;
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
      case GatewayOpcodes.RequestGuildMembers:
        if (!connection.session) {
          socket.close(GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
          return;
        }
        if (payload.op === GatewayOpcodes.RequestGuildMembers) this.guildMembers(connection.session, d);
        return;
      default:
        socket.close(GatewayCloseCodes.UnknownOpcode, 'Unknown opcode.');
    }
  }

  private tokenIsValid(token: unknown): boolean {
    return this.store.tokenValid && token === this.store.world.token;
  }

  private identify(connection: Connection, d: Record<string, unknown>): void {
    const { socket } = connection;
    if (connection.session) {
      socket.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
      return;
    }
    if (!this.tokenIsValid(d['token'])) {
      socket.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return;
    }
    this.lastIdentify = d;
    const { world } = this.store;
    const session: Session = { id: opaqueToken('session'), seq: 0, events: [], socket };
    this.sessions.set(session.id, session);
    connection.session = session;
    this.current = session;
    const shard = Array.isArray(d['shard']) ? (d['shard'] as [number, number]) : [0, 1];
    const ready: GatewayReadyDispatchData = {
      v: 10,
      user: world.botUser,
      guilds: world.guilds.filter((g) => g.botIsMember).map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: world.gatewayUrl,
      shard: [shard[0] ?? 0, shard[1] ?? 1],
      application: { id: world.applicationId, flags: NO_FLAGS as ApplicationFlags, flags_new: '0' },
    };
    this.push(session, GatewayDispatchEvents.Ready, ready);
    for (const guild of world.guilds.filter((g) => g.botIsMember)) {
      this.push(session, GatewayDispatchEvents.GuildCreate, guildCreate(guild, world.botUser, world.testUser));
    }
    this.stats.identifyCount += 1;
    this.options.onChange();
  }

  private resume(connection: Connection, d: Record<string, unknown>): void {
    const { socket } = connection;
    if (!this.tokenIsValid(d['token'])) {
      socket.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return;
    }
    const session = this.sessions.get(String(d['session_id']));
    const seq = typeof d['seq'] === 'number' ? d['seq'] : -1;
    const oldest = session?.events[0]?.s ?? 1;
    if (!session || seq > session.seq || seq < oldest - 1) {
      // Not resumable: the client must IDENTIFY again (discord.js does so after op 9 with d=false).
      this.send(socket, { op: GatewayOpcodes.InvalidSession, d: false });
      return;
    }
    if (session.socket && session.socket !== socket) session.socket.terminate();
    session.socket = socket;
    connection.session = session;
    this.current = session;
    for (const event of session.events) if (event.s > seq) this.send(socket, event);
    this.push(session, GatewayDispatchEvents.Resumed, {});
    this.stats.resumeCount += 1;
    this.options.onChange();
  }

  /** Answers op 8 with every member in one chunk, so `guild.members.fetch()` resolves instead of timing out. */
  private guildMembers(session: Session, d: Record<string, unknown>): void {
    const { world } = this.store;
    const guild = world.guilds.find((g) => g.id === d['guild_id']);
    if (!guild) return;
    const members = [world.botUser, world.testUser].map((u) => member(u, guild.joinedAt));
    const chunk: Record<string, unknown> = {
      guild_id: guild.id,
      members,
      chunk_index: 0,
      chunk_count: 1,
      not_found: [],
    };
    if (typeof d['nonce'] === 'string') chunk['nonce'] = d['nonce'];
    this.push(session, GatewayDispatchEvents.GuildMembersChunk, chunk);
  }
}
