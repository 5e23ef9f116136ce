import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The key file's name inside the data folder, used when `STATS_HMAC_KEY` is not set. */
export const STATS_KEY_FILE = 'stats-hmac.key';

/** The shortest key accepted, in characters, from the environment or the file. */
export const STATS_KEY_MIN_LENGTH = 32;

export interface StatsKey {
  key: Buffer;
  /** Where it came from, for the start-up log (the key itself is never logged). */
  source: 'environment' | 'file' | 'new-file';
  /** The key file, when one is used. */
  file?: string;
}

/** Thrown when the key file exists but holds no usable key; the operator must fix or delete it. */
export class StatsKeyError extends Error {
  override readonly name = 'StatsKeyError';
}

/**
 * The key that hashes members' ids in the question log: `STATS_HMAC_KEY` when set, otherwise the one in
 * `DATA_DIR/stats-hmac.key`, generated on the first start. It is created atomically (written in full to a private
 * temporary file, then linked into place, which fails if another process got there first), readable by its owner
 * only, and reused at every later start so that a member keeps the same hash.
 */
export function loadStatsKey(fromEnvironment: string | undefined, dataDir: string): StatsKey {
  if (fromEnvironment !== undefined) return { key: Buffer.from(fromEnvironment, 'utf8'), source: 'environment' };
  const file = path.join(dataDir, STATS_KEY_FILE);
  const existing = readKeyFile(file);
  if (existing) return { key: existing, source: 'file', file };
  mkdirSync(dataDir, { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(temporary, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    // The umask may have narrowed the mode further, never widened it; chmod makes it exactly 0600.
    chmodSync(temporary, 0o600);
    try {
      linkSync(temporary, file);
    } catch (error) {
      // Another process created it between our read and our link: its key is the one to use.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const theirs = readKeyFile(file);
      if (!theirs) throw new StatsKeyError(`the stats key file ${file} is empty or too short`);
      return { key: theirs, source: 'file', file };
    }
  } finally {
    try {
      unlinkSync(temporary);
    } catch {
      // Nothing to clean up: writing it failed.
    }
  }
  return { key: readKeyFile(file)!, source: 'new-file', file };
}

function readKeyFile(file: string): Buffer | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const key = text.trim();
  if (key.length < STATS_KEY_MIN_LENGTH) {
    throw new StatsKeyError(
      `the stats key file ${file} holds no key of at least ${STATS_KEY_MIN_LENGTH} characters: restore it from a backup, or delete ` +
        'it to start counting members afresh',
    );
  }
  // A key file restored from a backup or copied by hand may have come back world-readable: anyone who can read the
  // key can tell whose a hash is by hashing the member ids they know.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return Buffer.from(key, 'utf8');
}
