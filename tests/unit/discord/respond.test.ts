import { type APIEmbed, type ButtonInteraction, MessageFlags } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFER_AFTER_MS, deferIfSlow, embedLength, escapeText, fitEmbeds, LIMITS, send, toMessage, truncate, update } from '../../../src/discord/respond.js';
import { createLogger } from '../../../src/log.js';
import { FakeInteraction } from '../helpers/fake-interaction.js';

describe('truncate', () => {
  it('keeps short text and cuts long text to the limit with an ellipsis', () => {
    expect(truncate('short', 10)).toBe('short');
    const cut = truncate('a'.repeat(50), 10);
    expect(cut).toHaveLength(10);
    expect(cut.endsWith('…')).toBe(true);
  });
});

describe('escapeText', () => {
  it('escapes markdown so quoted text renders literally', () => {
    expect(escapeText('**bold** _it_ `code`')).toBe('\\*\\*bold\\*\\* \\_it\\_ \\`code\\`');
  });
  it('defuses @everyone, @here and mention syntax', () => {
    const out = escapeText('hi @everyone and @here <@123456789012345678> <@&123456789012345678> <#123456789012345678>');
    expect(out).not.toMatch(/@everyone|@here/);
    expect(out).not.toMatch(/<@!?\d+>|<@&\d+>|<#\d+>/);
    expect(out).toContain('@\u200beveryone');
  });
});

describe('toMessage', () => {
  it('never lets a message ping anyone and sets the ephemeral flag only when asked', () => {
    const pub = toMessage({ content: '@everyone' });
    expect(pub.allowedMentions).toEqual({ parse: [] });
    expect(pub.flags).toBeUndefined();
    expect(toMessage({ content: 'x', ephemeral: true }).flags).toBe(64);
  });
  it('cuts content to 2000 characters', () => {
    expect(toMessage({ content: 'x'.repeat(5000) }).content).toHaveLength(LIMITS.content);
  });
});

describe('fitEmbeds', () => {
  it('truncates every part to its limit', () => {
    const [embed] = fitEmbeds([
      { title: 't'.repeat(300), description: 'd'.repeat(1000), footer: { text: 'f'.repeat(3000) }, fields: [{ name: 'n'.repeat(300), value: 'v'.repeat(2000) }] },
    ]);
    expect(embed!.title).toHaveLength(LIMITS.embedTitle);
    expect(embed!.footer!.text).toHaveLength(LIMITS.footer);
    expect(embed!.fields![0]!.name).toHaveLength(LIMITS.fieldName);
    expect(embed!.fields![0]!.value).toHaveLength(LIMITS.fieldValue);
  });
  it('cuts a description to 4096 characters', () => {
    expect(fitEmbeds([{ description: 'd'.repeat(5000) }])[0]!.description).toHaveLength(LIMITS.embedDescription);
  });
  it('drops trailing fields until the message is within 6000 characters', () => {
    const fields = Array.from({ length: 25 }, (_, i) => ({ name: `field ${i}`, value: 'v'.repeat(1000) }));
    const embeds: APIEmbed[] = fitEmbeds([{ title: 'many', fields }]);
    expect(embedLength(embeds)).toBeLessThanOrEqual(LIMITS.embedsTotal);
    expect(embeds[0]!.fields!.length).toBeGreaterThan(0);
    expect(embeds[0]!.fields![0]!.name).toBe('field 0');
  });
  it('keeps at most 25 fields and 10 embeds', () => {
    const fields = Array.from({ length: 40 }, (_, i) => ({ name: `${i}`, value: 'x' }));
    const embeds = fitEmbeds(Array.from({ length: 12 }, () => ({ fields })));
    expect(embeds).toHaveLength(LIMITS.embeds);
    expect(embeds[0]!.fields).toHaveLength(LIMITS.fields);
  });
});

describe('deferIfSlow with send and update', () => {
  const log = createLogger('silent');
  const asInteraction = (fake: FakeInteraction) => fake as unknown as ButtonInteraction;

  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('replies directly when the answer is in time, and does not defer afterwards', async () => {
    const interaction = new FakeInteraction('command');
    const done = deferIfSlow(asInteraction(interaction), log, { ephemeral: false });
    await vi.advanceTimersByTimeAsync(50);
    const sending = send(asInteraction(interaction), { content: 'the answer' }).finally(done);
    await vi.advanceTimersByTimeAsync(5000);
    await sending;
    expect(interaction.methods).toEqual(['reply']);
  });

  it('does not defer once the reply has started, even with the timer due while the reply is on its way (no 40060)', async () => {
    const interaction = new FakeInteraction('command', 100);
    const done = deferIfSlow(asInteraction(interaction), log, { ephemeral: false });
    // The answer comes 10 ms before the timer; discord.js marks the interaction replied only 100 ms later.
    await vi.advanceTimersByTimeAsync(DEFER_AFTER_MS - 10);
    const sending = send(asInteraction(interaction), { content: 'the answer' }).finally(done);
    await vi.advanceTimersByTimeAsync(1000);
    await sending;
    expect(interaction.methods).toEqual(['reply']);
    expect(interaction.refused).toEqual([]);
  });

  it('defers a slow answer privately when asked, then edits the deferred reply once Discord has acknowledged the defer', async () => {
    const interaction = new FakeInteraction('command', 100);
    const done = deferIfSlow(asInteraction(interaction), log, { ephemeral: true });
    await vi.advanceTimersByTimeAsync(DEFER_AFTER_MS - 1);
    expect(interaction.methods).toEqual([]);
    // The answer comes while the defer is on its way.
    await vi.advanceTimersByTimeAsync(11);
    const sending = send(asInteraction(interaction), { content: 'the answer', ephemeral: true }).finally(done);
    await vi.advanceTimersByTimeAsync(1000);
    await sending;
    expect(interaction.methods).toEqual(['deferReply', 'editReply']);
    expect(interaction.calls[0]!.options).toEqual({ flags: MessageFlags.Ephemeral });
    expect(interaction.refused).toEqual([]);
  });

  it('defers the update of a button\'s message, then edits that message', async () => {
    const interaction = new FakeInteraction('button', 100);
    const done = deferIfSlow(asInteraction(interaction), log, { ephemeral: false, update: true });
    await vi.advanceTimersByTimeAsync(DEFER_AFTER_MS + 500);
    const updating = update(asInteraction(interaction), { content: 'page 2' }).finally(done);
    await vi.advanceTimersByTimeAsync(1000);
    await updating;
    expect(interaction.methods).toEqual(['deferUpdate', 'editReply']);
  });

  it('the returned function stops the timer when the handler ends without responding', async () => {
    const interaction = new FakeInteraction('command');
    deferIfSlow(asInteraction(interaction), log, { ephemeral: false })();
    await vi.advanceTimersByTimeAsync(5000);
    expect(interaction.methods).toEqual([]);
  });
});
