// Server notes: what adding, editing and removing a note costs in a server that already has 1,000, in storage and
// then in the search (the next question in that server, which rebuilds the server's library in the search thread);
// how long building a server's library takes and how much memory it holds, with 100 and 1,000 notes; and start-up
// with 1,000 servers of 100 notes each.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { answerQuestion } from '../../src/answer/answer.js';
import { GuildLibraries } from '../../src/answer/guild-libraries.js';
import { createSearchService } from '../../src/answer/service.js';
import type { Corpus } from '../../src/corpus/types.js';
import { createLogger } from '../../src/log.js';
import { noteToDocument } from '../../src/notes/document.js';
import { addNote, editNote, type NotesDeps, removeNote } from '../../src/notes/notes.js';
import { buildLibrary, type Library } from '../../src/search/library.js';
import { openLibrary } from '../../src/search/open.js';
import { openSqliteStorage, type SqliteStorage } from '../../src/storage/sqlite.js';
import type { Actor, Note, NoteContent, NoteWrite, Storage } from '../../src/storage/types.js';
import { wordsByFrequency } from '../generate.js';
import { MB, percentile, settledHeap } from '../measure.js';
import { mulberry32, randomInt, shuffle } from '../prng.js';
import type { BenchSection } from '../section.js';

const run = promisify(execFile);

const GUILD_NOTES = 1000;
const SAMPLES = 1000;
/** Changes timed with the next question after each: every one rebuilds a library of 1,000 notes, a few hundred ms. */
const SEARCH_SAMPLES = 200;
const STARTUP_GUILDS = 1000;
const STARTUP_NOTES = 100;
/** Servers asked their first question after the start-up: each builds its library from its 100 notes. */
const FIRST_QUESTIONS = 200;
const actor: Actor = { id: '100000000000000001', displayName: 'Bench moderator' };
const QUESTIONS = [
  "Why aren't US diplomats talking to their Iranian counterparts?",
  'Why did Susan Rice warn the Iranian ambassador?',
  'What sanctions were imposed on Iran in 2011 and 2012?',
  'What is Track 2 diplomacy?',
  'who is khameini',
];

export interface NotesStartup {
  guilds: number;
  libraryMs: number;
  databaseMs: number;
  threadsMs: number;
  readyMs: number;
  versionChecksMs: number;
  firstQuestionMs: number[];
}

/** Note contents of the size moderators write: a title of 3-8 words, 1-4 paragraphs of 40-120 words, 0-4 tags. */
function noteWriter(words: string[], seed: number): (title: string) => NoteContent {
  const rand = mulberry32(seed);
  const pick = () => words[Math.min(words.length - 1, Math.floor(rand() ** 2 * words.length))]!;
  const phrase = (n: number) => Array.from({ length: n }, pick).join(' ');
  return (title) => ({
    title,
    body: Array.from({ length: randomInt(rand, 1, 4) }, () => `${phrase(randomInt(rand, 40, 120))}.`).join('\n\n'),
    tags: Array.from({ length: randomInt(rand, 0, 4) }, pick),
    source: null,
    about: [],
  });
}

function sorted(samples: readonly number[]): number[] {
  return [...samples].sort((a, b) => a - b);
}

function stats(samples: number[]): string {
  const s = sorted(samples);
  return `${percentile(s, 50).toFixed(2)} | ${percentile(s, 99).toFixed(2)}`;
}

const median = (samples: readonly number[]) => percentile(sorted(samples), 50);

async function timeEach(count: number, work: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await work(i);
    samples.push(performance.now() - start);
  }
  return samples;
}

function timeSync(count: number, work: (i: number) => unknown): number[] {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    work(i);
    samples.push(performance.now() - start);
  }
  return samples;
}

async function seedGuild(storage: Storage, guild: string, count: number, write: (title: string) => NoteContent, prefix: string) {
  const seed: NoteWrite[] = Array.from({ length: count }, (_, i) => ({ kind: 'create', content: write(`${prefix} ${i}`) }));
  for (let i = 0; i < seed.length; i += 100) await storage.notes.writeBatch(guild, seed.slice(i, i + 100), actor);
}

