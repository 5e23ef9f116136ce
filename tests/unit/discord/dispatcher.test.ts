import { MessageFlags } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SearchService } from '../../../src/answer/service.js';
import type { Answer } from '../../../src/answer/types.js';
import { encodeId } from '../../../src/discord/components/ids.js';
import type { BotContext } from '../../../src/discord/context.js';
import { BUG_MESSAGE, createDispatcher } from '../../../src/discord/dispatcher.js';
import { DEFER_AFTER_MS } from '../../../src/discord/respond.js';
import type { StoredAnswer } from '../../../src/feedback/answers.js';
import { createLogger } from '../../../src/log.js';
import { FakeInteraction } from '../helpers/fake-interaction.js';

const STORED: StoredAnswer = {
  id: 7,
  guildId: '123456789012345678',
  userId: '223456789012345678',
  question: 'What is the IAEA?',
  corpusVersion: 'v1',
  answered: true,
  isPrivate: false,
  createdAt: 0,
};

/** A press of "More results" under a public answer, through the real dispatcher and handler. */
function pressMore(searchFailsAfterMs: number): { interaction: FakeInteraction; handled: Promise<void> } {
  const interaction = Object.assign(new FakeInteraction('button', 100), {
    id: '323456789012345678',
    type: 3,
    guildId: STORED.guildId,
    user: { id: STORED.userId, displayName: 'asker' },
    customId: encodeId({ kind: 'more', answerId: STORED.id, offset: 3 }),
    message: { flags: { has: () => false } },
  });
  const search: SearchService = {
    answer: () => new Promise<Answer>((_, reject) => setTimeout(() => reject(new Error('a bug in the search')), searchFailsAfterMs)),
    close: () => Promise.resolve(),
  };
  const context = { search, answers: { get: () => STORED, getFor: () => STORED }, log: createLogger('silent') } as unknown as Omit<
    BotContext,
    'log'
  > & { log: BotContext['log'] };
  const dispatch = createDispatcher(context);
  return { interaction, handled: dispatch(interaction as never) };
}

describe("the dispatcher's error boundary after a slow button", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('apologises privately, leaving the public message alone, when the search fails while the defer is on its way', async () => {
    // The timer defers the update at DEFER_AFTER_MS; the failure comes 10 ms later, before Discord acknowledges it.
    const { interaction, handled } = pressMore(DEFER_AFTER_MS + 10);
    await vi.advanceTimersByTimeAsync(DEFER_AFTER_MS + 1000);
    await handled;
    expect(interaction.methods).toEqual(['deferUpdate', 'followUp']);
    expect(interaction.calls[1]!.options).toMatchObject({ content: BUG_MESSAGE, flags: MessageFlags.Ephemeral });
  });

  it('apologises in a private reply, and never defers, when the search fails at once', async () => {
    const { interaction, handled } = pressMore(0);
    await vi.advanceTimersByTimeAsync(DEFER_AFTER_MS + 1000);
    await handled;
    expect(interaction.methods).toEqual(['reply']);
    expect(interaction.calls[0]!.options).toMatchObject({ content: BUG_MESSAGE, flags: MessageFlags.Ephemeral });
  });
});
