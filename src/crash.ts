import type { Logger } from './log.js';

/** The part of `process` the policy uses: an event emitter with a way out. A fake in tests. */
export interface ProcessLike {
  on(event: 'uncaughtException', listener: (error: Error) => void): unknown;
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  once(event: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  exit(code: number): void;
}

export interface CrashPolicyOptions {
  log: Logger;
  /** Closes what is open: the gateway, the search threads, the database. */
  close: () => Promise<void>;
  /** Longest wait for `close` before exiting anyway, so a hung close cannot keep a broken process alive. */
  closeTimeoutMs?: number;
  target?: ProcessLike;
}

/** Exit codes: 0 a clean stop, 1 a crash (a supervisor restarts the bot), 2 a setup problem (configOrExit, main.ts). */
export const EXIT = { stopped: 0, crashed: 1, setup: 2 } as const;

export const CLOSE_TIMEOUT_MS = 5000;

/**
 * How the process ends. SIGINT/SIGTERM: close, exit 0. An uncaught exception: the process is in an unknown state,
 * so it is logged (fatal, with its stack), everything is closed and the process exits 1 for its supervisor to
 * restart it. Either way the close gets `closeTimeoutMs`; a further exception meanwhile exits 1 at once.
 */
export function installCrashPolicy(options: CrashPolicyOptions): void {
  const { log, close, closeTimeoutMs = CLOSE_TIMEOUT_MS, target = process } = options;
  let exiting = false;
  let exited = false;
  const exit = (code: number) => {
    // process.exit does not return; a fake does, and the close may still settle after the time limit.
    if (exited) return;
    exited = true;
    target.exit(code);
  };

  const shutdown = (code: number) => {
    exiting = true;
    const timer = setTimeout(() => {
      log.fatal({ timeoutMs: closeTimeoutMs }, 'closing took too long: exiting anyway');
      exit(EXIT.crashed);
    }, closeTimeoutMs);
    const closed = Promise.resolve().then(close);
    void closed.then(
      () => {
        clearTimeout(timer);
        exit(code);
      },
      (error: unknown) => {
        clearTimeout(timer);
        log.error({ err: error }, 'error while shutting down');
        exit(EXIT.crashed);
      },
    );
  };

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // Once: a second Ctrl-C gets Node's default, which ends the process at once.
    target.once(signal, () => {
      if (exiting) return;
      log.info({ signal }, 'shutting down');
      shutdown(EXIT.stopped);
    });
  }

  target.on('uncaughtException', (error) => {
    if (exiting) {
      log.fatal({ err: error }, 'uncaught exception while shutting down: exiting now');
      exit(EXIT.crashed);
      return;
    }
    log.fatal({ err: error }, 'uncaught exception: closing and exiting');
    shutdown(EXIT.crashed);
  });

  // Not a crash: discord.js itself rejects, outside any handler, on an interaction payload it cannot parse (see
  // tests/e2e/process.test.ts, "survives an interaction payload discord.js cannot parse"), and no interaction may
  // take the bot down. The bot's own promises all end in the dispatcher's error boundary, so what lands here is a
  // library's failure around one event: logged with its stack for the team, while the bot keeps serving.
  target.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection'));
}
