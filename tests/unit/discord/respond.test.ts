import { type APIEmbed, type ButtonInteraction, MessageFlags } from 'discord.js';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEFER_AFTER_MS,
  deferIfSlow,
  embedLength,
  escapeText,
  fitEmbeds,
  inertText,
  LIMITS,
  maskedLink,
  send,
  toMessage,
  truncate,
  update,
} from '../../../src/discord/respond.js';
import { createLogger } from '../../../src/log.js';
import { renderExcerpt } from '../../../src/search/excerpt.js';
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

describe('escapeText: every construct Discord renders comes out literal', () => {
  const ZW = '\u200b';
  it.each([
    ['masked link', '[Source](https://evil.example)', '\\[Source](https://evil.example)'],
    [
      'two masked links on one line',
      '[a](https://a.example) or [b](https://b.example)',
      '\\[a](https://a.example) or \\[b](https://b.example)',
    ],
    ['masked link to a bare path', '[click](/ask)', '\\[click](/ask)'],
    ['heading', '# Big', '\\# Big'],
    ['smaller headings', '## Mid\n### Small', '\\## Mid\n\\### Small'],
    ['heading after a tab', '#\tBig', '\\#\tBig'],
    ['subtext', '-# small print', '\\-# small print'],
    ['bulleted list', '- one\n* two\n+ three\n  - indented', '\\- one\n\\* two\n\\+ three\n  \\- indented'],
    ['numbered list', '1. first\n12. twelfth', '1\\. first\n12\\. twelfth'],
    ['block quote', '> quoted\n>>> all the rest', '\\> quoted\n\\>>> all the rest'],
    ['code block', '```js\nalert(1)\n```', '\\`\\`\\`js\nalert(1)\n\\`\\`\\`'],
    ['inline code', 'run `rm -rf` now', 'run \\`rm -rf\\` now'],
    ['spoiler', '||the ending||', '\\|\\|the ending\\|\\|'],
    ['bold, italics, underline, strikethrough', '**b** *i* _i_ __u__ ~~s~~', '\\*\\*b\\*\\* \\*i\\* \\_i\\_ \\_\\_u\\_\\_ \\~\\~s\\~\\~'],
    ['a backslash that would escape the escape', '\\*not bold*', '\\\\\\*not bold\\*'],
    ['timestamp', 'at <t:1700000000:R>', `at <${ZW}t:1700000000:R>`],
    ['slash-command mention', 'use </ask:123456789012345678>', `use <${ZW}/ask:123456789012345678>`],
    [
      'custom emoji',
      '<:pepe:123456789012345678> <a:dance:123456789012345678>',
      `<${ZW}:pepe:123456789012345678> <${ZW}a:dance:123456789012345678>`,
    ],
    ['channel and guild-navigation mentions', '<#123456789012345678> <id:customize>', `<${ZW}#123456789012345678> <${ZW}id:customize>`],
    [
      'user and role mentions',
      '<@123456789012345678> <@!123456789012345678> <@&123456789012345678>',
      `<${ZW}@123456789012345678> <${ZW}@!123456789012345678> <${ZW}@&123456789012345678>`,
    ],
    ['@everyone and @here', 'hi @everyone and @here', `hi @${ZW}everyone and @${ZW}here`],
  ])('%s', (_construct, text, expected) => {
    expect(escapeText(text)).toBe(expected);
  });

  it('escapes line-start markup on every line, not only the first', () => {
    expect(escapeText('Intro.\n# Big\n-# small\n> quote\n- item\n3. third')).toBe(
      'Intro.\n\\# Big\n\\-# small\n\\> quote\n\\- item\n3\\. third',
    );
  });

  it('leaves prose that is not markup as it is', () => {
    const prose = "The 2011-2012 talks - in Istanbul, then Baghdad - failed; Iran's offer (P5+1) came 3 times. 5 < 6.";
    expect(escapeText(prose)).toBe(prose);
  });

  it('leaves a bare URL whole, so it still links where it says, and escapes around it', () => {
    expect(escapeText('see https://en.wikipedia.org/wiki/Joint_Comprehensive_Plan_of_Action, _then_ <https://a.example/x_y>')).toBe(
      'see https://en.wikipedia.org/wiki/Joint_Comprehensive_Plan_of_Action, \\_then\\_ <https://a.example/x_y>',
    );
  });

  it('keeps a masked link inert even when excerpt marks split it', () => {
    const excerpt = { text: '[Source Iran](https://evil.example) # not a heading', marks: [[8, 12]] as Array<[number, number]> };
    expect(renderExcerpt(excerpt, '**', '**', escapeText)).toBe('\\[Source **Iran**](https://evil.example) # not a heading');
  });
});

