/** `npm run deploy-commands` as a real process against the emulator: guild-scoped or global, and idempotent. */
import { ApplicationCommandOptionType, ApplicationCommandType, ChannelType, InteractionContextType, PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DiscordEmulator, startEmulator } from './discord-emulator/index.js';
import { TEST_TOKEN } from './helpers/bot.js';
import { runScript } from './helpers/process.js';

const DEPLOY = 'src/cli/deploy-commands.ts';
const NAMES = ['ask', 'quote', 'sources', 'help', 'Ask the corpus', 'note', 'Save as note', 'config', 'stats'];

describe('deploy-commands', () => {
  let emu: DiscordEmulator;

  beforeAll(async () => {
    emu = await startEmulator({ token: TEST_TOKEN });
  });

  afterAll(async () => {
    await emu?.close();
  });

  const deploy = (extra: Record<string, string> = {}) =>
    runScript(DEPLOY, { DISCORD_TOKEN: TEST_TOKEN, DISCORD_APP_ID: emu.applicationId, DISCORD_API_BASE: emu.apiBase, ...extra });

  function puts(path: string) {
    return emu.requests.filter((r) => r.method === 'PUT' && r.path === path);
  }

  it('registers the nine commands in the development guild when DISCORD_DEV_GUILD_ID is set', async () => {
    const result = await deploy({ DISCORD_DEV_GUILD_ID: emu.guildId });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`Registered 9 commands in server ${emu.guildId}: ${NAMES.join(', ')}\n`);

    const [put] = puts(`/applications/${emu.applicationId}/guilds/${emu.guildId}/commands`);
    expect(put).toMatchObject({ status: 200, headers: { authorization: `Bot ${TEST_TOKEN}` } });
    expect(emu.commands.guild().map((c) => c.name)).toEqual(NAMES);
    expect(emu.commands.global).toEqual([]);
    expect(result.stdout + result.stderr).not.toContain(TEST_TOKEN);
  });

  it('registers them globally without DISCORD_DEV_GUILD_ID', async () => {
    const result = await deploy();
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`Registered 9 commands globally: ${NAMES.join(', ')}\n`);
    expect(puts(`/applications/${emu.applicationId}/commands`)).toHaveLength(1);
    expect(emu.commands.global.map((c) => c.name)).toEqual(NAMES);
  });

  it('registers what the handlers expect: option types, required flags, autocomplete, limits, a message command', () => {
    const byName = new Map(emu.commands.global.map((c) => [c.name, c]));
    expect(byName.get('ask')).toMatchObject({
      type: ApplicationCommandType.ChatInput,
      options: [
        { name: 'question', type: ApplicationCommandOptionType.String, required: true, autocomplete: true, max_length: 300 },
        { name: 'private', type: ApplicationCommandOptionType.Boolean, required: false },
      ],
    });
    expect(byName.get('quote')).toMatchObject({
      options: [
        { name: 'document', type: ApplicationCommandOptionType.String, required: true, autocomplete: true },
        { name: 'paragraph', type: ApplicationCommandOptionType.Integer, required: true, min_value: 1 },
      ],
    });
    expect(byName.get('Ask the corpus')).toMatchObject({ type: ApplicationCommandType.Message });
    // The moderators' commands: hidden from members without Manage Messages, and not offered in DMs.
    const manageMessages = PermissionFlagsBits.ManageMessages.toString();
    expect(byName.get('note')).toMatchObject({ default_member_permissions: manageMessages, contexts: [InteractionContextType.Guild] });
    expect(byName.get('Save as note')).toMatchObject({
      type: ApplicationCommandType.Message,
      default_member_permissions: manageMessages,
      contexts: [InteractionContextType.Guild],
    });
    const subcommands = byName.get('note')?.options ?? [];
    expect(subcommands.map((o) => [o.name, o.type])).toEqual(
      ['add', 'edit', 'remove', 'restore', 'list', 'show', 'history', 'export', 'import', 'gaps'].map((name) => [
        name,
        ApplicationCommandOptionType.Subcommand,
      ]),
    );
    const importOptions = subcommands.find((o) => o.name === 'import') as {
      options?: Array<{ name: string; type: number; required?: boolean }>;
    };
    expect(importOptions.options).toMatchObject([{ name: 'file', type: ApplicationCommandOptionType.Attachment, required: true }]);
    for (const command of emu.commands.global) {
      if (command.type === ApplicationCommandType.ChatInput) expect(command.description.length).toBeGreaterThan(0);
    }
  });

  it('registers /stats for Manage Server in servers only, with a period of 7 or 30 days', () => {
    expect(emu.commands.global.find((c) => c.name === 'stats')).toMatchObject({
      default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
      contexts: [InteractionContextType.Guild],
      options: [{ name: 'period', type: ApplicationCommandOptionType.Integer, required: false, choices: [{ value: 7 }, { value: 30 }] }],
    });
  });

  it('registers /config for Manage Server in servers only, with a typed option for each setting', () => {
    const config = emu.commands.global.find((c) => c.name === 'config');
    expect(config).toMatchObject({
      default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
      contexts: [InteractionContextType.Guild],
    });
    const options = (config?.options ?? []) as Array<{
      name: string;
      type: number;
      options?: Array<{ name: string; options?: unknown[] }>;
    }>;
    expect(options.map((o) => [o.name, o.type])).toEqual([
      ['show', ApplicationCommandOptionType.Subcommand],
      ['set', ApplicationCommandOptionType.SubcommandGroup],
      ['reset', ApplicationCommandOptionType.Subcommand],
    ]);
    const set = new Map((options[1]?.options ?? []).map((o) => [o.name, o.options]));
    expect([...set.keys()]).toEqual([
      'visibility',
      'passages',
      'ask-channels',
      'moderator-role',
      'command',
      'document',
      'log-channel',
      'cooldown',
      'answers-per-minute',
    ]);
    expect(set.get('visibility')).toMatchObject([
      { name: 'answers', type: ApplicationCommandOptionType.String, required: true, choices: [{ value: 'public' }, { value: 'private' }] },
    ]);
    expect(set.get('passages')).toMatchObject([
      { name: 'count', type: ApplicationCommandOptionType.Integer, required: true, min_value: 1, max_value: 5 },
    ]);
    expect(set.get('ask-channels')).toMatchObject([
      {
        name: 'add',
        type: ApplicationCommandOptionType.Channel,
        channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement, ChannelType.GuildVoice, ChannelType.GuildForum],
      },
      { name: 'remove', type: ApplicationCommandOptionType.Channel },
    ]);
    expect(set.get('moderator-role')).toMatchObject([{ name: 'role', type: ApplicationCommandOptionType.Role, required: true }]);
    expect(set.get('command')).toMatchObject([
      {
        name: 'command',
        type: ApplicationCommandOptionType.String,
        choices: ['quote', 'post', 'ask-menu', 'gaps'].map((value) => ({ value })),
      },
      { name: 'enabled', type: ApplicationCommandOptionType.Boolean, required: true },
    ]);
    expect(set.get('document')).toMatchObject([
      { name: 'document', type: ApplicationCommandOptionType.String, autocomplete: true },
      { name: 'answers', type: ApplicationCommandOptionType.Boolean },
    ]);
    expect(set.get('log-channel')).toMatchObject([
      {
        name: 'channel',
        type: ApplicationCommandOptionType.Channel,
        channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
      },
    ]);
    expect(set.get('cooldown')).toMatchObject([
      { name: 'seconds', type: ApplicationCommandOptionType.Integer, required: true, min_value: 0, max_value: 600 },
    ]);
    expect(set.get('answers-per-minute')).toMatchObject([
      { name: 'count', type: ApplicationCommandOptionType.Integer, required: true, min_value: 1, max_value: 600 },
    ]);
    const reset = options[2] as unknown as { options: Array<{ name: string; choices: Array<{ value: string }> }> };
    expect(reset.options[0]!.choices.map((c) => c.value)).toEqual([
      'answerVisibility',
      'passagesPerAnswer',
      'askChannels',
      'moderatorRole',
      'disabledCommands',
      'excludedDocuments',
      'logChannel',
      'askCooldown',
      'answersPerMinute',
    ]);
  });

  it('is idempotent: running it again leaves the same commands, with the same ids', async () => {
    const before = emu.commands.global.map((c) => ({ id: c.id, name: c.name, type: c.type }));
    const guildBefore = emu.commands.guild().map((c) => c.id);
    const result = await deploy();
    expect(result.code).toBe(0);
    expect(puts(`/applications/${emu.applicationId}/commands`)).toHaveLength(2);
    expect(emu.commands.global.map((c) => ({ id: c.id, name: c.name, type: c.type }))).toEqual(before);
    // A global deployment does not touch the guild's commands.
    expect(emu.commands.guild().map((c) => c.id)).toEqual(guildBefore);
  });

  it('exits 1 with a message naming the failure when Discord refuses the token, without printing it', async () => {
    const wrong = 'a.wrong-but-well-formed-token-0123456789';
    const result = await deploy({ DISCORD_TOKEN: wrong });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('Could not register the commands: 401: Unauthorized\n');
    expect(result.stdout + result.stderr).not.toContain(wrong);
  });
});
