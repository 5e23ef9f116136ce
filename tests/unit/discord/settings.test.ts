import type { Interaction } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { BotContext } from '../../../src/discord/context.js';
import { loadServerSettings, requireAskChannel } from '../../../src/discord/settings.js';
import { UserError } from '../../../src/errors.js';
import { createLogger } from '../../../src/log.js';
import { DEFAULT_SETTINGS, defaultSettings, type SettingsDeps } from '../../../src/settings/index.js';
import { StorageBusyError, StorageUnavailableError } from '../../../src/storage/errors.js';
import type { Storage } from '../../../src/storage/types.js';

const GUILD = '800000000000000001';
const channel = (n: number) => `81000000000000000${n}`;

/** The parts of an interaction the settings checks read: where it happened. */
function interactionIn(channelId: string, thread?: { parentId: string }): Interaction {
  return {
    guildId: GUILD,
    channelId,
    guild: null,
    inGuild: () => true,
    channel: { isThread: () => thread !== undefined, parentId: thread?.parentId ?? null },
  } as unknown as Interaction;
}

function contextWith(askChannels: string[]): BotContext {
  const serverSettings = defaultSettings(GUILD);
  serverSettings.values.askChannels = askChannels;
  return { serverSettings } as unknown as BotContext;
}

function refusal(work: () => void): string | undefined {
  try {
    work();
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
}

describe('requireAskChannel', () => {
  it('lets questions through anywhere when no channel is listed, and in a listed channel or a thread of one', () => {
    expect(refusal(() => requireAskChannel(interactionIn(channel(1)), contextWith([])))).toBeUndefined();
    expect(refusal(() => requireAskChannel(interactionIn(channel(1)), contextWith([channel(1)])))).toBeUndefined();
    expect(
      refusal(() => requireAskChannel(interactionIn(channel(9), { parentId: channel(1) }), contextWith([channel(1)]))),
    ).toBeUndefined();
  });

  it('points elsewhere to the listed channels, naming five at most', () => {
    expect(refusal(() => requireAskChannel(interactionIn(channel(9)), contextWith([channel(1), channel(2)])))).toBe(
      `In this server, questions are asked in <#${channel(1)}> or <#${channel(2)}>: please ask there.`,
    );
    const seven = [1, 2, 3, 4, 5, 6, 7].map(channel);
    expect(refusal(() => requireAskChannel(interactionIn(channel(9), { parentId: channel(8) }), contextWith(seven)))).toBe(
      `In this server, questions are asked in ${seven
        .slice(0, 5)
        .map((id) => `<#${id}>`)
        .join(', ')} or 2 more: please ask there.`,
    );
  });
});

describe('loadServerSettings', () => {
  const deps = (get: Storage['settings']['get']): SettingsDeps => ({
    storage: { settings: { get } } as unknown as Storage,
    documents: [],
  });
  const log = createLogger('silent');

  it('answers with the defaults, and says why, when the database cannot be read', async () => {
    const loaded = await loadServerSettings(
      interactionIn(channel(1)),
      deps(() => Promise.reject(new StorageUnavailableError('corrupt'))),
      log,
    );
    expect(loaded.values).toEqual(DEFAULT_SETTINGS);
    expect(loaded.problems).toEqual([{ key: null, kind: 'unreadable' }]);
    const busy = await loadServerSettings(
      interactionIn(channel(1)),
      deps(() => Promise.reject(new StorageBusyError())),
      log,
    );
    expect(busy.problems).toEqual([{ key: null, kind: 'unreadable' }]);
  });

  it('lets a bug through to the error boundary', async () => {
    await expect(
      loadServerSettings(
        interactionIn(channel(1)),
        deps(() => Promise.reject(new TypeError('a bug'))),
        log,
      ),
    ).rejects.toThrow(TypeError);
  });
});
