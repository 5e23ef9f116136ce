/**
 * What the running bot does besides answering: it forgets expired answers every so often (keeping their ratings)
 * and tells the operator, once per start, when its index cache cannot be used.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, LEVEL, startHarness } from './helpers/bot.js';
import { answerOf, embedOf } from './helpers/discord.js';

const DAY_MS = 24 * 60 * 60 * 1000;

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('purging expired answers', () => {
  it('purges while running, at the interval given, keeps the ratings, and stops purging when the bot stops', async () => {
    h = await startHarness({ bot: { purgeIntervalMs: 50 } });
    const { db } = h.bot;
    const old = Number(
      db
        .prepare(
          'INSERT INTO answers (guild_id, user_id, question, corpus_version, answered, private, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run('g1', 'u1', 'what was the old question?', 'v0', 1, 0, Date.now() - 8 * DAY_MS).lastInsertRowid,
    );
    // Rated as AnswerStore.rateAnswer would: the rating copies the question from its answer.
    db.prepare(
      `INSERT INTO feedback (answer_id, user_id, helpful, created_at, guild_id, question, answered, corpus_version, asked_at)
       SELECT id, ?, 1, ?, guild_id, question, answered, corpus_version, created_at FROM answers WHERE id = ?`,
    ).run('u2', Date.now(), old);
    const running = h.logs.length;

    const remaining = () => db.prepare('SELECT COUNT(*) AS n FROM answers WHERE id = ?').get(old);
    await expect.poll(remaining, { timeout: 5000, interval: 20 }).toEqual({ n: 0 });
    expect(h.logs.slice(running).filter((l) => l.msg === 'expired answers purged')).toEqual([
      expect.objectContaining({ level: LEVEL.info, purged: 1 }),
    ]);
    expect(db.prepare('SELECT question, helpful FROM feedback WHERE answer_id = ?').all(old)).toEqual([
      { question: 'what was the old question?', helpful: 1 },
    ]);

    await h.bot.stop();
    const stopped = h.logs.length;
    await new Promise((resolve) => setTimeout(resolve, 250));
    // A timer still running would now hit the closed database and log the failure.
    expect(h.logs.slice(stopped).filter((l) => l.msg === 'purging expired answers failed')).toEqual([]);
  });
});

describe('an index cache that cannot be used', () => {
  it('is logged once per start at warn level, with the reason, and the bot answers anyway', async () => {
    let cacheDir = '';
    h = await startHarness({
      prepareDataDir: async (dataDir) => {
        cacheDir = path.join(dataDir, 'index-cache');
        // A file where the cache folder should be: nothing can be saved there.
        await writeFile(cacheDir, 'not a folder');
      },
    });
    const problem = `cannot save the index in ${cacheDir} (EEXIST: file already exists, mkdir '${cacheDir}'): every start will rebuild it`;
    const warnings = () => h!.logs.filter((l) => l.msg === 'index cache problem');
    expect(warnings()).toEqual([expect.objectContaining({ level: LEVEL.warn, problem })]);

    const { message } = await answerOf(h.emu, h.emu.command('ask', { question: 'What is the IAEA?' }));
    expect(embedOf(message).fields?.length).toBeGreaterThan(0);

    await h.restart();
    expect(warnings()).toHaveLength(2);
    expect(h.logs.filter((l) => l.msg === 'library ready').map((l) => l.index)).toEqual(['built', 'built']);
  });

  it('is not reported on a first start with no cache yet, nor when the cache is read back', async () => {
    h = await startHarness();
    await h.restart();
    expect(h.logs.filter((l) => l.msg === 'library ready').map((l) => l.index)).toEqual(['built', 'cache']);
    expect(h.logs.filter((l) => l.level >= LEVEL.warn)).toEqual([]);
  });
});
