import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ALIAS_FILE, parseAliases } from './aliases.js';
import { CorpusError, type CorpusIssue } from './errors.js';
import { parseDocument } from './parse.js';
import { resolveReferences, type SourceLines } from './references.js';
import type { AliasGroup, Corpus, CorpusDocument } from './types.js';

/** Longest document id (path without `.md`). */
export const MAX_ID_LENGTH = 80;

/** What a document id may contain: ASCII letters, digits, `_`, `-`, `.` and `/` (no `:`, which separates button payload parts). */
export const DOCUMENT_ID_CHARS = /^[\w./-]+$/;

/** Document ids below this folder belong to notes written in Discord (`server/42`): no shipped file may use it. */
export const SERVER_NOTES_FOLDER = 'server/';

/** Files read at once: enough to hide disk latency, few enough to stay far from the open-file limit. */
const READ_CONCURRENCY = 64;

/** Maps `items` with at most `limit` calls in flight; results keep the input order. */
async function mapConcurrently<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads every `*.md` below `dir` (any depth) and the alias file, validates them, and returns the corpus.
 * Throws `CorpusError` listing every problem found, so one run shows them all.
 */
export async function loadCorpus(dir: string): Promise<Corpus> {
  const root = path.resolve(dir);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) throw new CorpusError([{ file: dir, message: 'corpus folder not found (or not a folder)' }]);

  const files = (await listMarkdown(root)).sort();
  const issues: CorpusIssue[] = [];
  const documents: CorpusDocument[] = [];
  const hash = createHash('sha256');
  const seen = new Map<string, string>();
  const sources = new Map<CorpusDocument, { file: string; lines: SourceLines }>();

  // Read many files at once (a large library has thousands), then parse them in order so messages are stable.
  const readIssues: CorpusIssue[][] = files.map(() => []);
  const texts = await mapConcurrently(files, READ_CONCURRENCY, (relative, i) => readText(path.join(root, relative), path.join(dir, relative), readIssues[i]!));
  for (const [i, relative] of files.entries()) {
    const display = path.join(dir, relative);
    const text = texts[i];
    issues.push(...readIssues[i]!);
    if (text === undefined) continue;
    hash.update(relative).update('\0').update(text).update('\0');
    const id = relative.split(path.sep).join('/').replace(/\.md$/i, '');
    // Ids travel in citations and in button payloads (100 characters in all): keep them short and plain.
    if (id.length > MAX_ID_LENGTH || !DOCUMENT_ID_CHARS.test(id)) {
      issues.push({ file: display, message: `file path "${id}" must be at most ${MAX_ID_LENGTH} characters of ASCII letters, digits, - ` +
        `_ . and /` });
      continue;
    }
    if (id.toLowerCase().startsWith(SERVER_NOTES_FOLDER)) {
      issues.push({ file: display, message: `the folder "${SERVER_NOTES_FOLDER}" is reserved for the notes moderators write in Discord: ` +
        `move this file to notes/` });
      continue;
    }
    // Ids differing only in case would be ambiguous in citations and on case-insensitive disks.
    const key = id.toLowerCase();
    const previous = seen.get(key);
    if (previous !== undefined) {
      issues.push({ file: display, message: `duplicate document id "${id}" (also ${previous})` });
      continue;
    }
    seen.set(key, display);
    const result = parseDocument(text, id, display);
    if (result.ok) {
      documents.push(result.document);
      sources.set(result.document, { file: display, lines: result.lines });
    } else {
      issues.push(...result.issues);
    }
  }
  issues.push(...linkDocuments(documents, sources));

  let aliases: AliasGroup[] = [];
  const aliasPath = path.join(root, ALIAS_FILE);
  if (await stat(aliasPath).then((s) => s.isFile(), () => false)) {
    const display = path.join(dir, ALIAS_FILE);
    const text = await readText(aliasPath, display, issues);
    if (text !== undefined) {
      hash.update(ALIAS_FILE).update('\0').update(text);
      const parsed = parseAliases(text, display);
      aliases = parsed.groups;
      issues.push(...parsed.issues);
    }
  }

  if (documents.length === 0 && issues.length === 0) issues.push({ file: dir, message: 'no documents: add at least one .md file' });
  if (issues.length > 0) throw new CorpusError(issues);
  return { documents, aliases, version: hash.digest('hex').slice(0, 12) };
}

/** Resolves what each document comments on (see references.ts), setting its `links`; returns the problems found. */
function linkDocuments(documents: CorpusDocument[], sources: ReadonlyMap<CorpusDocument, { file: string; lines: SourceLines }>): CorpusIssue[] {
  const byId = new Map(documents.map((d) => [d.id, d]));
  const articles = documents.filter((d) => d.kind === 'article');
  const issues: CorpusIssue[] = [];
  for (const document of documents) {
    // Articles are the primary texts: their paragraph numbers ("paragraph 4 of the report") are their own business.
    if (document.kind === 'article' && !document.about) continue;
    const source = sources.get(document);
    const result = resolveReferences(document, byId, articles, source?.file ?? document.id, source?.lines);
    issues.push(...result.issues);
    if (result.links.length > 0) document.links = result.links;
  }
  return issues;
}

async function listMarkdown(root: string, sub = ''): Promise<string[]> {
  const entries = await readdir(path.join(root, sub), { withFileTypes: true });
  const out: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue; // editor swap files, .git
    const relative = path.join(sub, entry.name);
    if (entry.isDirectory()) out.push(...(await listMarkdown(root, relative)));
    else if (/\.md$/i.test(entry.name)) out.push(relative);
  }
  return out;
}

async function readText(file: string, display: string, issues: CorpusIssue[]): Promise<string | undefined> {
  try {
    return utf8.decode(await readFile(file));
  } catch (error) {
    const message = error instanceof TypeError ? 'is not valid UTF-8 text' : `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
    issues.push({ file: display, message });
    return undefined;
  }
}
