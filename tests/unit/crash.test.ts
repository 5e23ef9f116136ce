import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { installCrashPolicy } from '../../src/crash.js';
import { createLogger } from '../../src/log.js';

/** A process stand-in: events the test emits, and the exit codes asked for. */
class FakeProcess extends EventEmitter {
  readonly exits: number[] = [];
  exit(code: number): void {
    this.exits.push(code);
  }
}

interface Closing {
  /** Resolves or rejects the close the policy is waiting for. */
  finish: (error?: Error) => void;
  calls: number;
}

function setup(closeTimeoutMs = 1000) {
  const target = new FakeProcess();
  const logs: Array<Record<string, unknown> & { level: number; msg: string }> = [];
  const log = createLogger('debug', { write: (line: string) => void logs.push(JSON.parse(line) as (typeof logs)[number]) });
  const closing: Closing = { finish: () => undefined, calls: 0 };
  const close = () => {
    closing.calls += 1;
    return new Promise<void>((resolve, reject) => (closing.finish = (error) => (error ? reject(error) : resolve())));
  };
  installCrashPolicy({ log, close, closeTimeoutMs, target });
  return { target, logs, closing };
}

describe('installCrashPolicy', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('an uncaught exception: logged fatal with its stack, everything closed, then exit 1', async () => {
    const { target, logs, closing } = setup();
    target.emit('uncaughtException', new Error('state corrupted'));
    expect(logs.find((l) => l.level === 60)).toMatchObject({
      msg: 'uncaught exception: closing and exiting',
      err: { type: 'Error', message: 'state corrupted', stack: expect.stringContaining('crash.test.ts') },
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(closing.calls).toBe(1);
    // Not before the close is done.
    expect(target.exits).toEqual([]);
    closing.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(target.exits).toEqual([1]);
  });

  it('exits 1 when closing after a crash takes longer than the limit', async () => {
    const { target, logs } = setup(1000);
    target.emit('uncaughtException', new Error('boom'));
    await vi.advanceTimersByTimeAsync(999);
    expect(target.exits).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(target.exits).toEqual([1]);
    expect(logs.at(-1)).toMatchObject({ level: 60, msg: 'closing took too long: exiting anyway', timeoutMs: 1000 });
  });

  it('a second exception while closing exits 1 at once, without waiting for the close', async () => {
    const { target, logs, closing } = setup();
    target.emit('uncaughtException', new Error('first'));
    await vi.advanceTimersByTimeAsync(10);
    target.emit('uncaughtException', new Error('second'));
    expect(target.exits).toEqual([1]);
    expect(logs.at(-1)).toMatchObject({
      level: 60,
      msg: 'uncaught exception while shutting down: exiting now',
      err: { message: 'second' },
    });
    closing.finish();
    await vi.advanceTimersByTimeAsync(5000);
    expect(target.exits).toEqual([1]);
    expect(closing.calls).toBe(1);
  });

  it('exits 1 when the close itself fails, logging why', async () => {
    const { target, logs, closing } = setup();
    target.emit('uncaughtException', new Error('boom'));
    await vi.advanceTimersByTimeAsync(0);
    closing.finish(new Error('database is locked'));
    await vi.advanceTimersByTimeAsync(0);
    expect(target.exits).toEqual([1]);
    expect(logs.at(-1)).toMatchObject({ level: 50, msg: 'error while shutting down', err: { message: 'database is locked' } });
  });

  it('an unhandled rejection: logged as an error with its stack, and the process keeps serving', async () => {
    const { target, logs, closing } = setup();
    target.emit('unhandledRejection', new TypeError('a library tripped on a payload'));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(logs).toEqual([
      expect.objectContaining({
        level: 50,
        msg: 'unhandled rejection',
        err: expect.objectContaining({ type: 'TypeError', stack: expect.stringContaining('crash.test.ts') }),
      }),
    ]);
    expect(closing.calls).toBe(0);
    expect(target.exits).toEqual([]);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('%s: closes, then exits 0', async (signal) => {
    const { target, logs, closing } = setup();
    target.emit(signal);
    expect(logs).toEqual([expect.objectContaining({ level: 30, msg: 'shutting down', signal })]);
    await vi.advanceTimersByTimeAsync(0);
    expect(closing.calls).toBe(1);
    closing.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(target.exits).toEqual([0]);
  });

  it('a signal whose close hangs exits 1 after the limit; an exception during it, 1 at once', async () => {
    const hung = setup(1000);
    hung.target.emit('SIGTERM');
    await vi.advanceTimersByTimeAsync(1000);
    expect(hung.target.exits).toEqual([1]);

    const crashed = setup(1000);
    crashed.target.emit('SIGTERM');
    await vi.advanceTimersByTimeAsync(10);
    crashed.target.emit('uncaughtException', new Error('during close'));
    expect(crashed.target.exits).toEqual([1]);
    // SIGTERM then an uncaught exception: one close, not two.
    expect(crashed.closing.calls).toBe(1);
  });
});
