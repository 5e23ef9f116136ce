/**
 * Proves the Discord emulator against a bare, unmodified discord.js Client over real sockets: if these pass, the
 * bot's end-to-end tests exercise the same library code paths production does.
 */
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import {
  type ChatInputCommandInteraction,
  Client,
  DiscordAPIError,
  EmbedBuilder,
  Events,
  GatewayIntentBits,
  type Interaction,
  InteractionResponseType,
  MessageFlags,
  Routes,
} from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type CapturedRequest, type DiscordEmulator, startEmulator } from './discord-emulator/index.js';

type CommandHandler = (interaction: ChatInputCommandInteraction) => Promise<unknown>;

/** The bare client's commands: just enough to make it use each response route once. */
const commandHandlers = new Map<string, CommandHandler>([
  ['embed', (i) => i.reply({ embeds: [new EmbedBuilder().setTitle('Hello').setDescription('World')] })],
  [
    'defer',
    async (i) => {
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      await i.editReply('done');
    },
  ],
  [
    'follow',
    async (i) => {
      await i.reply('first');
      await i.followUp('second');
    },
  ],
  ['roll', (i) => i.reply(`rolled a d${i.options.getInteger('sides', true)}`)],
  ['too-long', (i) => i.reply('x'.repeat(2001))],
  ['file', (i) => i.reply({ content: 'see file', files: [{ attachment: Buffer.from('hello'), name: 'note.txt' }] })],
]);

/** A discord.js Client wired to the emulator; `errors` collects whatever its handlers threw. */
interface BareClient {
  client: Client;
  errors: unknown[];
}

function createBareClient(emu: DiscordEmulator): BareClient {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: emu.apiBase } });
  const errors: unknown[] = [];
  client.on(Events.InteractionCreate, (interaction: Interaction) => {
    void respond(interaction).catch((error: unknown) => errors.push(error));
  });
  return { client, errors };
}

async function respond(interaction: Interaction): Promise<unknown> {
  if (interaction.isChatInputCommand()) {
    const handler = commandHandlers.get(interaction.commandName);
    if (!handler) throw new Error(`no handler for /${interaction.commandName}`);
    return handler(interaction);
  }
  if (interaction.isAutocomplete()) {
    const typed = interaction.options.getFocused();
    return interaction.respond([{ name: `${typed}-suggestion`, value: `${typed}-suggestion` }]);
  }
  if (interaction.isButton()) return interaction.update({ content: `pressed ${interaction.customId}`, components: [] });
  if (interaction.isMessageContextMenuCommand()) return interaction.reply(`> ${interaction.targetMessage.content}`);
  if (interaction.isModalSubmit()) return interaction.reply(interaction.fields.getTextInputValue('question'));
  throw new Error(`unexpected interaction type ${interaction.type}`);
}

async function login(bare: BareClient, emu: DiscordEmulator): Promise<void> {
  const ready = once(bare.client, Events.ClientReady);
  await bare.client.login(emu.token);
  await ready;
}

function callbacksOf(emu: DiscordEmulator, interaction: { id: string; token: string }): CapturedRequest[] {
  return emu.requests.filter((r) => r.path === `/interactions/${interaction.id}/${interaction.token}/callback`);
}