/** Heap taken by a server's live notes as documents, held while measured and released on return. */
async function heapOfDocuments(storage: Storage, guild: string): Promise<{ perServerKB: number; heldCount: number; chars: number }> {
  const before = settledHeap();
  const held = (await storage.notes.live(guild)).map(noteToDocument);
  const perServerKB = (settledHeap() - before) / 1024;
  return { perServerKB, heldCount: held.length, chars: held.reduce((n, d) => n + d.paragraphs.join('').length, 0) };
}

/** The input the notes functions take, from generated content. */
const input = (content: NoteContent) => ({ title: content.title, text: content.body, tags: content.tags.join(', ') });

interface BuildFigures {
  notes: number;
  readMs: number[];
  coldMs: number[];
  afterEditMs: number[];
  wholeMs: number[];
  heapMB: number;
  estimateMB: number;
}

/**
 * A server's library as a search thread builds it (GuildLibraries, in this process): reading the notes, the first
 * build (every note analysed), a rebuild after one edit (the other notes' analysis reused), and for comparison a
 * whole library built from the shipped documents and the notes at once, re-analysing everything. Then the heap
 * that `servers` such libraries hold, each with its first question asked (what the lazily built tables add).
 */
async function buildFigures(
  storage: SqliteStorage,
  shipped: Library,
  corpus: Corpus,
  guild: string,
  runs: number,
  servers: number,
): Promise<BuildFigures> {
  const notes = await storage.notes.live(guild);
  const readMs = await timeEach(runs, () => storage.notes.live(guild));
  const liveNotes = () => Promise.resolve(notes);
  const coldMs = await timeEach(runs, async () => {
    const guilds = new GuildLibraries({ shipped, liveNotes });
    await guilds.libraryFor(guild, 1);
  });
  let current: Note[] = notes;
  const warm = new GuildLibraries({ shipped, liveNotes: () => Promise.resolve(current) });
  await warm.libraryFor(guild, 1);
  const afterEditMs = await timeEach(runs, async (i) => {
    const target = current[i % current.length]!;
    current = current.map((n) => (n === target ? { ...n, revision: n.revision + 1, body: `${n.body} Edited ${i}.` } : n));
    await warm.libraryFor(guild, 2 + i);
  });
  const documents = notes.map(noteToDocument);
  const wholeMs = timeSync(Math.max(3, Math.floor(runs / 2)), () =>
    buildLibrary({ ...corpus, documents: [...corpus.documents, ...documents] }),
  );

  const { heapMB, estimateMB } = await heldLibraries(shipped, notes, servers);
  return { notes: notes.length, readMs, coldMs, afterEditMs, wholeMs, heapMB: heapMB / servers, estimateMB: estimateMB / servers };
}

/**
 * The heap a thread's cache holds once `servers` servers with these notes (each its own copy) have asked a question,
 * and what the cache estimates it holds; with `bounded`, under the default bound, else unbounded.
 */
async function heldLibraries(shipped: Library, notes: readonly Note[], servers: number, bounded = false) {
  const guildOf = (s: number) => `9${String(s).padStart(17, '0')}`;
  const before = settledHeap();
  const held = new GuildLibraries({
    shipped,
    liveNotes: (guildId) => Promise.resolve(notes.map((n) => ({ ...n, guildId }))),
    ...(bounded ? {} : { maxBytes: Number.MAX_SAFE_INTEGER }),
  });
  for (let s = 0; s < servers; s++) {
    const { library } = await held.libraryFor(guildOf(s), 1);
    // The tables a library builds at its first question (typo corrections, names, commentary links) count too.
    answerQuestion(QUESTIONS[4]!, { library });
  }
  const heapMB = (settledHeap() - before) / MB;
  return { heapMB, estimateMB: held.cachedBytes / MB, kept: held.cachedGuilds().length };
}

