/**
 * The buttons under an answer, pressed on the message the bot actually sent (as the emulator stores it), through the
 * real bot: More results, Full paragraph, Post to channel, Helpful / Not helpful, and what happens to stale ones.
 */
import { type APIMessage, InteractionResponseType, MessageFlags } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import type { Corpus } from '../../src/corpus/types.js';
import { user } from './discord-emulator/fixtures.js';
import { snowflake } from './discord-emulator/ids.js';
import type { DiscordEmulator, SentInteraction } from './discord-emulator/index.js';
import { type Harness, startHarness } from './helpers/bot.js';
import { buttonOf, buttonsOf, callback, citationsOf, embedOf, expectNoPingsOnEveryMessage } from './helpers/discord.js';
import { realCorpusDir } from './helpers/paths.js';

const QUESTION = 'Who is Susan Rice?';
const OTHER_USER = user(snowflake(), 'someone-else', false);

describe('buttons under an answer', () => {
  let h: Harness;
  let emu: DiscordEmulator;
  let corpus: Corpus;

  beforeAll(async () => {
    h = await startHarness();
    emu = h.emu;
    corpus = await loadCorpus(realCorpusDir);
  });

  afterAll(async () => {
    await h?.close();
  });

  /** Asks and returns the answer message as it now stands in the channel (what buttons are pressed on). */
  async function ask(question: string, isPrivate = false): Promise<{ sent: SentInteraction; message: APIMessage }> {
    const sent = emu.command('ask', { question, private: isPrivate });
    expect((await callback(sent)).type).toBe(InteractionResponseType.ChannelMessageWithSource);
    const message = emu.originalMessage(sent);
    expect(message).toBeDefined();
    return { sent, message: message! };
  }

  async function expectPrivateNotice(sent: SentInteraction, text: string): Promise<void> {
    const body = await callback(sent);
    expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(body.data).toMatchObject({ content: text, flags: MessageFlags.Ephemeral });
  }

  function feedbackRows(answerId: number): Array<{ user_id: string; helpful: number }> {
    return h.bot.db
      .prepare('SELECT user_id, helpful FROM feedback WHERE answer_id = ? ORDER BY created_at, user_id')
      .all(answerId) as Array<{ user_id: string; helpful: number }>;
  }

  it('More results replaces the message (type 7) with the next passages, numbering on, until "No more results" is disabled', async () => {
    const { message: first } = await ask(QUESTION, true);
    const total = Number(/of (\d+),/.exec(embedOf(first).description ?? '')?.[1]);
    expect(total).toBeGreaterThan(3);
    let message: APIMessage = first;
    const seen = new Set(citationsOf(embedOf(first)).map((c) => `${c.title}#${c.paragraph}`));
    for (let offset = 3; offset < total; offset += 3) {
      const more = buttonOf(message, 'More results');
      expect(more.disabled).toBe(false);
      const press = emu.button(more.custom_id, message);
      const body = await callback(press);
      expect(body.type).toBe(InteractionResponseType.UpdateMessage);
      const embed = embedOf(body.data!);
      const shown = Math.min(3, total - offset);
      expect(embed.description).toBe(`Passages ${offset + 1}-${offset + shown} of ${total}, best first.`);
      const cited = citationsOf(embed);
      expect(cited.map((c) => c.label)).toEqual(Array.from({ length: shown }, (_, i) => `${offset + i + 1}. `));
      // Each page shows new passages, not the first page again.
      for (const c of cited) {
        expect(seen.has(`${c.title}#${c.paragraph}`)).toBe(false);
        seen.add(`${c.title}#${c.paragraph}`);
      }
      expect(
        buttonsOf(body.data!)
          .filter((b) => b.label?.startsWith('Full paragraph'))
          .map((b) => b.label),
      ).toEqual(Array.from({ length: shown }, (_, i) => `Full paragraph #${offset + i + 1}`));
      // Still private: an update keeps the message's flags, and the bot does not try to change them.
      expect(body.data?.flags).toBeUndefined();
      message = emu.originalMessage(press)!;
      expect(message.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    }
    const last = buttonOf(message, /results/);
    expect(last).toMatchObject({ label: 'No more results', disabled: true });
    expect(seen.size).toBe(total);
  });

  it('Full paragraph shows the whole paragraph, privately, cited', async () => {
    const { message } = await ask(QUESTION);
    const button = buttonOf(message, 'Full paragraph #1');
    const [, paragraph, documentId] = /^full:(\d+):(.+)$/.exec(button.custom_id) ?? [];
    const document = corpus.documents.find((d) => d.id === documentId)!;
    expect(document).toBeDefined();
    const body = await callback(emu.button(button.custom_id, message));
    expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(body.data?.flags).toBe(MessageFlags.Ephemeral);
    const embed = embedOf(body.data!);
    expect(embed.title).toBe(`${document.title} - paragraph ${paragraph}`);
    // The whole paragraph (markdown-escaped), not the excerpt.
    const text = document.paragraphs[Number(paragraph) - 1]!;
    expect(embed.description?.replace(/\\([\\*_~`|[\]>#+.-])/g, '$1')).toBe(text);
    expect(embed.footer?.text).toContain(`${document.id} · paragraph ${paragraph} of ${document.paragraphs.length}`);
    expect(body.data?.components ?? []).toEqual([]);
  });

  it('Post to channel turns a private answer into a public reply, and only for the one who asked', async () => {
    const { message } = await ask(QUESTION, true);
    const post = buttonOf(message, 'Post to channel');

    // No one else sees a private answer, so another member's press is forged: it learns not even that the answer exists.
    await expectPrivateNotice(
      emu.button(post.custom_id, message, { user: OTHER_USER }),
      'This answer has expired: ask the question again.',
    );

    const body = await callback(emu.button(post.custom_id, message));
    expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(body.data?.flags ?? 0).toBe(0);
    const embed = embedOf(body.data!);
    expect(embed.title).toBe(QUESTION);
    expect(embed.description).toMatch(/^Passages 1-3 of \d+, best first\. Asked by tester\.$/);
    expect(embed.fields).toEqual(embedOf(message).fields);
    // The public copy carries no buttons of the asker's own.
    expect(body.data?.components).toEqual([]);
  });

  it('Helpful / Not helpful: one rating per member and answer, stored in SQLite', async () => {
    const { message } = await ask('What is the P5+1?');
    const helpful = buttonOf(message, 'Helpful');
    const answerId = Number(/^rate:(\d+):1$/.exec(helpful.custom_id)?.[1]);
    expect(answerId).toBeGreaterThan(0);

    await expectPrivateNotice(emu.button(helpful.custom_id, message), 'Thanks: your rating was recorded.');
    await expectPrivateNotice(
      emu.button(buttonOf(message, 'Not helpful').custom_id, message),
      'You have already rated this answer; only your first rating counts.',
    );
    await expectPrivateNotice(
      emu.button(buttonOf(message, 'Not helpful').custom_id, message, { user: OTHER_USER }),
      'Thanks: your rating was recorded.',
    );

    expect(feedbackRows(answerId)).toEqual(
      expect.arrayContaining([
        { user_id: emu.userId, helpful: 1 },
        { user_id: OTHER_USER.id, helpful: 0 },
      ]),
    );
    expect(feedbackRows(answerId)).toHaveLength(2);
  });

  it('says an answer has expired: an unknown id, or one older than 7 days', async () => {
    await expectPrivateNotice(emu.button('rate:999999:1'), 'This answer has expired: ask the question again.');
    await expectPrivateNotice(emu.button('more:999999:3'), 'This answer has expired: ask the question again.');

    const { message } = await ask('What did the JCPOA do?');
    const more = buttonOf(message, 'More results');
    const answerId = Number(/^more:(\d+):/.exec(more.custom_id)?.[1]);
    h.bot.db.prepare('UPDATE answers SET created_at = ? WHERE id = ?').run(Date.now() - 8 * 24 * 60 * 60 * 1000, answerId);
    await expectPrivateNotice(emu.button(more.custom_id, message), 'This answer has expired: ask the question again.');
    expect(feedbackRows(answerId)).toEqual([]);
  });

  it.each(['garbage', 'more:abc:3', 'rate:1:2', 'full:0:notes/susan-rice', ':', 'x'.repeat(100)])(
    'answers a malformed custom_id %j with a clear message',
    async (customId) => {
      await expectPrivateNotice(
        emu.button(customId),
        'This button is from an older version of the bot and no longer works: run the command again.',
      );
    },
  );

  it('says so when a Full paragraph button points at a paragraph no longer in the library', async () => {
    await expectPrivateNotice(
      emu.button('full:99:notes/susan-rice'),
      'That paragraph is no longer in the library (the corpus has changed since): ask again or see `/sources`.',
    );
    await expectPrivateNotice(
      emu.button('full:1:notes/removed-note'),
      'That paragraph is no longer in the library (the corpus has changed since): ask again or see `/sources`.',
    );
  });

  it('keeps working after the bot restarts on the same DATA_DIR', async () => {
    const { message } = await ask('Who is Dennis Ross?', true);
    const rated = await callback(emu.button(buttonOf(message, 'Helpful').custom_id, message));
    expect(rated.data?.content).toBe('Thanks: your rating was recorded.');

    await h.restart();
    // The second start reads the index cached by the first.
    expect(h.logs.filter((l) => l.msg === 'library ready').map((l) => l.index)).toEqual(['built', 'cache']);

    const more = await callback(emu.button(buttonOf(message, 'More results').custom_id, message));
    expect(more.type).toBe(InteractionResponseType.UpdateMessage);
    expect(embedOf(more.data!).description).toMatch(/^Passages 4-/);
    const post = await callback(emu.button(buttonOf(message, 'Post to channel').custom_id, message));
    expect(post.data?.flags ?? 0).toBe(0);
    // The rating given before the restart still counts.
    const again = await callback(emu.button(buttonOf(message, 'Not helpful').custom_id, message));
    expect(again.data?.content).toBe('You have already rated this answer; only your first rating counts.');
  });

  it('sent every message with allowed_mentions { parse: [] } and custom_ids within 100 characters', () => {
    expectNoPingsOnEveryMessage(emu, 20);
  });
});
