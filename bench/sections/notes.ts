// Server notes: what adding, editing and removing a note costs in a server that already has 1,000, the memory its
// notes take as documents, and start-up with 1,000 servers of 100 notes each. Measured at the storage and notes
// level; the per-server search index update will run in the notes' `onChange` hook (marked below) and add its cost.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadCorpus } from '../../src/corpus/load.js';
import { noteToDocument } from '../../src/notes/document.js';
import { addNote, editNote, type NotesDeps, removeNote } from '../../src/notes/notes.js';
import { openSqliteStorage } from '../../src/storage/sqlite.js';
import type { Actor, NoteContent, NoteWrite, Storage } from '../../src/storage/types.js';
import { wordsByFrequency } from '../generate.js';
import { percentile, settledHeap } from '../measure.js';
import { mulberry32, randomInt, shuffle } from '../prng.js';
import type { BenchSection } from '../section.js';

const run = promisify(execFile);

const GUILD_NOTES = 1000;
const SAMPLES = 1000;
const STARTUP_GUILDS = 1000;
const STARTUP_NOTES = 100;
const actor: Actor = { id: '100000000000000001', displayName: 'Bench moderator' };

interface StartupTimings {
  guilds: number;
  notes: number;
  openMs: number;
  readAllMs: number;
  versionChecksMs: number;
  heapMB: number;
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

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  return `${percentile(sorted, 50).toFixed(2)} | ${percentile(sorted, 99).toFixed(2)}`;
}

async function timeEach(count: number, work: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await work(i);
    samples.push(performance.now() - start);
  }
  return samples;
}

/** Heap taken by a server's live notes as documents, held while measured and released on return. */
async function heapOfDocuments(storage: Storage, guild: string): Promise<{ perServerKB: number; heldCount: number; chars: number }> {
  const before = settledHeap();
  const held = (await storage.notes.live(guild)).map(noteToDocument);
  const perServerKB = (settledHeap() - before) / 1024;
  return { perServerKB, heldCount: held.length, chars: held.reduce((n, d) => n + d.paragraphs.join('').length, 0) };
}

export const notesSection: BenchSection = {
  title: 'Server notes',
  async run(options, log) {
    const real = await loadCorpus(options.corpusDir);
    const words = wordsByFrequency(real.documents.flatMap((d) => [d.title, ...d.paragraphs]));
    const write = noteWriter(words, options.seed);
    const root = await mkdtemp(path.join(os.tmpdir(), 'bench-notes-'));
    try {
      // One server with 1,000 notes, then single changes timed one by one through the notes functions.
      const storage = openSqliteStorage(path.join(root, 'one'));
      const guild = '200000000000000001';
      // The hook where the per-server search index will be updated; empty here, so only storage and notes are timed.
      const deps: NotesDeps = { storage, corpus: real, onChange: () => undefined };
      const seed: NoteWrite[] = Array.from({ length: GUILD_NOTES }, (_, i) => ({ kind: 'create', content: write(`Seed note ${i}`) }));
      for (let i = 0; i < seed.length; i += 100) await storage.notes.writeBatch(guild, seed.slice(i, i + 100), actor);
      // Memory of one server's notes as documents, the form the search indexes; measured before the timed runs leave
      // garbage behind.
      const { perServerKB, heldCount, chars } = await heapOfDocuments(storage, guild);
      const input = (content: NoteContent) => ({ title: content.title, text: content.body, tags: content.tags });
      log(`  notes: ${GUILD_NOTES} seeded; timing ${SAMPLES} adds, edits, removes`);
      for (let i = 0; i < 50; i++) await addNote(deps, guild, actor, input(write(`Warm-up ${i}`))); // JIT, statement cache
      const adds = await timeEach(SAMPLES, (i) => addNote(deps, guild, actor, input(write(`Added note ${i}`))));
      const live = await storage.notes.live(guild);
      const rand = mulberry32(options.seed + 1);
      const targets = shuffle(
        rand,
        live.map((n) => n.id),
      );
      const edits = await timeEach(SAMPLES, (i) =>
        editNote(deps, guild, actor, targets[i % targets.length]!, { ...input(write(`Edited ${i}`)) }),
      );
      const removes = await timeEach(SAMPLES, (i) => removeNote(deps, guild, actor, targets[i]!));
      const reads = await timeEach(50, async () => (await storage.notes.live(guild)).map(noteToDocument));
      const kept = (await storage.notes.live(guild)).length;

      await storage.close();

      // 1,000 servers of 100 notes, written 100 notes to a transaction, then started in a fresh process.
      const manyDir = path.join(root, 'many');
      const many = openSqliteStorage(manyDir);
      const buildStart = performance.now();
      for (let g = 0; g < STARTUP_GUILDS; g++) {
        const id = String(300000000000000000n + BigInt(g));
        await many.notes.writeBatch(
          id,
          Array.from({ length: STARTUP_NOTES }, (_, i): NoteWrite => ({ kind: 'create', content: write(`Server ${g} note ${i}`) })),
          actor,
        );
      }
      const buildMs = performance.now() - buildStart;
      await many.close();
      log(`  notes: ${STARTUP_GUILDS * STARTUP_NOTES} notes written in ${(buildMs / 1000).toFixed(1)} s; starting`);
      const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/notes/child.ts', manyDir], {
        maxBuffer: 1 << 20,
      });
      const start = JSON.parse(stdout.trim().split('\n').pop()!) as StartupTimings;

      return [
        '## Server notes',
        '',
        `Through the notes functions (validation, one IMMEDIATE transaction with the revision and the audit row, SQLite in WAL mode with \`synchronous=FULL\`, the default) in a server that already has ${GUILD_NOTES.toLocaleString('en')} notes; ${SAMPLES.toLocaleString('en')} timed calls each, one at a time, after 50 warm-up adds. Generated notes of 1-4 paragraphs of 40-120 words. The per-server search index update is not included: it will run in the notes' \`onChange\` hook and add its own cost.`,
        '',
        '| operation | p50 ms | p99 ms |',
        '| --- | ---: | ---: |',
        `| add a note | ${stats(adds)} |`,
        `| edit a note (new revision) | ${stats(edits)} |`,
        `| remove a note | ${stats(removes)} |`,
        `| read the server's ${kept.toLocaleString('en')} live notes as documents (what an index rebuild starts from), 50 runs | ${stats(reads)} |`,
        '',
        `Memory: one server's ${heldCount.toLocaleString('en')} live notes as documents take ${(perServerKB / 1024).toFixed(1)} MB of heap (${(perServerKB / heldCount).toFixed(2)} KB a note, ${Math.round(chars / heldCount)} characters of text on average), before any index.`,
        '',
        `Start-up with ${start.guilds.toLocaleString('en')} servers of ${STARTUP_NOTES} notes (${start.notes.toLocaleString('en')} notes; written in ${(buildMs / 1000).toFixed(1)} s, 100 notes to a transaction), in a fresh process:`,
        '',
        '| step | ms |',
        '| --- | ---: |',
        `| open the database (and check its schema) | ${start.openMs.toFixed(1)} |`,
        `| read every server's live notes as documents | ${Math.round(start.readAllMs).toLocaleString('en')} |`,
        `| check every server's notes version (${start.guilds.toLocaleString('en')} reads) | ${start.versionChecksMs.toFixed(1)} |`,
        '',
        `Holding all ${start.notes.toLocaleString('en')} notes as documents: ${start.heapMB.toFixed(0)} MB of heap.`,
      ].join('\n');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  },
};
