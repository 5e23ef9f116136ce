// Timing and memory helpers. Memory figures need `--expose-gc` (the `npm run bench` script passes it): without
// a collection before and after, the heap delta is mostly garbage that happens not to be collected yet.

/** Milliseconds a synchronous call takes, with its result. */
export function timed<T>(fn: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = fn();
  return { ms: performance.now() - start, value };
}

export async function timedAsync<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/** Heap in use after a full collection, in bytes. */
export function settledHeap(): number {
  if (!globalThis.gc) throw new Error('bench: run with node --expose-gc (npm run bench does)');
  // Twice: the first pass can leave objects whose finalisation frees more.
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}

/** Nearest-rank percentile of samples (sorted ascending). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const MB = 1024 * 1024;
