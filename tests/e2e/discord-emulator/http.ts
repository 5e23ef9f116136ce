/** Request capture and matching: the plumbing between node:http and the REST routes. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A file part of a multipart body (discord.js sends attachments as `files[n]`). */
export interface CapturedFile {
  field: string;
  name: string;
  contentType: string;
  size: number;
  /** The file's bytes, so a test can read what the bot attached (unzip an export, say). */
  data: Buffer;
}

/** A REST call as the emulator received it, before it answers. */
export interface IncomingRequest {
  method: string;
  /** Decoded and relative to `/api/v10`, e.g. `/webhooks/<app>/<token>/messages/@original`. */
  path: string;
  query: Record<string, string>;
  /** Lower-cased names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** Parsed JSON (for multipart: the parsed `payload_json`); `undefined` without a body. */
  body: unknown;
  files: CapturedFile[];
  /** `performance.now()` when the request arrived, to measure latency against interaction timestamps. */
  receivedAt: number;
}

/** A REST call plus what the emulator answered. */
export interface CapturedRequest extends IncomingRequest {
  status: number;
  responseBody: unknown;
}

/**
 * Selects requests: `'POST /interactions/:id/:token/callback'` (method optional, `:name` and `*` match one path
 * segment), a RegExp tested against `'METHOD /path'`, or a predicate.
 */
export type RouteMatcher = string | RegExp | ((request: IncomingRequest) => boolean);

const API_PREFIX = '/api/v10';

/** Matches `/a/:b/*` against a path; returns the named segments, or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const have = path.split('/');
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (const [index, segment] of want.entries()) {
    const actual = have[index] ?? '';
    if (segment.startsWith(':')) params[segment.slice(1)] = actual;
    else if (segment !== '*' && segment !== actual) return null;
  }
  return params;
}

export function matches(matcher: RouteMatcher, request: IncomingRequest): boolean {
  if (typeof matcher === 'function') return matcher(request);
  if (matcher instanceof RegExp) return matcher.test(`${request.method} ${request.path}`);
  const [first, second] = matcher.trim().split(/\s+/, 2);
  if (second === undefined) return matchPath(first ?? '', request.path) !== null;
  return first?.toUpperCase() === request.method && matchPath(second, request.path) !== null;
}

function readRaw(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Kept as text so a test can still see what a malformed body contained.
    return text;
  }
}

/**
 * Reads a request into an IncomingRequest. Multipart bodies are parsed with the platform's own FormData parser
 * (undici, via `Response#formData`) instead of a hand-rolled boundary splitter.
 */
export async function readRequest(req: IncomingMessage): Promise<IncomingRequest> {
  const receivedAt = performance.now();
  const url = new URL(req.url ?? '/', 'http://emulator.invalid');
  const rawPath = url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) : url.pathname;
  const path = rawPath
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join('/');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  const raw = await readRaw(req);
  const contentType = headers['content-type'] ?? '';
  let body: unknown;
  const files: CapturedFile[] = [];
  if (raw.length > 0 && contentType.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    for (const [field, value] of form) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = parseJson(value);
      } else {
        files.push({ field, name: value.name, contentType: value.type, size: value.size, data: Buffer.from(await value.arrayBuffer()) });
      }
    }
  } else if (raw.length > 0) {
    body = parseJson(raw.toString('utf8'));
  }
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    path,
    query: Object.fromEntries(url.searchParams),
    headers,
    body,
    files,
    receivedAt,
  };
}

/** Extra headers to send, e.g. the rate-limit set on a 429. */
export type HeaderMap = Record<string, string>;

export interface Reply {
  status: number;
  body?: unknown;
  headers?: HeaderMap;
}

export function send(res: ServerResponse, reply: Reply): void {
  const headers: HeaderMap = { ...reply.headers };
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers).end();
    return;
  }
  const text = JSON.stringify(reply.body);
  headers['content-type'] = 'application/json';
  headers['content-length'] = Buffer.byteLength(text).toString();
  res.writeHead(reply.status, headers).end(text);
}
