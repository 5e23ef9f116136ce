import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../../src/corpus/load.js';
import type { Corpus } from '../../../src/corpus/types.js';
import { type AliasTable, indexTerms, scan } from '../../../src/search/analyze.js';
import { EXCERPT_MAX, type Excerpt, excerptOf, makeExcerpt } from '../../../src/search/excerpt.js';
import { analyseDocument, buildLibrary, extendLibrary, type Library, PASSAGE_TEXT_CACHE } from '../../../src/search/library.js';
import { analysePassageText, isAmount } from '../../../src/search/passage-text.js';
import { realCorpusDir } from '../helpers/fixture-corpus.js';

/**
 * Excerpts as they were made before passages' analysis was kept (the previous makeExcerpt, unchanged): the text
 * analysed and split into sentences anew for every answer. The oracle the kept analysis must agree with exactly.
 */
function excerptFromScratch(
  text: string,
  matched: ReadonlySet<string>,
  weigh: (term: string) => number,
  aliases: AliasTable,
  max: number,
): Excerpt {
  const spans = indexTerms(text, aliases).filter((t) => matched.has(t.term));
  const list: Array<{ start: number; end: number; score: number }> = [];
  for (const segment of new Intl.Segmenter('en', { granularity: 'sentence' }).segment(text)) {
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

let corpus: Corpus;
let library: Library;
beforeAll(async () => {
  corpus = await loadCorpus(realCorpusDir);
  library = buildLibrary(corpus);
});

describe('analysePassageText', () => {
  it('holds the index terms with their spans, the sentences, the stems and the amounts of the text', () => {
    const text = 'The IAEA board has 35 members. In 2012 it met twice.  ';
    const analysis = analysePassageText(text, library.aliases);
    const terms = indexTerms(text, library.aliases);
    expect(analysis.terms).toEqual(terms.map((t) => t.term));
    expect([...analysis.spans]).toEqual(terms.flatMap((t) => [t.start, t.end]));
    expect([...analysis.sentences]).toEqual([0, 30, 31, 52]);
    expect(analysis.stems).toEqual(scan(text).map((t) => t.stem));
    // "twice" is no number word and 2012 is a year: only "35" states an amount.
    expect(analysis.amounts.map((i) => scan(text)[i]!.norm)).toEqual(['35']);
    expect(
      scan(text)
        .filter(isAmount)
        .map((t) => t.norm),
    ).toEqual(['35']);
  });

  it('counts no day of a date and no number that labels one of a series as an amount', () => {
    const text = 'On 11 October (or October 11) paragraph 4 and Question 3 of round 5 said: 106 votes to 9, the two countries.';
    const analysis = analysePassageText(text, library.aliases);
    expect(analysis.amounts.map((i) => scan(text)[i]!.norm)).toEqual(['106', '9', 'two']);
  });

  it('has no sentence for an empty text', () => {
    const analysis = analysePassageText('', library.aliases);
    expect([...analysis.sentences]).toEqual([]);
    expect(makeExcerpt('', new Set(['x']), () => 1, library.aliases)).toEqual({ text: '', marks: [] });
  });
});

describe('Library.passageText', () => {
  it('gives every passage the analysis of its text, analysed once and kept', () => {
    library.passages.forEach((passage, i) => {
      const kept = library.passageText(i);
      expect(kept).toEqual(analysePassageText(passage.text, library.aliases));
      expect(library.passageText(i)).toBe(kept);
    });
  });

  it('keeps at most PASSAGE_TEXT_CACHE passages, analysing a dropped one again the same way', () => {
    const paragraphs = Array.from({ length: PASSAGE_TEXT_CACHE + 1 }, (_, i) => `Paragraph ${i} says ${i} things about Vienna.`);
    const document = { id: 'notes/big', title: 'Big', kind: 'note' as const, tags: [], paragraphs };
    const big = buildLibrary({ ...corpus, documents: [document] });
    const first = big.passageText(0);
    for (let i = 1; i <= PASSAGE_TEXT_CACHE; i++) big.passageText(i);
    const again = big.passageText(0);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });
});

describe("Library.passageText of a library extended with a server's notes", () => {
  it("takes the shipped passages' analysis from the shipped library and analyses only its notes", () => {
    const note = {
      id: 'server/1',
      title: 'A note',
      kind: 'note' as const,
      tags: [],
      paragraphs: ['Rice met the IAEA inspectors in Vienna. They counted 35 centrifuges.', 'A second paragraph.'],
    };
    const extended = extendLibrary(library, library.index.toJSON(), [analyseDocument(note, library)]);
    const shipped = library.passageCount;
    expect(extended.passageCount).toBe(shipped + 2);
    for (let i = 0; i < shipped; i++) expect(extended.passageText(i)).toBe(library.passageText(i));
    for (let i = shipped; i < shipped + 2; i++) {
      const kept = extended.passageText(i);
      expect(kept).toEqual(analysePassageText(note.paragraphs[i - shipped]!, library.aliases));
      expect(extended.passageText(i)).toBe(kept);
    }
  });
});

describe('excerpts from the kept analysis', () => {
  it('agree with excerpts made from scratch, for every passage of the library, whatever matched and whatever the length', () => {
    const weigh = (term: string) => library.idf(term);
    let compared = 0;
    library.passages.forEach((passage, i) => {
      const terms = indexTerms(passage.text, library.aliases).map((t) => t.term);
      // Several sets of matched terms: all of them, every third one, a single rare one, and none.
      const sets = [new Set(terms), new Set(terms.filter((_, k) => k % 3 === 1)), new Set(terms.slice(-1)), new Set<string>()];
      for (const matched of sets) {
        for (const max of [EXCERPT_MAX, 120, 40]) {
          const expected = excerptFromScratch(passage.text, matched, weigh, library.aliases, max);
          expect(excerptOf(passage.text, library.passageText(i), matched, weigh, max)).toEqual(expected);
          expect(makeExcerpt(passage.text, matched, weigh, library.aliases, max)).toEqual(expected);
          compared++;
        }
      }
    });
    expect(compared).toBe(library.passages.length * 12);
  });

  it('prefer the following sentence when both neighbours score the same', () => {
    const text = 'Alpha here. Beta here. Gamma here.';
    const analysis = analysePassageText(text, library.aliases);
    const weigh = (term: string) => (term === scan('beta')[0]!.stem ? 2 : 1);
    const matched = new Set(['alpha', 'beta', 'gamma'].map((w) => scan(w)[0]!.stem));
    expect(excerptOf(text, analysis, matched, weigh, 22).text).toBe('… Beta here. Gamma here.');
    expect(excerptFromScratch(text, matched, weigh, library.aliases, 22).text).toBe('… Beta here. Gamma here.');
  });
});
