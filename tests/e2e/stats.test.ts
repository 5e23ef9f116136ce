/**
 * `/stats` through the emulator with the real bot: a scripted series of questions (answered and refused, public and
 * private, from several members), ratings and notes, then the figures, the chart, privacy and permissions.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { type APIMessage, type APIUser, InteractionResponseType } from 'discord.js';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { user } from './discord-emulator/fixtures.js';
import { snowflake } from './discord-emulator/ids.js';
import type { CommandExtras, DiscordEmulator } from './discord-emulator/index.js';
import { type Harness, startHarness } from './helpers/bot.js';
import { buttonOf, callback, embedOf, expectNoPingsOnEveryMessage } from './helpers/discord.js';
import { ADMIN } from './helpers/config.js';
import { addNote, embedIn, type FinalReply, finalReply, MEMBER, MODERATOR, modalOf, note, savedId } from './helpers/notes.js';

const G1 = '700000000000000001';
const G2 = '700000000000000002';
const G1_CHANNEL = '710000000000000001';
const G2_CHANNEL = '710000000000000002';

const ALICE = user(snowflake(), 'alice', false);
const BOB = user(snowflake(), 'bob', false);
const CAROL = user(snowflake(), 'carol', false);

const ANSWERED = 'Who is Susan Rice?';
const REFUSED = 'What is the capital of Australia?';
const PRIVATE_ANSWERED = 'Who is Khamenei?';
const PRIVATE_REFUSED = 'What is Stuxnet?';

/** The chart's bar colours (src/stats/chart.ts), as RGB. */
const BLURPLE = [0x58, 0x65, 0xf2];
const RED = [0xed, 0x42, 0x45];

/** How many pixels of a decoded PNG have exactly this colour. */
function pixelsOf(png: PNG, [r, g, b]: number[]): number {
  let n = 0;
  for (let i = 0; i < png.data.length; i += 4) if (png.data[i] === r && png.data[i + 1] === g && png.data[i + 2] === b) n += 1;
  return n;
}

function distinctColours(png: PNG): number {
  const seen = new Set<number>();
  for (let i = 0; i < png.data.length; i += 4) seen.add(png.data.readUInt32BE(i));
  return seen.size;
}

function field(reply: FinalReply, name: string): string {
  const found = embedIn(reply).fields?.find((f) => f.name === name);
  expect(found, `a field named ${name}`).toBeDefined();
  return found!.value;
}

