/**
 * Notes under load and across a crash: 50 forms submitted at the same moment are all stored once; and `npm start`
 * killed with SIGKILL while notes are being saved loses none that it had confirmed.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src/storage/db.js';
import { type DiscordEmulator, startEmulator } from './discord-emulator/index.js';
import { type Harness, makeDataDir, startHarness, TEST_TOKEN } from './helpers/bot.js';
import { answerOf, embedOf, expectNoPingsOnEveryMessage } from './helpers/discord.js';
import { embedIn, finalReply, note } from './helpers/notes.js';
import { type RunningScript, startScript } from './helpers/process.js';

const form = (title: string) => ({ title, text: `What ${title} says.`, tags: '', source: '' });

describe('50 notes submitted at the same moment', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  it('stores every one exactly once, confirms each, and numbers the cases 1 to 50', async () => {
    const titles = Array.from({ length: 50 }, (_, i) => `Concurrent note ${String(i + 1).padStart(2, '0')}`);
    const sent = titles.map((title) => h.emu.modalSubmit('note-add', form(title)));
    const replies = await Promise.all(sent.map((s) => finalReply(h.emu, s, 20_000)));
    const ids = replies.map((r) => Number(/^Saved note #(\d+) /.exec(r.message.content ?? '')?.[1]));
    expect(ids.every((id) => Number.isInteger(id))).toBe(true);
    expect(new Set(ids).size).toBe(50);
    const rows = h.bot.db.prepare('SELECT id, title FROM notes ORDER BY title').all() as Array<{ id: number; title: string }>;
    expect(rows.map((r) => r.title)).toEqual(titles);
    // Each confirmation names the note that holds its own title.
    replies.forEach((reply, i) => expect(rows.find((r) => r.id === ids[i])?.title).toBe(titles[i]));
    expect(h.bot.db.prepare('SELECT COUNT(*) FROM note_revisions').pluck().get()).toBe(50);
    const cases = h.bot.db.prepare('SELECT case_number FROM audit ORDER BY case_number').pluck().all();
    expect(cases).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expectNoPingsOnEveryMessage(h.emu, 50);
  });
});

describe('npm start killed with SIGKILL while notes are being saved', () => {
  let emu: DiscordEmulator;
  let dataDir: string;
  const bots: RunningScript[] = [];

  beforeAll(async () => {
    emu = await startEmulator({ token: TEST_TOKEN });
    dataDir = await makeDataDir();
  });

  afterEach(() => {
    for (const bot of bots) bot.kill();
  });

  afterAll(async () => {
    for (const bot of bots) bot.kill();
    await emu?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function start(): Promise<RunningScript> {
    const bot = startScript('src/main.ts', {
      DISCORD_TOKEN: TEST_TOKEN,
      DISCORD_APP_ID: emu.applicationId,
      DISCORD_API_BASE: emu.apiBase,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
    });
    bots.push(bot);
    await bot.waitForLog((l) => l['msg'] === 'logged in', 30_000);
    return bot;
  }

  it('keeps every note it confirmed before the kill: all of them are in /note list, and cited, after the restart', async () => {
    const first = await start();
    // One note confirmed well before the kill, then eight submitted together and the process killed mid-way.
    const early = await finalReply(emu, emu.modalSubmit('note-add', form('Saved before the storm')));
    expect(early.message.content).toMatch(/^Saved note #1 /);
    const burst = Array.from({ length: 8 }, (_, i) => emu.modalSubmit('note-add', form(`Burst note ${i + 1}`)));
    const confirmed: string[] = ['Saved before the storm'];
    await new Promise<void>((resolve) => {
      burst.forEach((sent, i) => {
        void finalReply(emu, sent, 15_000).then(
          (reply) => {
            if (/^Saved note/.test(reply.message.content ?? '') && first.child.exitCode === null && first.child.signalCode === null)
              confirmed.push(`Burst note ${i + 1}`);
            if (confirmed.length >= 4) resolve();
          },
          () => undefined,
        );
      });
    });
    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

    await start();
    const listed = embedIn(await finalReply(emu, note(emu, 'list'))).description ?? '';
    for (const title of confirmed) expect(listed).toContain(title);
    // ...and answerable: each is the first passage cited for its own title.
    for (const title of confirmed) {
      const { message } = await answerOf(emu, emu.command('ask', { question: `What does "${title}" say?` }));
      expect(embedOf(message).fields?.[0]?.name, title).toBe(`1. Server note: ${title} - paragraph 1`);
    }
    // Whatever was not confirmed is either wholly there or not at all: each note with its revision and its case.
    const db = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true });
    try {
      const notes = db.prepare('SELECT COUNT(*) FROM notes').pluck().get() as number;
      expect(notes).toBeGreaterThanOrEqual(confirmed.length);
      expect(notes).toBeLessThanOrEqual(9);
      expect(db.prepare('SELECT COUNT(*) FROM note_revisions').pluck().get()).toBe(notes);
      expect(db.prepare('SELECT COUNT(*) FROM audit').pluck().get()).toBe(notes);
    } finally {
      db.close();
    }
  });
});
