/**
 * Quoted text renders literally wherever it reaches a message: a note whose title, author, source and paragraph hold
 * every markup Discord renders, a question and a display name that hold some too. The strings asserted are exactly
 * what the bot sent, so each construct can be read off escaped: `\[`, `\#`, `\-#`, `1\.`, `\>`, `` \` ``, `\|`, and
 * a zero-width space after `<` and `@`.
 */
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InteractionResponseType, MessageFlags } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { user } from './discord-emulator/fixtures.js';
import { snowflake } from './discord-emulator/ids.js';
import type { DiscordEmulator } from './discord-emulator/index.js';
import { type Harness, startHarness } from './helpers/bot.js';
import { copyCorpusWith } from './helpers/corpus.js';
import { answerOf, buttonOf, callback, embedOf, expectNoPingsOnEveryMessage } from './helpers/discord.js';

/** The zero-width space that breaks mentions and `<...>` markup. */
const ZW = '\u200b';
const NOTE_ID = 'notes/quokka';
const PARAGRAPH = [
  'The quokka ledger cites [Source](https://evil.example) and [two](https://evil.example/2).',
  '# Big',
  '-# small',
  '- item',
  '1. item',
  '> quote',
  '```code```',
  '||spoiler|| **bold** _it_ __u__ ~~s~~ `c`',
  '<t:1700000000:R> </ask:123456789012345678> <:e:123456789012345678> <#123456789012345678>',
  '@everyone @here <@123456789012345678> <@&123456789012345678>',
].join('\n');
const NOTE = [
  '---',
  'title: "Quokka *notes* <@123456789012345678> [x](https://evil.example) @everyone"',
  'author: "# Mod <@&123456789012345678>"',
  'source: "https://evil.example/)[Click](https://evil.example"',
  'published: 2026-11-27',
  'kind: note',
  'tags: [quokka]',
  '---',
  '',
  PARAGRAPH,
  '',
].join('\n');

// What the bot must send, written out in full.
const ESCAPED_TITLE = `Quokka \\*notes\\* <${ZW}@123456789012345678> \\[x](https://evil.example) @${ZW}everyone`;
const ESCAPED_LINES = [
  '\\# Big',
  '\\-# small',
  '\\- item',
  '1\\. item',
  '\\> quote',
  '\\`\\`\\`code\\`\\`\\`',
  '\\|\\|spoiler\\|\\| \\*\\*bold\\*\\* \\_it\\_ \\_\\_u\\_\\_ \\~\\~s\\~\\~ \\`c\\`',
  `<${ZW}t:1700000000:R> <${ZW}/ask:123456789012345678> <${ZW}:e:123456789012345678> <${ZW}#123456789012345678>`,
  `@${ZW}everyone @${ZW}here <${ZW}@123456789012345678> <${ZW}@&123456789012345678>`,
];
/** The source link, its closing parenthesis and the "(" of the injected link percent-encoded: one link, to one place. */
const SOURCE_LINK = 'https://evil.example/%29[Click]%28https://evil.example';
const BYLINE = `# Mod <${ZW}@&123456789012345678>, 2026-11-27`;

