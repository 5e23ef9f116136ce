/** `/quote` with its Previous / Next buttons, `/sources` and `/help`, end to end through the real bot. */
import { type APIMessage, InteractionResponseType, MessageFlags } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import type { Corpus, CorpusDocument } from '../../src/corpus/types.js';
import type { DiscordEmulator, SentInteraction } from './discord-emulator/index.js';
import { type Harness, startHarness } from './helpers/bot.js';
import { buttonOf, callback, embedOf, expectNoPingsOnEveryMessage } from './helpers/discord.js';
import { ARTICLE_ID, realCorpusDir } from './helpers/paths.js';

/** Undoes escapeText's backslashes, to compare a quoted paragraph with the corpus text. */
const unescape = (text: string | undefined) => text?.replace(/\\([\\*_~`|[\]>#+.-])/g, '$1');

describe('/quote, /sources and /help', () => {
  let h: Harness;
  let emu: DiscordEmulator;
  let corpus: Corpus;
  let rice: CorpusDocument;
  let article: CorpusDocument;

  beforeAll(async () => {
    h = await startHarness();
    emu = h.emu;
    corpus = await loadCorpus(realCorpusDir);
    rice = corpus.documents.find((d) => d.id === 'notes/susan-rice')!;
    article = corpus.documents.find((d) => d.id === ARTICLE_ID)!;
  });

  afterAll(async () => {
    await h?.close();
  });

  async function expectPrivateNotice(sent: SentInteraction, text: string): Promise<void> {
    const body = await callback(sent);
    expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(body.data).toMatchObject({ content: text, flags: MessageFlags.Ephemeral });
    expect(body.data?.embeds ?? []).toEqual([]);
  }

  /** The quote embed for `document` paragraph `n`, and its Previous / Next state. */
  function expectQuote(
    body: { embeds?: APIMessage['embeds'] | undefined; components?: unknown },
    document: CorpusDocument,
    n: number,
  ): void {
    const embed = embedOf(body);
    expect(embed.title).toBe(`${document.title} - paragraph ${n}`);
    expect(unescape(embed.description)).toBe(document.paragraphs[n - 1]);
    expect(embed.footer?.text).toMatch(new RegExp(`^${document.id} · paragraph ${n} of ${document.paragraphs.length}`));
    const previous = buttonOf(body as APIMessage, 'Previous');
    const next = buttonOf(body as APIMessage, 'Next');
    expect(previous).toMatchObject({ custom_id: `quote:${Math.max(1, n - 1)}:${document.id}`, disabled: n <= 1 });
    expect(next).toMatchObject({
      custom_id: `quote:${Math.min(document.paragraphs.length, n + 1)}:${document.id}`,
      disabled: n >= document.paragraphs.length,
    });
  }

  it('quotes a paragraph publicly by the document id that autocomplete sends', async () => {
    const body = await callback(emu.command('quote', { document: article.id, paragraph: 4 }));
    expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(body.data?.flags ?? 0).toBe(0);
    expectQuote(body.data!, article, 4);
    expect(embedOf(body.data!).url).toBe(article.source);
    expect(embedOf(body.data!).footer?.text).toContain('Michael Adler, 2012-02-15');
  });

  it.each([
    ['the exact title', 'Susan Rice, US Ambassador to the UN (2009-2013)'],
    ['a few words of the title, in any case', 'susan RICE'],
  ])('quotes a paragraph by %s typed as free text', async (_how, typed) => {
    const body = await callback(emu.command('quote', { document: typed, paragraph: 2 }));
    expectQuote(body.data!, rice, 2);
  });

  it('walks the document with Previous / Next (type 7), disabled at either end', async () => {
    const sent = emu.command('quote', { document: rice.id, paragraph: 2 });
    await callback(sent);
    let message = emu.originalMessage(sent)!;

    const back = emu.button(buttonOf(message, 'Previous').custom_id, message);
    const first = await callback(back);
    expect(first.type).toBe(InteractionResponseType.UpdateMessage);
    expectQuote(first.data!, rice, 1);
    message = emu.originalMessage(back)!;

    for (let n = 2; n <= rice.paragraphs.length; n++) {
      const press = emu.button(buttonOf(message, 'Next').custom_id, message);
      const body = await callback(press);
      expect(body.type).toBe(InteractionResponseType.UpdateMessage);
      expectQuote(body.data!, rice, n);
      message = emu.originalMessage(press)!;
    }
    expect(buttonOf(message, 'Next').disabled).toBe(true);
  });

  it('explains a paragraph number out of range, a zero paragraph and an unknown document', async () => {
    await expectPrivateNotice(
      emu.command('quote', { document: rice.id, paragraph: 99 }),
      `"${rice.title}" has ${rice.paragraphs.length} paragraphs: choose a number from 1 to ${rice.paragraphs.length}.`,
    );
    await expectPrivateNotice(emu.command('quote', { document: rice.id, paragraph: 0 }), 'Option `paragraph`: must be 1 or more.');
    await expectPrivateNotice(emu.command('quote', { document: rice.id }), 'Option `paragraph`: is required: a paragraph number.');
    await expectPrivateNotice(
      emu.command('quote', { document: 'the zanzibar papers', paragraph: 1 }),
      'No document matches "the zanzibar papers". Pick one from the list as you type, or see `/sources`.',
    );
  });

  it('/sources lists the article and the notes, each counted, with titles, links and paragraph counts', async () => {
    const body = await callback(emu.command('sources'));
    expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(body.data?.flags ?? 0).toBe(0);
    const embed = embedOf(body.data!);
    const articles = corpus.documents.filter((d) => d.kind === 'article');
    const notes = corpus.documents.filter((d) => d.kind === 'note');
    const passages = corpus.documents.reduce((n, d) => n + d.paragraphs.length, 0);
    expect(embed.title).toBe('Sources');
    expect(embed.description).toBe(
      `${articles.length} article${articles.length === 1 ? '' : 's'} and ${notes.length} background ` +
        `notes, ${passages} paragraphs in all. Quote any paragraph with \`/quote\`.`,
    );
    expect(embed.footer?.text).toBe(`Corpus ${corpus.version}`);
    const fields = embed.fields ?? [];
    expect(fields[0]?.name).toBe(`Articles (${articles.length})`);
    expect(fields.map((f) => f.name)).toContain(`Notes (${notes.length})`);
    expect(fields[0]?.value).toContain(
      `[${article.title}](${article.source}) - Michael Adler, 2012-02-15 · ${article.paragraphs.length} paragraphs · \`${article.id}\``,
    );
    const notesText = fields
      .filter((f) => f.name.startsWith('Notes'))
      .map((f) => f.value)
      .join('\n');
    for (const d of notes) expect(notesText).toContain(`${d.paragraphs.length} paragraphs · \`${d.id}\``);
    for (const f of fields) expect(f.value.length).toBeLessThanOrEqual(1024);
  });

  it('/help explains every command, privately, in one embed', async () => {
    const body = await callback(emu.command('help'));
    expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(body.data?.flags).toBe(MessageFlags.Ephemeral);
    const embed = embedOf(body.data!);
    expect(embed.title).toMatch(/Study bot/);
    expect(embed.fields?.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        '/ask question [private]',
        '/quote document paragraph',
        '/sources',
        'Apps > Ask the corpus',
        'Moderators: /note',
      ]),
    );
    expect(embed.fields?.find((f) => f.name === 'Moderators: /note')?.value).toMatch(/^With Manage Messages: .*Save as note.*\/note gaps/);
    expect(embed.fields?.find((f) => f.name === 'Admins: /config')?.value).toMatch(
      /^With Manage Server: `\/config show` .*`\/config set` .*log channel.*`\/config reset`/,
    );
    expect(embed.fields?.find((f) => f.name === 'Admins: /stats')?.value).toMatch(/^With Manage Server: .*7 or 30 days.*chart/);
    expect(body.data?.components ?? []).toEqual([]);
  });

  it('sent every message with allowed_mentions { parse: [] }', () => {
    expectNoPingsOnEveryMessage(emu, 10);
  });
});