export const notesSection: BenchSection = {
  title: 'Server notes',
  async run(options, log) {
    const root = await mkdtemp(path.join(os.tmpdir(), 'bench-notes-'));
    try {
      const cacheDir = path.join(root, 'index-cache');
      // As the bot starts: the main thread opens the library (and saves its index), the search thread reads it back.
      const { library: shipped } = await openLibrary(options.corpusDir, cacheDir);
      const real = shipped.corpus;
      const words = wordsByFrequency(real.documents.flatMap((d) => [d.title, ...d.paragraphs]));
      const write = noteWriter(words, options.seed);

      // One server with 1,000 notes, then single changes timed one by one through the notes functions.
      const dataDir = path.join(root, 'one');
      const storage = openSqliteStorage(dataDir);
      const guild = '200000000000000001';
      const deps: NotesDeps = { storage, corpus: real };
      await seedGuild(storage, guild, GUILD_NOTES, write, 'Seed note');
      // Memory of one server's notes as documents; measured before the timed runs leave garbage behind.
      const { perServerKB, heldCount, chars } = await heapOfDocuments(storage, guild);
      log(`  notes: ${GUILD_NOTES} seeded; timing ${SAMPLES} adds, edits, removes in storage`);
      for (let i = 0; i < 50; i++) await addNote(deps, guild, actor, input(write(`Warm-up ${i}`))); // JIT, statement cache
      const adds = await timeEach(SAMPLES, (i) => addNote(deps, guild, actor, input(write(`Added note ${i}`))));
      const rand = mulberry32(options.seed + 1);
      const targets = shuffle(
        rand,
        (await storage.notes.live(guild)).map((n) => n.id),
      );
      const edits = await timeEach(SAMPLES, (i) => editNote(deps, guild, actor, targets[i % targets.length]!, input(write(`Edited ${i}`))));
      const removes = await timeEach(SAMPLES, (i) => removeNote(deps, guild, actor, targets[i]!));

      // The search side: a second server of exactly 1,000 notes, each change followed by the next question there,
      // through the bot's search service (one thread, reading the database read-only, as in the bot).
      const searched = '200000000000000002';
      await seedGuild(storage, searched, GUILD_NOTES, write, 'Searched note');
      const service = await createSearchService({
        corpusDir: options.corpusDir,
        cacheDir,
        corpusVersion: shipped.version,
        workers: 1,
        log: createLogger('silent'),
        notes: { dataDir, version: (g) => storage.notes.version(g) },
      });
      const ask = (i: number) => service.answer(QUESTIONS[i % QUESTIONS.length]!, { guildId: searched, limit: 3 });
      let firstAskMs: number;
      let unchanged: number[];
      const changes = { add: [] as number[], edit: [] as number[], remove: [] as number[] };
      const nextAsk = { add: [] as number[], edit: [] as number[], remove: [] as number[] };
      const noNotesAsk: number[] = [];
      try {
        log(`  notes: timing ${SEARCH_SAMPLES} adds, edits, removes each followed by a question, in a server of ${GUILD_NOTES}`);
        firstAskMs = (await timeEach(1, () => ask(0)))[0]!;
        unchanged = await timeEach(SEARCH_SAMPLES, ask);
        noNotesAsk.push(
          ...(await timeEach(SEARCH_SAMPLES, (i) => service.answer(QUESTIONS[i % QUESTIONS.length]!, { guildId: '200000000000000003' }))),
        );
        const timed = async (kind: keyof typeof changes, change: (i: number) => Promise<unknown>) => {
          for (let i = 0; i < SEARCH_SAMPLES; i++) {
            const t0 = performance.now();
            await change(i);
            const t1 = performance.now();
            await ask(i);
            changes[kind].push(t1 - t0);
            nextAsk[kind].push(performance.now() - t1);
          }
        };
        await timed('add', (i) => addNote(deps, searched, actor, input(write(`Searched added ${i}`))));
        const live = shuffle(
          rand,
          (await storage.notes.live(searched)).map((n) => n.id),
        );
        await timed('edit', (i) => editNote(deps, searched, actor, live[i]!, input(write(`Searched edited ${i}`))));
        await timed('remove', (i) => removeNote(deps, searched, actor, live[SEARCH_SAMPLES + i]!));
      } finally {
        await service.close();
      }

      // Building a server's library, and the memory it holds, with 100 and 1,000 notes.
      log('  notes: building servers’ libraries of 100 and 1,000 notes');
      const hundred = '200000000000000004';
      await seedGuild(storage, hundred, 100, write, 'Hundred note');
      const thousand = '200000000000000005';
      await seedGuild(storage, thousand, GUILD_NOTES, write, 'Thousand note');
      const small = await buildFigures(storage, shipped, real, hundred, 20, 20);
      const large = await buildFigures(storage, shipped, real, thousand, 10, 3);
      // What the cache holds once more servers than it keeps have asked.
      const bound = await heldLibraries(shipped, await storage.notes.live(hundred), FIRST_QUESTIONS, true);
      await storage.close();

      // 1,000 servers of 100 notes, written 100 notes to a transaction, then started in a fresh process; and the
      // same start with no notes at all, for comparison.
      const manyDir = path.join(root, 'many');
      const many = openSqliteStorage(manyDir);
      const buildStart = performance.now();
      for (let g = 0; g < STARTUP_GUILDS; g++) {
        await seedGuild(many, String(300000000000000000n + BigInt(g)), STARTUP_NOTES, write, `Server ${g} note`);
      }
      const buildMs = performance.now() - buildStart;
      await many.close();
      log(`  notes: ${(STARTUP_GUILDS * STARTUP_NOTES).toLocaleString('en')} notes written in ${(buildMs / 1000).toFixed(1)} s; starting`);
      const start = async (dir: string, ask: number): Promise<NotesStartup> => {
        const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/notes/child.ts', options.corpusDir, dir, String(ask)], {
          maxBuffer: 1 << 20,
        });
        return JSON.parse(stdout.trim().split('\n').pop()!) as NotesStartup;
      };
      const emptyDir = path.join(root, 'empty');
      await start(emptyDir, 0); // saves the index in the empty data folder's cache, as a first start would
      const empty = await start(emptyDir, 0);
      const withNotes = await start(manyDir, FIRST_QUESTIONS);

      const buildRow = (f: BuildFigures) =>
        `| ${f.notes.toLocaleString('en')} | ${median(f.readMs).toFixed(1)} | ${median(f.coldMs).toFixed(0)} ` +
        `| ${median(f.afterEditMs).toFixed(0)} | ${median(f.wholeMs).toFixed(0)} | ${f.heapMB.toFixed(1)} ` +
        `| ${f.estimateMB.toFixed(1)} |`;
      const startRow = (label: string, s: NotesStartup) =>
        `| ${label} | ${s.libraryMs.toFixed(0)} | ${s.databaseMs.toFixed(1)} | ${s.threadsMs.toFixed(0)} | ${s.readyMs.toFixed(0)} |`;
      const both = (kind: keyof typeof changes) => changes[kind].map((ms, i) => ms + nextAsk[kind][i]!);
      return [
        '## Server notes',
        '',
        `**Storage.** Through the notes functions (validation, one IMMEDIATE transaction with the revision ` +
          `and the audit row, SQLite in WAL mode, each commit synced to disk with \`synchronous=FULL\`) in a server ` +
          `that already has ${GUILD_NOTES.toLocaleString('en')} notes; ${SAMPLES.toLocaleString('en')} ` +
          `timed calls each, one at a time, after 50 warm-up adds. Generated notes of 1-4 paragraphs ` +
          `of 40-120 words.`,
        '',
        '| operation | p50 ms | p99 ms |',
        '| --- | ---: | ---: |',
        `| add a note | ${stats(adds)} |`,
        `| edit a note (new revision) | ${stats(edits)} |`,
        `| remove a note | ${stats(removes)} |`,
        '',
        `**Search.** Each change followed by the next \`/ask\` in that server, through the bot's search ` +
          `service (one search thread, reading the database read-only): the thread sees the server's ` +
          `notes version has changed and rebuilds the server's library from its notes, re-analysing only ` +
          `the changed note. In a server of ${GUILD_NOTES.toLocaleString('en')} notes (up to ${(GUILD_NOTES + SEARCH_SAMPLES).toLocaleString('en')} ` +
          `during the run); ${SEARCH_SAMPLES} of each, one at a time, questions cycled from ${QUESTIONS.length} ` +
          `real ones.`,
        '',
        '| operation | change p50 / p99 ms | next question p50 / p99 ms | both p50 / p99 ms |',
        '| --- | ---: | ---: | ---: |',
        ...(['add', 'edit', 'remove'] as const).map(
          (kind) =>
            `| ${kind} a note | ${stats(changes[kind]).replace(' | ', ' / ')} | ${stats(nextAsk[kind]).replace(' | ', ' / ')} ` +
            `| ${stats(both(kind)).replace(' | ', ' / ')} |`,
        ),
        `| no change: a question in the same server | - | ${stats(unchanged).replace(' | ', ' / ')} | - |`,
        `| no change: a question in a server without notes | - | ${stats(noNotesAsk).replace(' | ', ' / ')} | - |`,
        '',
        `The server's first question after the start (every note analysed): ${firstAskMs.toFixed(0)} ms.`,
        '',
        "**A server's library**, as a search thread builds it, medians: reading the notes; the first " +
          'build (analysing every note, then indexing them after a copy of the shipped index); a rebuild ' +
          "after one edit (the other notes' analysis reused: what a change costs the next question); " +
          'and, for comparison, a whole library built from the shipped documents and the notes at once ' +
          "(what a rebuild would cost without reusing anything). Heap: what each server's library holds " +
          'in the thread, its first question asked, measured over 20 servers of 100 notes and 3 of 1,000; ' +
          "the estimate is what the thread's cache counts against its bound (128 MB and 200 servers per " +
          'thread by default).',
        '',
        '| notes | read ms | first build ms | rebuild after an edit ms | whole rebuild ms | heap MB | estimate MB |',
        '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
        buildRow(small),
        buildRow(large),
        '',
        `A server without notes searches the shipped library itself: no copy, no memory. Of a server's ` +
          `library, about 2.3 MB is its copy of the shipped index and tables, the same for every server. ` +
          `One server's ${heldCount.toLocaleString('en')} notes as plain documents take ${(perServerKB / 1024).toFixed(1)} ` +
          `MB (${(perServerKB / heldCount).toFixed(2)} KB a note, ${Math.round(chars / heldCount)} characters ` +
          `of text on average).`,
        '',
        `**Start-up** with ${withNotes.guilds.toLocaleString('en')} servers of ${STARTUP_NOTES} notes ` +
          `(${(STARTUP_GUILDS * STARTUP_NOTES).toLocaleString('en')} notes; written in ${(buildMs / 1000).toFixed(1)} ` +
          `s, 100 notes to a transaction), in a fresh process, as \`npm start\` before it logs in: the ` +
          `shipped library (index read back from the cache), the database, one search thread ready. No ` +
          `server's library is built at start-up: each is built at its server's first question.`,
        '',
        '| start | library ms | database ms | search thread ms | process start to ready ms |',
        '| --- | ---: | ---: | ---: | ---: |',
        startRow('no notes', empty),
        startRow(`${withNotes.guilds.toLocaleString('en')} servers × ${STARTUP_NOTES} notes`, withNotes),
        '',
        `Then the first question in each of ${FIRST_QUESTIONS} of those servers (one at a time; each ` +
          `builds that server's library): p50 / p99 ${stats(withNotes.firstQuestionMs).replace(' | ', ' / ')} ` +
          `ms. Checking every server's notes version (${withNotes.guilds.toLocaleString('en')} reads, ` +
          `one per question in the bot): ${withNotes.versionChecksMs.toFixed(1)} ms.`,
        '',
        `Memory after ${FIRST_QUESTIONS} servers of 100 notes have asked, with the cache's default ` +
          `bound (in this process, the same code as a search thread): it keeps ${bound.kept} of them, ` +
          `counted as ${bound.estimateMB.toFixed(0)} MB, measured ${bound.heapMB.toFixed(0)} MB of heap. ` +
          `Each search thread has its own cache: at most about that much per thread (one thread on a ` +
          `2-core machine, three on four).`,
      ].join('\n');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  },
};
