/**
 * The emulator's guilds as a bare discord.js Client sees them: extra channels and roles, the bot's own channel
 * messages (post, edit, and Discord's refusals), and the guild events of a server changing around the bot.
 */
import { once } from 'node:events';
import {
  ApplicationCommandOptionType,
  ChannelType,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  type Interaction,
  PermissionFlagsBits,
  Routes,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DiscordEmulator, startEmulator } from './discord-emulator/index.js';

const GUILD = '500000000000000001';
const GENERAL = '510000000000000001';
const LOG = '510000000000000002';
const HIDDEN = '510000000000000003';
const NEWS = '510000000000000004';
const DOOMED = '510000000000000005';
const MODS = '520000000000000001';
const OTHER_ROLE = '520000000000000002';
const SECOND = '500000000000000002';

describe('Discord emulator: channels, roles and guild events', () => {
  let emu: DiscordEmulator;
  let client: Client;
  const seen: Interaction[] = [];

  beforeAll(async () => {
    emu = await startEmulator({
      token: 'test-token',
      guilds: [
        {
          id: GUILD,
          channelId: GENERAL,
          channels: [
            { id: LOG, name: 'mod-log' },
            { id: HIDDEN, name: 'private', botCanPost: false },
            { id: NEWS, name: 'news', type: ChannelType.GuildAnnouncement },
            { id: DOOMED, name: 'doomed' },
          ],
          roles: [
            { id: MODS, name: 'Mods' },
            { id: OTHER_ROLE, name: 'Readers' },
          ],
        },
        { id: SECOND },
      ],
    });
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: emu.apiBase } });
    client.on(Events.InteractionCreate, (interaction) => {
      seen.push(interaction);
      if (interaction.isChatInputCommand()) void interaction.reply('ok');
    });
    const ready = once(client, Events.ClientReady);
    await client.login(emu.token);
    await ready;
  });

  afterAll(async () => {
    await client.destroy();
    await emu.close();
  });

  it('sends every channel and role in GUILD_CREATE, with the overwrite that keeps the bot out of one channel', () => {
    const guild = client.guilds.cache.get(GUILD)!;
    expect([...guild.channels.cache.keys()].sort()).toEqual([GENERAL, LOG, HIDDEN, NEWS, DOOMED].sort());
    expect(guild.channels.cache.get(NEWS)?.type).toBe(ChannelType.GuildAnnouncement);
    expect(guild.roles.cache.get(MODS)?.name).toBe('Mods');
    const me = guild.members.me!;
    expect(
      guild.channels.cache
        .get(LOG)!
        .permissionsFor(me)
        .has(PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks),
    ).toBe(true);
    expect(guild.channels.cache.get(HIDDEN)!.permissionsFor(me).has(PermissionFlagsBits.ViewChannel)).toBe(false);
  });

  it('lets the bot post in a channel and edit its post, and answers like Discord where it cannot', async () => {
    const posted = (await client.rest.post(Routes.channelMessages(LOG), { body: { embeds: [{ title: 'Case #1' }] } })) as { id: string };
    expect(emu.channelMessages(LOG).map((m) => m.embeds[0]?.title)).toEqual(['Case #1']);
    await client.rest.patch(Routes.channelMessage(LOG, posted.id), { body: { embeds: [{ title: 'Case #1 (edited)' }] } });
    expect(emu.channelMessages(LOG)).toMatchObject([
      { id: posted.id, embeds: [{ title: 'Case #1 (edited)' }], edited_timestamp: expect.any(String) as string },
    ]);

    const refusal = async (work: Promise<unknown>) => {
      const error = await work.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DiscordAPIError);
      return { status: (error as DiscordAPIError).status, code: (error as DiscordAPIError).code };
    };
    expect(await refusal(client.rest.post(Routes.channelMessages(HIDDEN), { body: { content: 'x' } }))).toEqual({
      status: 403,
      code: 50001,
    });
    expect(await refusal(client.rest.post(Routes.channelMessages('519999999999999999'), { body: { content: 'x' } }))).toEqual({
      status: 404,
      code: 10003,
    });
    expect(await refusal(client.rest.post(Routes.channelMessages(LOG), { body: {} }))).toEqual({ status: 400, code: 50006 });
    emu.deleteMessage(posted.id);
    expect(await refusal(client.rest.patch(Routes.channelMessage(LOG, posted.id), { body: { content: 'x' } }))).toEqual({
      status: 404,
      code: 10008,
    });
  });

  it('resolves channel and role options in the interaction, as Discord does', async () => {
    await client.rest.put(Routes.applicationCommands(emu.applicationId), {
      body: [
        {
          name: 'pick',
          description: 'Pick a channel and a role',
          options: [
            { type: ApplicationCommandOptionType.Channel, name: 'channel', description: 'A channel' },
            { type: ApplicationCommandOptionType.Role, name: 'role', description: 'A role' },
          ],
        },
      ],
    });
    const sent = emu.command('pick', { channel: NEWS, role: MODS });
    await sent.response;
    const interaction = seen.find((i) => i.id === sent.id);
    expect(interaction?.isChatInputCommand()).toBe(true);
    if (!interaction?.isChatInputCommand()) return;
    expect(interaction.options.getChannel('channel')).toMatchObject({ id: NEWS, type: ChannelType.GuildAnnouncement });
    expect(interaction.options.getRole('role')).toMatchObject({ id: MODS, name: 'Mods' });
  });

  it('deletes channels and roles with their gateway events; posting in a deleted channel answers 404', async () => {
    const guild = client.guilds.cache.get(GUILD)!;
    const channelGone = once(client, Events.ChannelDelete);
    emu.deleteChannel(DOOMED);
    await channelGone;
    expect(guild.channels.cache.has(DOOMED)).toBe(false);
    const roleGone = once(client, Events.GuildRoleDelete);
    emu.deleteRole(OTHER_ROLE);
    await roleGone;
    expect(guild.roles.cache.has(OTHER_ROLE)).toBe(false);
    await expect(client.rest.post(Routes.channelMessages(DOOMED), { body: { content: 'x' } })).rejects.toMatchObject({
      status: 404,
      code: 10003,
    });
  });

  it('removes the bot from a guild and adds it back, with the guild as it is now', async () => {
    const left = once(client, Events.GuildDelete);
    emu.removeBotFromGuild(SECOND);
    await left;
    expect(client.guilds.cache.has(SECOND)).toBe(false);
    const joined = once(client, Events.GuildCreate);
    emu.addBotToGuild(SECOND);
    await joined;
    expect(client.guilds.cache.get(SECOND)?.available).toBe(true);
  });
});
