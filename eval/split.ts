// `npm run eval:split [-- FILE]`: gives every question of the questions file that has no `split` yet a half,
// `dev` or `test`, and leaves every existing assignment alone.
//
// The rule, stratified by category so each half holds about half of every kind of question:
//   1. Questions that already have a split keep it, and are counted per category and half.
//   2. The new questions of each category are taken in the order of their id's hash (the first 8 hex digits of
//      the SHA-256 of the id, as a number; ties by id), so the order owes nothing to when or why they were written.
//   3. Each goes to the half that holds fewer questions of its category so far; on a tie, to `test` when its hash
//      is odd and to `dev` when it is even.
// Run on a file with no splits, this alternates the questions of each category in hash order. Run again after
// adding questions, it balances the new ones within their categories without moving an old one, so figures on
// the test half stay comparable and nothing studied on the dev half ever moves into the test half.
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Split } from './metrics.js';

/** What the rule needs to know about a question. */
export interface SplitCandidate {
  id: string;
  category: string;
  split?: Split | undefined;
}

/** The id's hash as a number: the first 32 bits of its SHA-256. */
export function idHash(id: string): number {
  return Number.parseInt(createHash('sha256').update(id).digest('hex').slice(0, 8), 16);
}

/** The split of every question: existing ones kept, the others assigned by the rule above. */
export function assignSplits(questions: readonly SplitCandidate[]): Map<string, Split> {
  const result = new Map<string, Split>();
  const counts = new Map<string, Record<Split, number>>();
  const countsOf = (category: string) => {
    let c = counts.get(category);
    if (!c) counts.set(category, (c = { dev: 0, test: 0 }));
    return c;
  };
  for (const q of questions) {
    if (q.split === undefined) continue;
    result.set(q.id, q.split);
    countsOf(q.category)[q.split] += 1;
  }
  const fresh = questions
    .filter((q) => q.split === undefined)
    .map((q) => ({ ...q, hash: idHash(q.id) }))
    .sort((a, b) => a.hash - b.hash || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const q of fresh) {
    const c = countsOf(q.category);
    const split: Split = c.dev < c.test ? 'dev' : c.test < c.dev ? 'test' : q.hash % 2 === 1 ? 'test' : 'dev';
    c[split] += 1;
    result.set(q.id, split);
  }
  return result;
}

/** Questions per category and half, categories in first-seen order. */
export function splitCounts(questions: ReadonlyArray<{ category: string; split: Split }>): Map<string, Record<Split, number>> {
  const counts = new Map<string, Record<Split, number>>();
  for (const q of questions) {
    const c = counts.get(q.category) ?? { dev: 0, test: 0 };
    c[q.split] += 1;
    counts.set(q.category, c);
  }
  return counts;
}

/**
 * The questions file's text with a `split` added to every line that lacks one. Lines that already have one are
 * returned byte for byte; the others are re-serialised with `split` as their last key.
 */
export function applySplits(text: string, file = 'questions'): { text: string; added: number } {
  const ids = new Set<string>();
  const parsed = text.split('\n').map((line, i) => {
    if (line.trim() === '') return { line };
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new Error(`split: ${file}:${i + 1}: not valid JSON`);
    }
    if (typeof json !== 'object' || json === null) throw new Error(`split: ${file}:${i + 1}: not a JSON object`);
    const record = json as Record<string, unknown>;
    const { id, category, split } = record;
    if (typeof id !== 'string' || typeof category !== 'string') throw new Error(`split: ${file}:${i + 1}: id and category must be strings`);
    if (ids.has(id)) throw new Error(`split: ${file}:${i + 1}: duplicate id "${id}"`);
    ids.add(id);
    if (split !== undefined && split !== 'dev' && split !== 'test')
      throw new Error(`split: ${file}:${i + 1}: split must be "dev" or "test"`);
    const candidate: SplitCandidate = { id, category, split };
    return { line, record, candidate };
  });
  const splits = assignSplits(parsed.flatMap((p) => (p.candidate ? [p.candidate] : [])));
  let added = 0;
  const lines = parsed.map((p) => {
    if (!p.candidate || p.candidate.split !== undefined) return p.line;
    added += 1;
    return JSON.stringify({ ...p.record, split: splits.get(p.candidate.id) });
  });
  return { text: lines.join('\n'), added };
}

async function main(): Promise<void> {
  const file = process.argv[2] ?? 'eval/questions.jsonl';
  const { text, added } = applySplits(await readFile(file, 'utf8'), file);
  if (added > 0) await writeFile(file, text);
  const questions = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { category: string; split: Split });
  console.log(`${file}: ${added} question${added === 1 ? '' : 's'} assigned a split`);
  for (const [category, c] of splitCounts(questions)) console.log(`  ${category}: dev ${c.dev}, test ${c.test}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
