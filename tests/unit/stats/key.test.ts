import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadStatsKey, STATS_KEY_FILE, StatsKeyError } from '../../../src/stats/key.js';
import { memberHash } from '../../../src/stats/member.js';
import { runScript } from '../helpers/run-script.js';

describe('loadStatsKey', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'stats-key-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('uses STATS_HMAC_KEY when it is set, and writes no file', () => {
    const secret = 'an-operator-chosen-secret-of-40-characters!';
    expect(loadStatsKey(secret, dir)).toEqual({ key: Buffer.from(secret), source: 'environment' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('generates a random key into DATA_DIR on the first start, readable by its owner only, and reuses it after', async () => {
    const data = path.join(dir, 'data');
    const first = loadStatsKey(undefined, data);
    const file = path.join(data, STATS_KEY_FILE);
    expect(first).toMatchObject({ source: 'new-file', file });
    expect(first.key.toString()).toMatch(/^[0-9a-f]{64}$/);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(readdirSync(data)).toEqual([STATS_KEY_FILE]);
    const again = loadStatsKey(undefined, data);
    expect(again).toMatchObject({ source: 'file', file });
    expect(again.key.equals(first.key)).toBe(true);
    // Another data folder: another key.
    expect(loadStatsKey(undefined, path.join(dir, 'other')).key.equals(first.key)).toBe(false);
  });

  it('gives every process started at once the same key', async () => {
    const script = path.join(dir, 'load.ts');
    await writeFile(
      script,
      `import { loadStatsKey } from ${JSON.stringify(path.resolve('src/stats/key.ts'))};\n` +
        `process.stdout.write(loadStatsKey(undefined, ${JSON.stringify(path.join(dir, 'data'))}).key.toString());\n`,
    );
    const results = await Promise.all(Array.from({ length: 4 }, () => runScript(script, [])));
    const keys = new Set(results.map((r) => r.stdout));
    expect(results.map((r) => r.code)).toEqual([0, 0, 0, 0]);
    expect(keys.size).toBe(1);
    expect(await readFile(path.join(dir, 'data', STATS_KEY_FILE), 'utf8')).toBe(`${[...keys][0]}\n`);
    expect(readdirSync(path.join(dir, 'data'))).toEqual([STATS_KEY_FILE]);
  });

  it('refuses a key file that holds no usable key rather than replacing it', async () => {
    await writeFile(path.join(dir, STATS_KEY_FILE), 'short\n');
    expect(() => loadStatsKey(undefined, dir)).toThrow(StatsKeyError);
    expect(() => loadStatsKey(undefined, dir)).toThrow(/holds no key of at least 32 characters/);
    expect(await readFile(path.join(dir, STATS_KEY_FILE), 'utf8')).toBe('short\n');
  });

  it('narrows a key file copied with wider permissions back to 0600', async () => {
    const file = path.join(dir, STATS_KEY_FILE);
    await writeFile(file, `${'ab'.repeat(32)}\n`, { mode: 0o644 });
    expect(loadStatsKey(undefined, dir).key.toString()).toBe('ab'.repeat(32));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });
});

describe('memberHash', () => {
  const key = Buffer.from('k'.repeat(32));

  it('is an HMAC-SHA256 in hex that never contains the user id, stable within a server and different across servers', () => {
    const userId = '123456789012345678';
    const hash = memberHash(key, 'g1', userId);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(userId);
    expect(memberHash(key, 'g1', userId)).toBe(hash);
    expect(memberHash(key, 'g2', userId)).not.toBe(hash);
    expect(memberHash(Buffer.from('x'.repeat(32)), 'g1', userId)).not.toBe(hash);
  });
});
