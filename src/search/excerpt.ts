import type { AliasTable } from './analyze.js';
import { analysePassageText, type PassageText } from './passage-text.js';

/** A marked excerpt: `text` plus the character ranges of the matched words. */
export interface Excerpt {
  text: string;
  /** Half-open `[start, end)` ranges into `text`, sorted, non-overlapping. */
  marks: Array<[number, number]>;
}

/** Longest excerpt, in characters: three passages and their citations fit one embed with room to spare. */
export const EXCERPT_MAX = 360;

/**
 * The sentence(s) of a passage that best match, with the matched words marked. Sentences are scored by the rarity
 * of the distinct terms they match; the best one is widened with its neighbours while it stays under `max`.
 */
export function makeExcerpt(
  text: string,
  matched: ReadonlySet<string>,
  weigh: (term: string) => number,
  aliases: AliasTable,
  max = EXCERPT_MAX,
): Excerpt {
  return excerptOf(text, analysePassageText(text, aliases), matched, weigh, max);
}

/** makeExcerpt from the text's analysis (Library.passageText keeps it per passage): the same excerpt, read once. */
export function excerptOf(
  text: string,
  analysis: PassageText,
  matched: ReadonlySet<string>,
  weigh: (term: string) => number,
  max = EXCERPT_MAX,
): Excerpt {
  const { terms, spans: at, sentences } = analysis;
  // Indexes of the terms that matched, in text order.
  const spans: number[] = [];
  for (let i = 0; i < terms.length; i++) if (matched.has(terms[i]!)) spans.push(i);
  const count = sentences.length / 2;
  const scores = new Float64Array(count);
  const seen = new Set<string>();
  for (let k = 0; k < count; k++) {
    const start = sentences[2 * k]!;
    const end = sentences[2 * k + 1]!;
    // Each distinct term once, summed in text order.
    seen.clear();
    let score = 0;
    for (const i of spans) {
      if (at[2 * i]! < start || at[2 * i + 1]! > end) continue;
      const term = terms[i]!;
      if (seen.has(term)) continue;
      seen.add(term);
      score += weigh(term);
    }
    scores[k] = score;
  }
  let best = 0;
  for (let k = 1; k < count; k++) if (scores[k]! > scores[best]!) best = k;
  let from = best;
  let to = best;
  // Widen towards the better-scoring neighbour first, then the following sentence, while it fits.
  for (;;) {
    const after = to + 1 < count && sentences[2 * (to + 1) + 1]! - sentences[2 * from]! <= max;
    const before = from > 0 && sentences[2 * to + 1]! - sentences[2 * (from - 1)]! <= max;
    if (before && (!after || scores[from - 1]! > scores[to + 1]!)) from--;
    else if (after) to++;
    else break;
  }
  let start = count > 0 ? sentences[2 * from]! : 0;
  let end = count > 0 ? sentences[2 * to + 1]! : text.length;
  if (end - start > max) {
    // One long sentence: cut a window around its first mark, at word boundaries.
    // The window starts a little before the first mark, but never so late that it runs out of sentence.
    let first = start;
    for (const i of spans) {
      if (at[2 * i]! >= start && at[2 * i + 1]! <= end) {
        first = at[2 * i]!;
        break;
      }
    }
    const sentenceEnd = end;
    start = Math.max(start, wordStart(text, Math.min(first - Math.floor(max / 3), sentenceEnd - max)));
    end = Math.min(sentenceEnd, wordEnd(text, start + max));
  }
  const prefix = start > 0 ? '… ' : '';
  const suffix = end < text.trimEnd().length ? ' …' : '';
  const body = text.slice(start, end);
  const marks: Array<[number, number]> = [];
  for (const i of spans) {
    if (at[2 * i]! >= start && at[2 * i + 1]! <= end)
      marks.push([at[2 * i]! - start + prefix.length, at[2 * i + 1]! - start + prefix.length]);
  }
  return { text: prefix + body + suffix, marks: mergeSpans(marks) };
}

function wordStart(text: string, at: number): number {
  if (at <= 0) return 0;
  const space = text.indexOf(' ', at);
  return space === -1 ? at : space + 1;
}

function wordEnd(text: string, at: number): number {
  if (at >= text.length) return text.length;
  const space = text.lastIndexOf(' ', at);
  return space === -1 ? at : space;
}

function mergeSpans(spans: Array<[number, number]>): Array<[number, number]> {
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out: Array<[number, number]> = [];
  for (const span of spans) {
    const last = out[out.length - 1];
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else out.push([span[0], span[1]]);
  }
  return out;
}

/** Renders an excerpt with its marks wrapped, escaping the rest with `escape` (e.g. Markdown escaping for Discord). */
export function renderExcerpt(excerpt: Excerpt, open: string, close: string, escape: (s: string) => string = (s) => s): string {
  let out = '';
  let at = 0;
  for (const [start, end] of excerpt.marks) {
    out += escape(excerpt.text.slice(at, start)) + open + escape(excerpt.text.slice(start, end)) + close;
    at = end;
  }
  return out + escape(excerpt.text.slice(at));
}
