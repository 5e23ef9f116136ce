/** Runs the project's entry points (`src/main.ts`, `src/cli/*.ts`) as child processes, the way npm scripts do. */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './paths.js';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningScript {
  child: ChildProcess;
  /** Everything written so far. */
  readonly stdout: string;
  readonly stderr: string;
  exited: Promise<Exit>;
  /** Resolves with the first stdout JSON line `predicate` accepts; rejects on exit or after `timeoutMs`. */
  waitForLog(predicate: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Sends SIGKILL if still running (cleanup after a failed test). */
  kill(): void;
}

/**
 * The environment a child gets: PATH and HOME only, plus `env`. Nothing of the test runner's environment leaks in,
 * and `DOTENV_CONFIG_PATH` points at no file, so a developer's `.env` cannot change what is tested.
 */
export function childEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NO_COLOR: '1',
    DOTENV_CONFIG_PATH: path.join(repoRoot, '.env.e2e-none'),
  };
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
  return out;
}

/** Starts `node --import tsx <script>` from the repository root (what `npm start` and the CLI scripts run). */
export function startScript(script: string, env: Record<string, string | undefined>): RunningScript {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: repoRoot,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const listener of [...listeners]) listener();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<Exit>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolve({ code, signal });
      for (const listener of [...listeners]) listener();
    });
  });
  return {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    exited,
    waitForLog(predicate, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          // Only complete lines: the last piece may still be arriving.
          for (const line of stdout.split('\n').slice(0, -1)) {
            if (!line.startsWith('{')) continue;
            const parsed = JSON.parse(line) as Record<string, unknown>;
            if (predicate(parsed)) return finish(() => resolve(parsed));
          }
          if (child.exitCode !== null || child.signalCode !== null) {
            finish(() =>
              reject(new Error(`process exited (${child.exitCode ?? child.signalCode}) before the log line; stderr:\n${stderr}`)),
            );
          }
        };
        const timer = setTimeout(
          () => finish(() => reject(new Error(`no matching log line within ${timeoutMs} ms; stdout:\n${stdout}\nstderr:\n${stderr}`))),
          timeoutMs,
        );
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** Runs a script to completion. */
export async function runScript(
  script: string,
  env: Record<string, string | undefined>,
): Promise<Exit & { stdout: string; stderr: string }> {
  const running = startScript(script, env);
  const exit = await running.exited;
  return { ...exit, stdout: running.stdout, stderr: running.stderr };
}