describe('quoted text renders literally in every message', () => {
  let h: Harness;
  let emu: DiscordEmulator;
  let corpusDir: string;

  beforeAll(async () => {
    corpusDir = await copyCorpusWith({});
    // Written by hand: the title and author need YAML quoting.
    await writeFile(path.join(corpusDir, `${NOTE_ID}.md`), NOTE);
    h = await startHarness({ corpusDir });
    emu = h.emu;
  });

  afterAll(async () => {
    await h?.close();
    await rm(corpusDir, { recursive: true, force: true });
  });

  it('escapes the question, the cited title and the excerpt of an answer, and keeps the bold marks', async () => {
    const sent = emu.command('ask', { question: '**Quokka** ledger, @everyone?' });
    const { message } = await answerOf(emu, sent);
    const embed = embedOf(message);
    expect(embed.title).toBe(`\\*\\*Quokka\\*\\* ledger, @${ZW}everyone?`);
    expect(embed.fields).toEqual([
      {
        name: `1. ${ESCAPED_TITLE} - paragraph 1`,
        value: [
          'The **quokka** **ledger** cites \\[Source](https://evil.example) and \\[two](https://evil.example/2).',
          ...ESCAPED_LINES,
          `[Source](${SOURCE_LINK}) · \`${NOTE_ID}\``,
        ].join('\n'),
      },
    ]);
  });

  it('escapes the whole paragraph behind Full paragraph and /quote, and keeps mentions out of the footer', async () => {
    const sent = emu.command('ask', { question: 'What is the quokka ledger?' });
    await answerOf(emu, sent);
    const message = emu.originalMessage(sent)!;
    const full = await callback(emu.button(buttonOf(message, 'Full paragraph #1').custom_id, message));
    const quoted = await callback(emu.command('quote', { document: NOTE_ID, paragraph: 1 }));
    for (const body of [full, quoted]) {
      const embed = embedOf(body.data!);
      expect(embed.title).toBe(`${ESCAPED_TITLE} - paragraph 1`);
      expect(embed.description).toBe(
        ['The quokka ledger cites \\[Source](https://evil.example) and \\[two](https://evil.example/2).', ...ESCAPED_LINES].join('\n'),
      );
      // A footer renders no markdown: no backslashes there, only the mention broken.
      expect(embed.footer?.text).toBe(`${NOTE_ID} · paragraph 1 of 1 · ${BYLINE}`);
    }
  });

  it('escapes the title and author in /sources, inside one link to the percent-encoded source', async () => {
    const body = await callback(emu.command('sources'));
    const notes = embedOf(body.data!)
      .fields?.filter((f) => f.name.startsWith('Notes'))
      .flatMap((f) => f.value.split('\n'));
    expect(notes?.find((line) => line.includes(NOTE_ID))).toBe(
      // The label's own brackets become parentheses: Discord would end the label at an escaped "](" too.
      `[Quokka \\*notes\\* <${ZW}@123456789012345678> (x)(https://evil.example) @${ZW}everyone](${SOURCE_LINK}) ` +
        `- \\${BYLINE} · 1 paragraphs · \`${NOTE_ID}\``,
    );
  });

  it('escapes what a member typed when /quote echoes it in an error', async () => {
    const body = await callback(emu.command('quote', { document: '# no such [doc](https://evil.example) @here', paragraph: 1 }));
    expect(body.data).toMatchObject({
      content:
        `No document matches "\\# no such \\[doc](https://evil.example) @${ZW}here". Pick one from ` +
        `the list as you type, or see \`/sources\`.`,
      flags: MessageFlags.Ephemeral,
    });
  });

  it('breaks mentions in autocomplete choice names but sends the value as typed', async () => {
    const quote = await callback(emu.autocomplete('quote', { document: 'quokka' }, 'document'));
    expect(quote.data?.choices).toEqual([
      { name: `Quokka *notes* <${ZW}@123456789012345678> [x](https://evil.example) @${ZW}everyone (1 ¶)`, value: NOTE_ID },
    ]);
    const question = '**Quokka** ledger for @everyone';
    await answerOf(emu, emu.command('ask', { question }));
    const ask = await callback(emu.autocomplete('ask', { question: '' }, 'question'));
    expect(ask.data?.choices).toContainEqual({ name: `**Quokka** ledger for @${ZW}everyone`, value: question });
  });

  it('escapes a member\'s display name in "Asked by" when an answer is posted', async () => {
    const member = { ...user(snowflake(), 'mod', false), global_name: '**Mod** [x](https://evil.example) @here' };
    const sent = emu.command('ask', { question: 'What is the quokka ledger?', private: true }, { user: member });
    await answerOf(emu, sent);
    const message = emu.originalMessage(sent)!;
    const posted = await callback(emu.button(buttonOf(message, 'Post to channel').custom_id, message, { user: member }));
    expect(posted.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(embedOf(posted.data!).description).toBe(
      `Passages 1-1 of 1, best first. Asked by \\*\\*Mod\\*\\* \\[x](https://evil.example) @${ZW}here.`,
    );
  });

  it('sent every message with allowed_mentions { parse: [] }', () => {
    expectNoPingsOnEveryMessage(emu, 8);
  });
});
