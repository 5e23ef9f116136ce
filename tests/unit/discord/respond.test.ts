import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { embedLength, escapeText, fitEmbeds, LIMITS, toMessage, truncate } from '../../../src/discord/respond.js';

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
