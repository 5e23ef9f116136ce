import { UserError } from '../../errors.js';
import { escapeText, truncate } from '../respond.js';

export interface DownloadPolicy {
  /** Origins (`https://cdn.discordapp.com`) the file may come from. */
  origins: readonly string[];
  maxBytes: number;
  timeoutMs: number;
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MB`;
}

/** The size refusal, shared by the check before downloading and the count while downloading. */
export function tooLarge(name: string, bytes: number, maxBytes: number): UserError {
  return new UserError(`${shown(name)} is ${megabytes(bytes)}: files of at most ${megabytes(maxBytes)} can be imported.`);
}

/** A file name as messages quote it. */
function shown(name: string): string {
  return escapeText(truncate(name, 100));
}

/**
 * Downloads an attachment into memory: only from the allowed origins, without following redirects, within a time
 * limit, and never past `maxBytes` whatever the server says its size is. Every failure is a UserError.
 */
export async function downloadAttachment(url: string, name: string, policy: DownloadPolicy): Promise<Buffer> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UserError('That attachment has no valid address: attach the file again.');
  }
  if (!policy.origins.includes(parsed.origin)) throw new UserError("That attachment is not on Discord's servers: attach the file again.");
  const signal = AbortSignal.timeout(policy.timeoutMs);
  const timedOut = () => new UserError(`Downloading ${shown(name)} took longer than ${policy.timeoutMs / 1000} s: try again.`);
  let response: Response;
  try {
    response = await fetch(parsed, { signal, redirect: 'error' });
  } catch (error) {
    if (signal.aborted) throw timedOut();
    throw new UserError(`${shown(name)} could not be downloaded: try again.`, { cause: error });
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new UserError(`${shown(name)} could not be downloaded (HTTP ${response.status}): attach the file again.`);
  }
  const declared = Number(response.headers.get('content-length'));
  if (declared > policy.maxBytes) {
    await response.body.cancel();
    throw tooLarge(name, declared, policy.maxBytes);
  }
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      if (received > policy.maxBytes) {
        await reader.cancel();
        throw tooLarge(name, received, policy.maxBytes);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    if (signal.aborted) throw timedOut();
    throw new UserError(`${shown(name)} could not be downloaded: try again.`, { cause: error });
  }
  return Buffer.concat(chunks);
}