describe('Discord emulator with a bare discord.js Client', () => {
  let emu: DiscordEmulator;
  let bare: BareClient;
  let loginMs: number;

  beforeAll(async () => {
    emu = await startEmulator({ token: 'test-token' });
    bare = createBareClient(emu);
    const started = performance.now();
    await login(bare, emu);
    loginMs = performance.now() - started;
  });

  afterEach(() => {
    expect(bare.errors).toEqual([]);
  });

  afterAll(async () => {
    await bare.client.destroy();
    await emu.close();
  });

  it('gets the client to clientReady quickly, with the guild from GUILD_CREATE cached', async () => {
    // Without a GUILD_CREATE discord.js would wait out waitGuildTimeout (15 s) first.
    expect(loginMs).toBeLessThan(5000);
    expect(emu.identifyCount).toBe(1);
    expect(emu.lastIdentify).toMatchObject({ token: 'test-token', intents: GatewayIntentBits.Guilds, shard: [0, 1] });
    expect(bare.client.user?.id).toBe(emu.applicationId);
    expect(bare.client.application?.id).toBe(emu.applicationId);
    const guild = bare.client.guilds.cache.get(emu.guildId);
    expect(guild?.available).toBe(true);
    expect(guild?.roles.everyone.id).toBe(emu.guildId);
    expect(guild?.channels.cache.get(emu.channelId)?.isTextBased()).toBe(true);
    await expect(emu.waitForRequest('GET /gateway/bot')).resolves.toMatchObject({
      status: 200,
      headers: { authorization: 'Bot test-token' },
    });
  });

  it('captures an embed reply as a type 4 callback without an Authorization header', async () => {
    const sent = emu.command('embed');
    const callback = await sent.response;
    expect(callback.method).toBe('POST');
    expect(callback.status).toBe(204);
    expect(callback.headers['authorization']).toBeUndefined();
    expect(callback.body).toMatchObject({
      type: InteractionResponseType.ChannelMessageWithSource,
      data: { embeds: [{ title: 'Hello', description: 'World' }] },
    });
    expect(emu.originalMessage(sent)?.embeds[0]?.title).toBe('Hello');
  });

  it('routes deferReply + editReply to PATCH @original', async () => {
    const sent = emu.command('defer');
    const deferred = await sent.response;
    expect(deferred.body).toEqual({
      type: InteractionResponseType.DeferredChannelMessageWithSource,
      data: { flags: MessageFlags.Ephemeral },
    });
    const edit = await emu.waitForRequest(
      (r) => r.method === 'PATCH' && r.path === `/webhooks/${emu.applicationId}/${sent.token}/messages/@original`,
    );
    expect(edit.status).toBe(200);
    expect(edit.body).toMatchObject({ content: 'done' });
    const original = emu.originalMessage(sent);
    expect(original?.content).toBe('done');
    // The "thinking…" flag is gone after the edit; the ephemeral flag stays.
    expect(original?.flags).toBe(MessageFlags.Ephemeral);
  });

  it('routes followUp to POST /webhooks/{app}/{token}?wait=true', async () => {
    const sent = emu.command('follow');
    await sent.response;
    const followUp = await emu.waitForRequest(`POST /webhooks/${emu.applicationId}/${sent.token}`);
    expect(followUp.query).toMatchObject({ wait: 'true' });
    expect(followUp.status).toBe(200);
    expect(followUp.body).toMatchObject({ content: 'second' });
    await expect.poll(() => emu.followUps(sent).map((m) => m.content)).toEqual(['second']);
  });

  it('lets discord.js retry a callback after an injected 500', async () => {
    emu.failNext('POST /interactions/:id/:token/callback', { status: 500 });
    const sent = emu.command('embed');
    await sent.response;
    expect(callbacksOf(emu, sent).map((r) => r.status)).toEqual([500, 204]);
  });

  it('lets discord.js wait out an injected 429 on the webhook route and retry', async () => {
    emu.failNext('POST /webhooks/:app/:token', { status: 429, retryAfter: 0.3 });
    const sent = emu.command('follow');
    const path = `/webhooks/${emu.applicationId}/${sent.token}`;
    await emu.waitForRequest((r) => r.method === 'POST' && r.path === path && r.status === 200);
    const attempts = emu.requests.filter((r) => r.method === 'POST' && r.path === path);
    expect(attempts.map((r) => r.status)).toEqual([429, 200]);
    expect(attempts[0]?.responseBody).toEqual({
      message: 'You are being rate limited.',
      retry_after: 0.3,
      global: false,
    });
    const [limited, retried] = attempts;
    // discord.js sleeps retry_after (plus its 50 ms offset) before retrying.
    expect((retried?.receivedAt ?? 0) - (limited?.receivedAt ?? 0)).toBeGreaterThanOrEqual(290);
  });

  it('types options from the registered command and serves GET of the stored commands', async () => {
    const body = [
      {
        name: 'roll',
        description: 'Roll a die',
        options: [{ name: 'sides', description: 'Sides', type: 4, required: true }],
      },
    ];
    const stored = (await bare.client.rest.put(Routes.applicationGuildCommands(emu.applicationId, emu.guildId), {
      body,
    })) as Array<{ id: string; name: string }>;
    expect(stored).toHaveLength(1);
    expect(emu.commands.guild()[0]).toMatchObject({ id: stored[0]?.id, name: 'roll', guild_id: emu.guildId });
    const fetched = await bare.client.application?.commands.fetch({ guildId: emu.guildId });
    expect(fetched?.map((c) => c.name)).toEqual(['roll']);

    const sent = emu.command('roll', { sides: 20 });
    expect(sent.payload.data).toMatchObject({ id: stored[0]?.id, options: [{ name: 'sides', type: 4, value: 20 }] });
    expect((await sent.response).body).toMatchObject({ data: { content: 'rolled a d20' } });
  });

  it('answers and captures routes it does not model with a JSON 404', async () => {
    await expect(bare.client.rest.get(Routes.channel(emu.channelId))).rejects.toMatchObject({ status: 404, code: 0 });
    expect(await emu.waitForRequest(`GET /channels/${emu.channelId}`)).toMatchObject({
      status: 404,
      responseBody: { message: '404: Not Found', code: 0 },
    });
  });

  it('reads payload_json and the file parts of a multipart reply', async () => {
    const sent = emu.command('file');
    const callback = await sent.response;
    expect(callback.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(callback.body).toMatchObject({
      type: InteractionResponseType.ChannelMessageWithSource,
      data: { content: 'see file' },
    });
    expect(callback.files).toEqual([
      { field: 'files[0]', name: 'note.txt', contentType: expect.any(String), size: 5, data: Buffer.from('hello') },
    ]);
    expect(emu.originalMessage(sent)?.attachments.map((a) => a.filename)).toEqual(['note.txt']);
  });

  it('answers an over-long reply with 400 Invalid Form Body, as Discord does', async () => {
    const sent = emu.command('too-long');
    const rejected = await emu.waitForRequest(`POST /interactions/${sent.id}/${sent.token}/callback`);
    expect(rejected.status).toBe(400);
    expect(rejected.responseBody).toMatchObject({
      code: 50035,
      errors: { data: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } },
    });
    await expect(sent.response).rejects.toThrow(/no accepted callback/);
    await expect.poll(() => bare.errors.length).toBe(1);
    expect(bare.errors.shift()).toBeInstanceOf(DiscordAPIError);
  });

  it('delivers a command used in a DM (user instead of member)', async () => {
    const sent = emu.command('embed', {}, { guildId: null });
    expect(sent.payload.guild_id).toBeUndefined();
    expect(sent.payload.user?.id).toBe(emu.userId);
    expect((await sent.response).status).toBe(204);
  });

  it('delivers autocomplete, button, message context menu and modal submit interactions', async () => {
    const auto = emu.autocomplete('search', { query: 'sanc' }, 'query');
    expect((await auto.response).body).toEqual({
      type: InteractionResponseType.ApplicationCommandAutocompleteResult,
      data: { choices: [{ name: 'sanc-suggestion', value: 'sanc-suggestion' }] },
    });

    const press = emu.button('more:1');
    expect((await press.response).body).toMatchObject({
      type: InteractionResponseType.UpdateMessage,
      data: { content: 'pressed more:1', components: [] },
    });
    expect(emu.originalMessage(press)?.content).toBe('pressed more:1');

    const quote = emu.messageContextMenu('Quote', 'the JCPOA was signed in 2015');
    expect((await quote.response).body).toMatchObject({ data: { content: '> the JCPOA was signed in 2015' } });

    const modal = emu.modalSubmit('ask-modal', { question: 'who mediated?' });
    expect((await modal.response).body).toMatchObject({ data: { content: 'who mediated?' } });
  });
});

