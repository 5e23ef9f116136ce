/**
 * Server notes in `/ask` answers, end to end: a note saved with `/note add` is cited by the very next question in its
 * server, as a note of that server, and nowhere else; edits, removals and restorations show at once; a note about
 * a passage shows under it as commentary; and a server without notes gets exactly the answers it got before other
 * servers wrote theirs.
 */
import type { APIEmbed } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, NoteWrite } from '../../src/storage/types.js';
import type { DiscordEmulator, InteractionExtras } from './discord-emulator/index.js';
import { type Harness, startHarness } from './helpers/bot.js';
import { answerOf, buttonOf, buttonsOf, callback, embedOf, expectNoPingsOnEveryMessage, type MessageBody } from './helpers/discord.js';
import { addNote, finalReply, modalOf, note, savedId } from './helpers/notes.js';
import { ARTICLE_ID } from './helpers/paths.js';

const G1 = '500000000000000001';
const G2 = '500000000000000002';
const C2 = '510000000000000002';
const G3 = '500000000000000003';
const C3 = '510000000000000003';
const inG2: InteractionExtras = { guildId: G2, channelId: C2 };
const inG3: InteractionExtras = { guildId: G3, channelId: C3 };
const ARTICLE_TITLE = 'Deploy U.S. Diplomats Quietly To Seek Iranian Deal';

/** Questions the shipped library answers, or refuses, in many ways: what another server's notes must not change. */
const QUESTIONS = [
  "Why aren't US diplomats talking to their Iranian counterparts?",
  'Who is Susan Rice?',
  'who is khameini',
  'What sanctions were imposed on Iran in 2011?',
  'Who wrote the op-ed?',
  'What does the op-ed propose?',
  'What is Track 2 diplomacy?',
  'What is the IAEA?',
  'what happened to the saudi ambassador plot',
  'What is the capital of Australia?',
  'enrichment plant in a mountain near Qom',
];