describe('/stats: usage figures for admins', () => {
  let h: Harness;
  let emu: DiscordEmulator;
  const inG1 = { guildId: G1, channelId: G1_CHANNEL };
  const inG2 = { guildId: G2, channelId: G2_CHANNEL };
  const hoursSeen = new Set<number>();

  beforeAll(async () => {
    h = await startHarness({
      emulator: {
        guilds: [
          { id: G1, channelId: G1_CHANNEL },
          { id: G2, channelId: G2_CHANNEL },
        ],
      },
    });
    emu = h.emu;
  });

  afterAll(async () => {
    expectNoPingsOnEveryMessage(emu, 10);
    await h?.close();
  });

  const stats = (extra: CommandExtras, period?: number) =>
    finalReply(emu, emu.command('stats', period === undefined ? {} : { period }, { memberPermissions: ADMIN, ...extra }));

  /** Asks as `who`, checks whether the library answered, and returns the answer message (for its buttons). */
  async function ask(question: string, who: APIUser, isPrivate: boolean, answered: boolean, where = inG1): Promise<APIMessage> {
    hoursSeen.add(new Date().getUTCHours());
    const sent = emu.command('ask', { question, private: isPrivate }, { ...where, user: who, memberPermissions: MEMBER });
    expect((await callback(sent)).type).toBe(InteractionResponseType.ChannelMessageWithSource);
    const message = emu.originalMessage(sent)!;
    const refusedText = embedOf(message).description?.includes('The library does not answer this question.') ?? false;
    expect(refusedText, `"${question}" answered: ${String(answered)}`).toBe(!answered);
    hoursSeen.add(new Date().getUTCHours());
    return message;
  }

  async function rate(message: APIMessage, label: 'Helpful' | 'Not helpful', who: APIUser): Promise<void> {
    const body = await callback(emu.button(buttonOf(message, label).custom_id, message, { ...inG1, user: who }));
    expect(body.data?.content).toBe('Thanks: your rating was recorded.');
  }

  async function pngOf(reply: FinalReply): Promise<PNG> {
    expect(reply.files.map((f) => f.name)).toEqual(['questions-per-day.png']);
    const file = reply.files[0]!;
    expect(file.contentType).toBe('image/png');
    return PNG.sync.read(file.data);
  }

  let emptyChart: PNG;

  it('answers a server with no questions yet clearly, with a valid empty chart', async () => {
    const reply = await stats(inG2);
    expect(reply.ephemeral).toBe(true);
    const embed = embedIn(reply);
    expect(embed.title).toBe('Questions in this server: last 7 days');
    expect(embed.description).toMatch(
      /^No questions yet in this server from \d+ \w+ \d{4} to \d+ \w+ \d{4}, in UTC days, today included\./,
    );
    expect(field(reply, 'Questions asked')).toBe('0 by 0 members');
    expect(field(reply, 'Rated helpful')).toBe('no ratings yet');
    expect(field(reply, 'Last 30 days')).toBe('No questions; notes: 0 added, 0 edited');
    expect(embed.image?.url).toBe('attachment://questions-per-day.png');
    emptyChart = await pngOf(reply);
    expect([emptyChart.width, emptyChart.height]).toEqual([800, 400]);
    // Axes, labels and legend are drawn even with no bars: the image is not blank.
    expect(distinctColours(emptyChart)).toBeGreaterThan(10);
  });

  describe('after a scripted series of questions, ratings and notes', () => {
    let reply: FinalReply;

    beforeAll(async () => {
      const rice = await ask(ANSWERED, ALICE, false, true);
      // The same question in other words' case and punctuation: counted as one question asked twice.
      await ask('who is  susan rice', BOB, false, true);
      await ask(REFUSED, BOB, false, false);
      await ask(REFUSED, CAROL, false, false);
      const khamenei = await ask(PRIVATE_ANSWERED, CAROL, true, true);
      await ask(PRIVATE_REFUSED, ALICE, true, false);
      // A page of an answer already counted is not a new question.
      const more = await callback(emu.button(buttonOf(rice, 'More results').custom_id, rice, { ...inG1, user: ALICE }));
      expect(more.type).toBe(InteractionResponseType.UpdateMessage);
      await rate(rice, 'Helpful', BOB);
      await rate(rice, 'Not helpful', CAROL);
      await rate(khamenei, 'Helpful', CAROL);

      const asModerator = { ...inG1, memberPermissions: MODERATOR };
      const first = savedId(await finalReply(emu, await addNote(emu, { title: 'Fordow', text: 'An enrichment plant.' }, asModerator)));
      savedId(await finalReply(emu, await addNote(emu, { title: 'Natanz', text: 'The main enrichment site.' }, asModerator)));
      const opened = note(emu, 'edit', { note: String(first) }, asModerator);
      await modalOf(emu, opened);
      expect((await finalReply(emu, emu.submitModal(opened, { text: 'An enrichment plant under a mountain.' }))).message.content).toMatch(
        /^Saved revision 2 of note/,
      );
      // Another server's question and note count there only.
      await ask(ANSWERED, ALICE, false, true, inG2);
      savedId(await finalReply(emu, await addNote(emu, { title: 'Elsewhere', text: 'Not in the first server.' }, { ...inG2 })));

      reply = await stats(inG1);
    });

    it('counts questions, answers, ratings, members and notes of this server', () => {
      expect(reply.ephemeral).toBe(true);
      expect(embedIn(reply).description).toMatch(/^From \d+ \w+ \d{4} to \d+ \w+ \d{4}, in UTC days, today included\.$/);
      expect(field(reply, 'Questions asked')).toBe('6 (2 private) by 3 members');
      expect(field(reply, 'Answered')).toBe('50%: 3 of 6 (3 refused)');
      expect(field(reply, 'Rated helpful')).toBe('67%: 2 of 3 ratings');
      expect(field(reply, 'Notes')).toBe('2 added, 1 edited');
      // The last 30 days come beside the 7: everything here happened today, so they hold the same questions.
      expect(field(reply, 'Last 30 days')).toBe('6 questions by 3 members, 50% answered, 67% rated helpful; notes: 2 added, 1 edited');
      const hours = field(reply, 'Busiest hours (UTC)');
      if (hoursSeen.size === 1) {
        const [hour] = [...hoursSeen];
        const pad = (n: number) => String(n % 24).padStart(2, '0');
        expect(hours).toBe(`${pad(hour!)}:00-${pad(hour! + 1)}:00 (6)`);
      } else expect(hours).toMatch(/^\d\d:00-\d\d:00 \(\d\)(, \d\d:00-\d\d:00 \(\d\))+$/);
    });

    it('lists the most asked and most refused public questions, pointing to /note gaps', () => {
      expect(field(reply, 'Most asked (public questions)')).toBe('1. what is the capital of australia (×2)\n2. who is susan rice (×2)');
      expect(field(reply, 'Most refused (public questions)')).toBe(
        '1. what is the capital of australia (×2)\nWrite the missing notes from `/note gaps`.',
      );
    });

    it('never shows a private question, and keeps neither its text nor any raw user id in the question log', () => {
      const shown = JSON.stringify(reply.message).toLowerCase();
      expect(shown).not.toContain('khamenei');
      expect(shown).not.toContain('stuxnet');
      const rows = h.bot.db.prepare('SELECT * FROM question_log').all() as Array<Record<string, unknown>>;
      expect(rows).toHaveLength(7);
      const table = JSON.stringify(rows);
      for (const member of [ALICE, BOB, CAROL, emu.testUser]) expect(table).not.toContain(member.id);
      expect(table.toLowerCase()).not.toContain('khamenei');
      expect(table.toLowerCase()).not.toContain('stuxnet');
      for (const row of rows) expect(row.member_hash).toMatch(/^[0-9a-f]{64}$/);
      // One hash per member of a server: three in the first, one in the second, and Alice's two differ.
      const hashes = (guild: string) => new Set(rows.filter((r) => r.guild_id === guild).map((r) => r.member_hash));
      expect(hashes(G1).size).toBe(3);
      expect(hashes(G2).size).toBe(1);
      expect([...hashes(G1)]).not.toContain([...hashes(G2)][0]);
    });

    it('hashes with a key generated into DATA_DIR, readable by its owner only, and never logged', () => {
      const file = path.join(h.dataDir, 'stats-hmac.key');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const key = readFileSync(file, 'utf8').trim();
      expect(key).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(h.logs)).not.toContain(key);
      expect(h.logs).toContainEqual(expect.objectContaining({ msg: 'stats key ready', source: 'new-file' }));
    });

    it('attaches a readable 800x400 PNG whose stacked bars show answered and refused questions', async () => {
      expect(embedIn(reply).image?.url).toBe('attachment://questions-per-day.png');
      const chart = await pngOf(reply);
      expect([chart.width, chart.height]).toEqual([800, 400]);
      // The empty chart has these colours only in its legend; bars of 3 questions each cover far more.
      expect(pixelsOf(chart, BLURPLE)).toBeGreaterThan(5 * Math.max(1, pixelsOf(emptyChart, BLURPLE)));
      expect(pixelsOf(chart, RED)).toBeGreaterThan(5 * Math.max(1, pixelsOf(emptyChart, RED)));
    });

    it("keeps another server's figures to itself", async () => {
      const other = await stats(inG2, 30);
      expect(embedIn(other).title).toBe('Questions in this server: last 30 days');
      expect(field(other, 'Questions asked')).toBe('1 by 1 member');
      expect(field(other, 'Answered')).toBe('100%: 1 of 1 (0 refused)');
      expect(field(other, 'Rated helpful')).toBe('no ratings yet');
      expect(field(other, 'Most asked (public questions)')).toBe('1. who is susan rice (×1)');
      expect(field(other, 'Notes')).toBe('1 added, 0 edited');
      const again = await stats(inG1, 30);
      expect(field(again, 'Questions asked')).toBe('6 (2 private) by 3 members');
      expect(field(again, 'Notes')).toBe('2 added, 1 edited');
    });
  });

  describe('who may see it', () => {
    it('refuses a member without Manage Server privately, even when the command reaches the bot', async () => {
      for (const permissions of [MEMBER, MODERATOR]) {
        const refused = await finalReply(emu, emu.command('stats', {}, { ...inG1, memberPermissions: permissions }));
        expect(refused.ephemeral).toBe(true);
        expect(refused.message.content).toBe("Only the server's admins can see its usage figures: it takes the Manage Server permission.");
        expect(refused.message.embeds ?? []).toEqual([]);
        expect(refused.files).toEqual([]);
      }
    });

    it('refuses a period other than 7 or 30 days', async () => {
      const refused = await finalReply(emu, emu.command('stats', { period: 14 }, { ...inG1, memberPermissions: ADMIN }));
      expect(refused.message.content).toBe('Option `period`: must be one of 7 or 30 days.');
    });
  });
});
