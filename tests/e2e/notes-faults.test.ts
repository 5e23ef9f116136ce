/**
 * The database failing under a moderator's save: locked by another process, read-only, or on a full disk. The
 * moderator gets a clear message and their text back, the operator a log line, and `/ask` keeps answering meanwhile.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src/storage/db.js';
import type { DiscordEmulator } from './discord-emulator/index.js';
import { type Harness, LEVEL, startHarness } from './helpers/bot.js';
import { answerOf, buttonsOf, citationsOf, embedOf, expectNoPingsOnEveryMessage } from './helpers/discord.js';
import { addNote, finalReply, savedId } from './helpers/notes.js';

describe('database faults during a note save', () => {
  let h: Harness;
  let emu: DiscordEmulator;

  beforeAll(async () => {
    h = await startHarness();
    emu = h.emu;
  });

  afterAll(async () => {
    await h?.close();
  });

  const count = () => h.bot.db.prepare('SELECT COUNT(*) FROM notes').pluck().get() as number;

  /** /ask still gives the cited answer; without a stored answer it just has no buttons that need one. */
  async function expectAskAnswers(): Promise<string[]> {
    const { message } = await answerOf(emu, emu.command('ask', { question: 'Who is Susan Rice?' }));
    expect(citationsOf(embedOf(message)).length).toBeGreaterThan(0);
    return buttonsOf(message).map((b) => b.label ?? '');
  }

  it('a database locked by another process: "busy", the text back, /ask still answering, and saving again works', async () => {
    const other = new Database(path.join(h.dataDir, DATABASE_FILE));
    other.exec('BEGIN IMMEDIATE');
    const before = count();
    try {
      const reply = await finalReply(emu, await addNote(emu, { title: 'Locked out', text: 'Written while a backup held the lock.' }));
      expect(reply.ephemeral).toBe(true);
      expect(reply.message.content).toBe(
        "The bot's database is busy right now: nothing was saved. Please try again in a moment.\n\nNothing " +
          'was saved. Here is what you wrote, so that nothing is lost:\n```md\n---\ntitle: Locked out\nkind: ' +
          'note\n---\n\nWritten while a backup held the lock.\n```',
      );
      const labels = await expectAskAnswers();
      expect(labels).not.toContain('Helpful');
      expect(labels.some((l) => l.startsWith('Full paragraph'))).toBe(true);
      expect(h.logs.some((l) => l.msg === 'database busy: another process holds the write lock' && l.level === LEVEL.warn)).toBe(true);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(count()).toBe(before);
    savedId(await finalReply(emu, await addNote(emu, { title: 'Locked out', text: 'Saved once the lock was gone.' })));
    expect(await expectAskAnswers()).toContain('Helpful');
  });

  it('a read-only database: the reason, the text back, a log line for the operator, /ask still answering', async () => {
    const before = count();
    h.bot.db.pragma('query_only = ON');
    try {
      const reply = await finalReply(emu, await addNote(emu, { title: 'Read only', text: 'Kept safe in the reply.', tags: 'a, b' }));
      expect(reply.message.content).toMatch(
        /^The bot's database is read-only right now, so nothing was saved\. The bot's operator must fix its data folder's permissions\.\n\nNothing was saved\./,
      );
      expect(reply.message.content).toContain('tags:\n  - a\n  - b');
      expect(reply.message.content).toContain('Kept safe in the reply.');
      expect(h.logs.find((l) => l.msg === 'database cannot be written: operator action needed')).toMatchObject({
        level: LEVEL.error,
        reason: 'read-only',
      });
      await expectAskAnswers();
      expect(h.logs.some((l) => l.msg === 'answer not stored: sent without its buttons')).toBe(true);
    } finally {
      h.bot.db.pragma('query_only = OFF');
    }
    expect(count()).toBe(before);
  });

  it('a full disk: the reason, and a long text given back whole as note.md', async () => {
    const before = count();
    const pages = h.bot.db.pragma('page_count', { simple: true }) as number;
    h.bot.db.pragma(`max_page_count = ${pages}`);
    const text = Array.from(
      { length: 8 },
      (_, i) => `Paragraph ${i + 1}: ${'a careful explanation of the sanctions regime '.repeat(10).trim()}`,
    ).join('\n\n');
    try {
      // Free pages inside the file may take the first notes: write until the space runs out.
      let reply = await finalReply(emu, await addNote(emu, { title: 'Full disk 0', text }));
      for (let i = 1; i < 20 && /^Saved note/.test(reply.message.content ?? ''); i++) {
        reply = await finalReply(emu, await addNote(emu, { title: `Full disk ${i}`, text }));
      }
      expect(reply.message.content).toBe(
        "The bot's disk is full, so nothing was saved. The bot's operator must free some space.\n\nNothing " +
          'was saved. What you wrote is attached as note.md, so that nothing is lost.',
      );
      const md = reply.files[0]!.data.toString('utf8');
      expect(md).toContain(text);
      expect(h.logs.some((l) => l.msg === 'database cannot be written: operator action needed' && l.reason === 'disk-full')).toBe(true);
      await expectAskAnswers();
    } finally {
      h.bot.db.pragma('max_page_count = 1073741823');
    }
    // The failed save left nothing half-written: every note has its revision and its audit case.
    const orphans = h.bot.db
      .prepare('SELECT COUNT(*) FROM notes n WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.note_id = n.id)')
      .pluck()
      .get();
    expect(orphans).toBe(0);
    expect(count()).toBeGreaterThanOrEqual(before);
  });

  it('sent every message with allowed_mentions { parse: [] }', () => {
    expectNoPingsOnEveryMessage(emu, 8);
  });
});