describe('Discord emulator gateway resilience', () => {
  let emu: DiscordEmulator;
  let bare: BareClient;

  beforeAll(async () => {
    emu = await startEmulator({ heartbeatIntervalMs: 250 });
    bare = createBareClient(emu);
    await login(bare, emu);
  });

  afterAll(async () => {
    await bare.client.destroy();
    await emu.close();
  });

  it('acknowledges heartbeats, so the client never declares a zombie connection', async () => {
    // Several intervals: an unacknowledged beat would make discord.js reconnect on the next one.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(bare.client.ws.ping).toBeGreaterThanOrEqual(0);
    expect(emu.connectionCount).toBe(1);
  });

  it('RESUMEs after an abnormal close and replays an interaction sent while disconnected', async () => {
    const resumed = once(bare.client, Events.ShardResume);
    await emu.dropGateway(4000);
    const missed = emu.command('embed');
    await emu.waitForResume(1);
    expect((await missed.response).status).toBe(204);
    const [shardId, replayed] = (await resumed) as [number, number];
    expect(shardId).toBe(0);
    expect(replayed).toBeGreaterThanOrEqual(1);
    expect(emu.identifyCount).toBe(1);

    const after = emu.command('embed');
    expect((await after.response).status).toBe(204);
    expect(bare.errors).toEqual([]);
  });

  it('RESUMEs after the TCP connection is cut without a close frame', async () => {
    await emu.dropGateway('terminate');
    await emu.waitForResume(2);
    expect(emu.identifyCount).toBe(1);
    expect((await emu.command('embed').response).status).toBe(204);
  });
});

describe('Discord emulator authentication', () => {
  it('makes login() reject with TokenInvalid when the token is wrong', async () => {
    const emu = await startEmulator({ token: 'right-token' });
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: emu.apiBase } });
    try {
      await expect(client.login('wrong-token')).rejects.toMatchObject({ code: 'TokenInvalid' });
      expect(emu.requests.find((r) => r.path === '/gateway/bot')?.status).toBe(401);
      expect(emu.identifyCount).toBe(0);
    } finally {
      await client.destroy();
      await emu.close();
    }
  });

  it('makes login() reject after setInvalidToken(), even with the configured token', async () => {
    const emu = await startEmulator();
    emu.setInvalidToken();
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: emu.apiBase } });
    try {
      await expect(client.login(emu.token)).rejects.toMatchObject({ code: 'TokenInvalid' });
    } finally {
      await client.destroy();
      await emu.close();
    }
  });

  it('closes the gateway with 4004 when IDENTIFY carries a wrong token', async () => {
    const emu = await startEmulator();
    try {
      const socket = new WebSocket(`${emu.gatewayUrl}/?v=10&encoding=json`);
      const [hello] = (await once(socket, 'message')) as [Buffer];
      expect(JSON.parse(hello.toString())).toMatchObject({ op: 10, d: { heartbeat_interval: expect.any(Number) } });
      socket.send(JSON.stringify({ op: 2, d: { token: 'nope', intents: 1, properties: {}, shard: [0, 1] } }));
      const [code] = (await once(socket, 'close')) as [number];
      expect(code).toBe(4004);
    } finally {
      await emu.close();
    }
  });
});
