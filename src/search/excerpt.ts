import { type AliasTable, indexTerms } from './analyze.js';

/** A marked excerpt: `text` plus the character ranges of the matched words. */
export interface Excerpt {
  text: string;
  /** Half-open `[start, end)` ranges into `text`, sorted, non-overlapping. */
  marks: Array<[number, number]>;
}

/** Longest excerpt, in characters: three passages and their citations fit one embed with room to spare. */
export const EXCERPT_MAX = 360;

const sentences = new Intl.Segmenter('en', { granularity: 'sentence' });

interface Sentence {
  start: number;
  end: number;
  score: number;
}

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
  const spans = indexTerms(text, aliases).filter((t) => matched.has(t.term));
  const list: Sentence[] = [];
  for (const segment of sentences.segment(text)) {
    const start = segment.index;
    const end = start + segment.segment.trimEnd().length;
    const terms = new Set(spans.filter((s) => s.start >= start && s.end <= end).map((s) => s.term));
    let score = 0;
    for (const term of terms) score += weigh(term);
    list.push({ start, end, score });
  }
  let best = 0;
  list.forEach((s, i) => {
    if (s.score > list[best]!.score) best = i;
  });
  let from = best;
  let to = best;
  // Widen towards the better-scoring neighbour first, then the following sentence, while it fits.
  for (;;) {
    const before = list[from - 1];
    const after = list[to + 1];
    const length = (a: number, b: number) => list[b]!.end - list[a]!.start;
    const options = [
      after && length(from, to + 1) <= max ? 'after' : undefined,
      before && length(from - 1, to) <= max ? 'before' : undefined,
    ]
      .filter((o): o is 'after' | 'before' => o !== undefined)
      .sort((a, b) => ((a === 'before' ? before!.score : after!.score) > (b === 'before' ? before!.score : after!.score) ? -1 : 1));
    const pick = options[0];
    if (!pick) break;
    if (pick === 'after') to++;
    else from--;
  }
  let start = list[from]?.start ?? 0;
  let end = list[to]?.end ?? text.length;
  if (end - start > max) {
    // One long sentence: cut a window around its first mark, at word boundaries.
    // The window starts a little before the first mark, but never so late that it runs out of sentence.
    const first = spans.find((s) => s.start >= start && s.end <= end)?.start ?? start;
    const sentenceEnd = end;
    start = Math.max(start, wordStart(text, Math.min(first - Math.floor(max / 3), sentenceEnd - max)));
    end = Math.min(sentenceEnd, wordEnd(text, start + max));
  }
  const prefix = start > 0 ? '… ' : '';
  const suffix = end < text.trimEnd().length ? ' …' : '';
  const body = text.slice(start, end);
  const marks = mergeSpans(
    spans
      .filter((s) => s.start >= start && s.end <= end)
      .map((s): [number, number] => [s.start - start + prefix.length, s.end - start + prefix.length]),
  );
  return { text: prefix + body + suffix, marks };
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