describe('server notes in answers', () => {
  let h: Harness;
  let emu: DiscordEmulator;

  beforeAll(async () => {
    // Two search threads: each keeps its own copy of a server's library, and both must see every change.
    h = await startHarness({ searchWorkers: 2, emulator: { guilds: [{ id: G1 }, { id: G2, channelId: C2 }, { id: G3, channelId: C3 }] } });
    emu = h.emu;
  });

  afterAll(async () => {
    await h?.close();
  });

  const ask = async (question: string, extra: InteractionExtras = {}): Promise<MessageBody> =>
    (await answerOf(emu, emu.command('ask', { question }, extra))).message;
  const fields = (message: MessageBody) => embedOf(message).fields ?? [];
  const names = (message: MessageBody) => fields(message).map((f) => f.name);
  const day = (id: number) =>
    new Date(h.bot.db.prepare('SELECT created_at FROM notes WHERE id = ?').pluck().get(id) as number).toISOString().slice(0, 10);
  /** Everything in an answer but the stored answer's id: the embed and the Full paragraph buttons. */
  const comparable = (message: MessageBody) => ({
    embeds: message.embeds as APIEmbed[],
    full: buttonsOf(message)
      .filter((b) => b.custom_id.startsWith('full:'))
      .map((b) => [b.label, b.custom_id]),
  });

  let fordow: number;

  it('cites a note saved with /note add in the very next answer of its server, as a note of that server', async () => {
    const before = await ask('What is Fordow?');
    expect(JSON.stringify(before)).not.toContain('server/');
    fordow = savedId(
      await finalReply(
        emu,
        await addNote(
          emu,
          { title: 'Fordow', text: 'Fordow is an enrichment plant dug into a mountain near Qom.\n\nIran declared it in 2009.' },
          { nick: '**Mod** Alice' },
        ),
      ),
    );
    const message = await ask('What is Fordow?');
    const [first] = fields(message);
    expect(first!.name).toBe('1. Server note: Fordow - paragraph 1');
    expect(first!.value).toMatch(/^\*\*Fordow\*\* is an enrichment plant/);
    expect(first!.value).toContain(`\nby \\*\\*Mod\\*\\* Alice, ${day(fordow)}\n\`server/${fordow}\``);
    expect(buttonOf(message, 'Full paragraph #1').custom_id).toBe(`full:1:server/${fordow}`);
    // Shipped passages stay as they were cited.
    for (const name of names(message).slice(1)) expect(name).not.toContain('Server note');
  });

  it("never shows one server's note in another server's answers", async () => {
    for (const extra of [inG2, inG3]) {
      for (const question of ['What is Fordow?', 'enrichment plant in a mountain near Qom', 'Iran declared it in 2009']) {
        const message = await ask(question, extra);
        expect(JSON.stringify(message), question).not.toMatch(/server\/|Server note|Fordow is/);
      }
    }
  });

  it('shows an edit in the very next answer, a removal hides the note, a restoration brings it back', async () => {
    const opened = note(emu, 'edit', { note: String(fordow) });
    await modalOf(emu, opened);
    const edited = await finalReply(
      emu,
      emu.submitModal(opened, {
        text: 'Fordow is an enrichment plant under a mountain near Qom.\n\nIts centrifuges spin in tunnels bored 80 metres deep.',
      }),
    );
    expect(edited.message.content).toMatch(/^Saved revision 2 of note #\d+/);
    const afterEdit = await ask('centrifuges spinning in deep tunnels');
    expect(fields(afterEdit)[0]!.name).toBe('1. Server note: Fordow - paragraph 2');
    expect(fields(afterEdit)[0]!.value).toContain('80 metres');
    expect(JSON.stringify(await ask('Iran declared it in 2009'))).not.toContain(`server/${fordow}`);

    await finalReply(emu, note(emu, 'remove', { note: String(fordow) }));
    expect(JSON.stringify(await ask('centrifuges spinning in deep tunnels'))).not.toContain(`server/${fordow}`);
    expect(JSON.stringify(await ask('What is Fordow?'))).not.toContain('Server note');

    await finalReply(emu, note(emu, 'restore', { note: String(fordow) }));
    expect(names(await ask('centrifuges spinning in deep tunnels'))[0]).toBe('1. Server note: Fordow - paragraph 2');
  });

  it('shows the whole paragraph of a server note to whoever presses Full paragraph in its server, and nowhere else', async () => {
    const message = await ask('What is Fordow?');
    const customId = buttonOf(message, 'Full paragraph #1').custom_id;
    const full = await callback(emu.button(customId, undefined));
    expect(full.data?.flags).toBe(64);
    expect(full.data?.embeds?.[0]).toMatchObject({
      title: 'Server note: Fordow - paragraph 1',
      description: 'Fordow is an enrichment plant under a mountain near Qom.',
      footer: { text: `server/${fordow} · paragraph 1 of 2 · Server note · by **Mod** Alice, ${day(fordow)}` },
    });
    const gone = 'That paragraph is no longer in the library (the corpus has changed since): ask again or see `/sources`.';
    // The same button carried to another server, or to a DM, finds no such note there.
    expect((await callback(emu.button(customId, undefined, inG2))).data?.content).toBe(gone);
    expect((await callback(emu.button(customId, undefined, { guildId: null }))).data?.content).toBe(gone);
    expect((await callback(emu.button(`full:3:server/${fordow}`, undefined))).data?.content).toBe(gone);
  });

  it('shows a note written about a passage as commentary under that passage', async () => {
    const opened = note(emu, 'add', { about: `${ARTICLE_ID}#2` }, { nick: 'Mod Bob' });
    await modalOf(emu, opened);
    const id = savedId(
      await finalReply(
        emu,
        emu.submitModal(opened, {
          title: 'Corridors of Vienna',
          text: 'In the corridors of the IAEA in Vienna, envoys who rub shoulders with Iranian counterparts can build trust quietly.',
        }),
      ),
    );
    const message = await ask('envoys in Vienna building trust with Iranian counterparts');
    const [first] = fields(message);
    expect(first!.name).toBe(`1. ${ARTICLE_TITLE} - paragraph 2`);
    expect(first!.value).toContain(`\nCommentary: Server note: Corridors of Vienna - paragraph 1 · by Mod Bob, ${day(id)}`);
    expect(names(message).join('\n')).not.toContain('Corridors of Vienna');
    // Not in the other servers.
    expect(JSON.stringify(await ask('envoys in Vienna building trust with Iranian counterparts', inG2))).not.toContain('Corridors');
  });

  it('gives a server without notes byte-for-byte the answers it gave before other servers wrote hundreds', async () => {
    const before: Array<ReturnType<typeof comparable>> = [];
    for (const question of QUESTIONS) before.push(comparable(await ask(question, inG3)));
    // Hundreds of notes in another server, full of the questions' own words: if they reached this server's search,
    // they would change its ranking, its confidence and its counts.
    const moderator: Actor = { id: '100000000000000009', displayName: 'Bulk moderator' };
    const words = QUESTIONS.join(' ')
      .replace(/[^\p{L}\d ]/gu, ' ')
      .split(/\s+/)
      .filter(Boolean);
    const writes: NoteWrite[] = Array.from({ length: 300 }, (_, i) => ({
      kind: 'create',
      content: {
        title: `Bulk note ${i} ${words[i % words.length]!}`,
        body: Array.from({ length: 40 }, (_, j) => words[(i * 7 + j * 3) % words.length]).join(' '),
        tags: [words[(i * 5) % words.length]!],
        source: null,
        about: i % 10 === 0 ? [{ documentId: ARTICLE_ID, paragraph: 1 + (i % 9) }] : [],
      },
    }));
    await h.bot.storage.notes.writeBatch(G2, writes, moderator);
    // The other server's answers do change (the notes are there), and this one's do not.
    const elsewhere: Array<ReturnType<typeof comparable>> = [];
    for (const question of QUESTIONS) elsewhere.push(comparable(await ask(question, inG2)));
    expect(elsewhere.filter((answer, i) => JSON.stringify(answer) !== JSON.stringify(before[i])).length).toBeGreaterThan(
      QUESTIONS.length / 2,
    );
    for (const [i, question] of QUESTIONS.entries()) expect(comparable(await ask(question, inG3)), question).toEqual(before[i]);
  });

  it('answers from every one of 50 notes submitted at the same moment', async () => {
    // Made-up words, one per note, found in no other document, each two letters from any other (beyond a typo).
    const letter = (n: number) => String.fromCharCode(97 + n);
    const word = (i: number) => `zel${letter(i % 26).repeat(2)}o${letter(Math.floor(i / 26)).repeat(2)}n`;
    const sent = Array.from({ length: 50 }, (_, i) =>
      emu.modalSubmit('note-add', {
        title: `Glossary ${i}`,
        text: `The ${word(i)} is a term only note ${i} explains.`,
        tags: '',
        source: '',
      }),
    );
    const ids = (await Promise.all(sent.map((s) => finalReply(emu, s, 20_000)))).map(savedId);
    expect(new Set(ids).size).toBe(50);
    const answers = await Promise.all(ids.map((_, i) => ask(`What is a ${word(i)}?`)));
    answers.forEach((message, i) => expect(names(message)[0], word(i)).toBe(`1. Server note: Glossary ${i} - paragraph 1`));
  });

  it("keeps /ask and /quote autocomplete to the shipped library: no server's note words or titles", async () => {
    const complete = async (command: string, options: Record<string, string>, focused: string, extra: InteractionExtras = {}) =>
      JSON.stringify((await callback(emu.autocomplete(command, options, focused, extra))).data?.choices ?? []);
    for (const extra of [{}, inG2]) {
      // Recent questions of the same server may come back; words of the notes may not.
      expect(await complete('ask', { question: 'tell me about zela' }, 'question', extra)).not.toMatch(/zelaao/);
      expect(await complete('quote', { document: 'Fordow' }, 'document', extra)).not.toContain('server/');
    }
  });

  it('sent every message with allowed_mentions { parse: [] }', () => {
    expectNoPingsOnEveryMessage(emu, 100);
  });
});