describe('escapeText, property-based', () => {
  const URL_TOKEN = /https?:\/\/[^\s<]+[^<.,:;"')\]\s]/g;
  /** Splits rendered text into what Discord autolinks (left as is) and the rest. */
  function outsideUrls(text: string, work: (segment: string) => string): string {
    let out = '';
    let at = 0;
    for (const url of text.matchAll(URL_TOKEN)) {
      out += work(text.slice(at, url.index)) + url[0];
      at = url.index + url[0].length;
    }
    return out + work(text.slice(at));
  }
  // Text made of the pieces markup is built from, so that random strings hit every construct and their neighbours.
  const markupText = fc
    .array(
      fc.constantFrom(
        '*',
        '_',
        '~',
        '`',
        '|',
        '[',
        ']',
        '(',
        ')',
        '<',
        '>',
        '#',
        '-',
        '+',
        '.',
        ':',
        '/',
        '@',
        '\\',
        '\n',
        '\t',
        ' ',
        '&',
        '!',
        'a',
        'B',
        '1',
        '23',
        'everyone',
        'here',
        't:',
        'https://x.example/',
        'http://x.example/',
        '-# ',
        '```',
        '||',
        '**',
        '__',
        '~~',
        '](',
        'id:',
      ),
      { maxLength: 40 },
    )
    .map((pieces) => pieces.join(''));

  it("loses nothing: undoing Discord's backslash escapes and the zero-width spaces gives the text back", () => {
    fc.assert(
      fc.property(markupText, (text) => {
        const rendered = outsideUrls(escapeText(text), (segment) => segment.replace(/\\([^0-9A-Za-z\s])/g, '$1')).replaceAll('\u200b', '');
        expect(rendered).toBe(text);
      }),
      { numRuns: 3000 },
    );
  });

  it('leaves no markup character unescaped outside URLs, no line-start markup and no live mention', () => {
    fc.assert(
      fc.property(markupText, (text) => {
        const escaped = escapeText(text);
        outsideUrls(escaped, (segment) => {
          // Read as Discord does, left to right: a backslash takes the next character with it.
          expect(segment.replace(/\\[^0-9A-Za-z\s]/g, '')).not.toMatch(/[*_~`|[\\]/);
          expect(segment).not.toMatch(/^[ \t]*(#|>|-#|[-+]\s|\d+\.)/m);
          return segment;
        });
        expect(escaped).not.toMatch(/@(everyone|here)|<[@#/:]|<[a-z]+:(?!\/\/)/i);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('inertText: for footers, labels and choices, which render no markdown', () => {
  it('breaks mentions and <...> markup with an invisible space and adds no backslash', () => {
    expect(inertText('@everyone <@123> <t:1:R> </ask:1> **bold** [a](https://a.example)')).toBe(
      '@\u200beveryone <\u200b@123> <\u200bt:1:R> <\u200b/ask:1> **bold** [a](https://a.example)',
    );
  });
});

describe('maskedLink', () => {
  it('links a label to a URL, percent-encoding what would end the link early', () => {
    expect(maskedLink('Source', 'https://en.wikipedia.org/wiki/Iran_(country)')).toBe(
      '[Source](https://en.wikipedia.org/wiki/Iran_%28country%29)',
    );
  });
  it('keeps a hostile label and URL inside the one link', () => {
    expect(maskedLink('Notes [draft] **x** @here', 'https://x.example/)**bold**[Click](https://evil.example')).toBe(
      '[Notes (draft) \\*\\*x\\*\\* @\u200bhere](https://x.example/%29**bold**[Click]%28https://evil.example)',
    );
    expect(maskedLink('a', 'https://x.example/a b<c>\\d')).toBe('[a](https://x.example/a%20b%3Cc%3E%5Cd)');
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
      {
        title: 't'.repeat(300),
        description: 'd'.repeat(1000),
        footer: { text: 'f'.repeat(3000) },
        fields: [{ name: 'n'.repeat(300), value: 'v'.repeat(2000) }],
      },
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

  it("defers the update of a button's message, then edits that message", async () => {
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
