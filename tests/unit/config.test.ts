import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const valid = { DISCORD_TOKEN: 'MTIzNDU2Nzg5MDEyMzQ1Njc4.abcdef.ghijklmnopqrstuvwxyz0123', DISCORD_APP_ID: '123456789012345678' };

describe('loadConfig', () => {
  it('reads a valid environment with defaults', () => {
    expect(loadConfig(valid)).toEqual({ ...valid, LOG_LEVEL: 'info', DATA_DIR: 'data', CORPUS_DIR: 'corpus' });
  });

  it('treats empty optional values as unset', () => {
    const config = loadConfig({ ...valid, DISCORD_DEV_GUILD_ID: '', DISCORD_API_BASE: ' ', LOG_LEVEL: '' });
    expect(config.DISCORD_DEV_GUILD_ID).toBeUndefined();
    expect(config.DISCORD_API_BASE).toBeUndefined();
    expect(config.LOG_LEVEL).toBe('info');
  });

  it('names every bad key with what it should look like, without echoing values', () => {
    const secret = 'Bot not-a-real-token-but-secret';
    let error: unknown;
    try {
      loadConfig({ DISCORD_TOKEN: secret, DISCORD_APP_ID: 'abc', DISCORD_API_BASE: 'ftp://x', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('DISCORD_TOKEN must be the bare token (no "Bot " prefix, quotes or spaces)');
    expect(message).toContain('DISCORD_APP_ID must be the application id');
    expect(message).toContain('DISCORD_API_BASE must be an http(s) URL');
    expect(message).toContain('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent');
    expect(message).not.toContain(secret);
  });

  it('reads SEARCH_WORKERS as a whole number from 1 to 32, unset when empty', () => {
    expect(loadConfig({ ...valid, SEARCH_WORKERS: ' 3 ' }).SEARCH_WORKERS).toBe(3);
    expect(loadConfig({ ...valid, SEARCH_WORKERS: '' }).SEARCH_WORKERS).toBeUndefined();
    expect(loadConfig(valid).SEARCH_WORKERS).toBeUndefined();
    for (const bad of ['0', '33', '1.5', 'two', '1e1', '-2']) {
      expect(() => loadConfig({ ...valid, SEARCH_WORKERS: bad }), bad).toThrow(
        'SEARCH_WORKERS must be a whole number of search threads from 1 to 32 (leave it unset to fit the machine)',
      );
    }
  });

  it('reads STATS_HMAC_KEY as a secret of at least 32 characters, unset when empty, never echoing a bad one', () => {
    const key = 'a-random-secret-of-forty-characters-0123';
    expect(loadConfig({ ...valid, STATS_HMAC_KEY: ` ${key} ` }).STATS_HMAC_KEY).toBe(key);
    expect(loadConfig({ ...valid, STATS_HMAC_KEY: '' }).STATS_HMAC_KEY).toBeUndefined();
    const short = 'tooshort-secret-31-characters-x';
    let message = '';
    try {
      loadConfig({ ...valid, STATS_HMAC_KEY: short });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('STATS_HMAC_KEY is too short: use a random secret of at least 32 characters');
    expect(message).not.toContain(short);
  });

  it('says a missing token is required', () => {
    expect(() => loadConfig({ DISCORD_APP_ID: valid.DISCORD_APP_ID })).toThrow(/DISCORD_TOKEN is required/);
  });
});
