/**
 * What the running bot does besides answering: it tells the operator, once per start, when its index cache cannot
 * be used.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, LEVEL, startHarness } from './helpers/bot.js';
import { answerOf, embedOf } from './helpers/discord.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
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
