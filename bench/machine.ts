import os from 'node:os';

/** The machine the figures were taken on: they mean little without it. */
export function machineMarkdown(now: Date): string {
  const cpus = os.cpus();
  return [
    `- Date: ${now.toISOString().replace('T', ' ').slice(0, 16)} UTC`,
    `- CPU: ${cpus[0]?.model.trim() ?? 'unknown'} (${cpus.length} cores)`,
    `- Memory: ${(os.totalmem() / 1024 ** 3).toFixed(1)} GB`,
    `- Node: ${process.version} (${os.platform()} ${os.arch()})`,
    `- Load average at start: ${loadAverage()}`,
  ].join('\n');
}

/** 1/5/15-minute load averages: above the core count, other work was competing for the CPU and timings suffer. */
export function loadAverage(): string {
  return os
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(' / ');
}
