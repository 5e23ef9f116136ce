import { findTextReferences } from '../corpus/references.js';
import type { Token } from './analyze.js';

/** A paragraph asked for by where it stands: its number, the text's last paragraph, or its conclusion. */
export type PositionRef = number | 'last' | 'conclusion';

/** Paragraphs a question points at, and the question's words that only point ("paragraph", "third", "end"). */
export interface Pointed {
  refs: PositionRef[];
  tokens: number[];
}

/** Where in a text a question points. */
export interface Position {
  /** Named as paragraphs ("paragraph 7", "the last paragraph"): of the text the question names, or the only one. */
  paragraphs: Pointed;
  /** Named by what they do ("how does it end?", "the introduction"): only of a text the question names. */
  parts: Pointed;
}

const PARAGRAPH = new Set(['paragraph', 'paragraphs', 'para', 'paras', 'graf', 'grafs']);
const LAST = new Set(['last', 'final', 'closing', 'concluding']);
const OPENING = new Set(['opening', 'introductory']);
/** "How does the op-ed open?", "how does it end?": the text's start or its conclusion, asked with "how". */
const BEGIN_VERBS = new Set(['begin', 'begins', 'open', 'opens', 'start', 'starts']);
const END_VERBS = new Set(['end', 'ends', 'conclude', 'concludes', 'close', 'closes', 'finish', 'finishes']);
/** The parts of a text named by what they do. */
const OPENING_NOUNS = new Set(['introduction', 'intro', 'lede', 'opening']);
const CONCLUSION_NOUNS = new Set(['conclusion', 'ending']);
/** "What does the op-ed conclude?" asks for its conclusion, with or without "how". */
const CONCLUDE = new Set(['conclude', 'concludes']);
const ORDINAL = /^(?:first|second|third|\d+(?:st|nd|rd|th)|[a-z]+th)$/;

/**
 * Where in a text a question points: "paragraph 7", "paragraphs 2 and 10", "¶7", "the third paragraph", "the last
 * paragraph", "how does the op-ed end?", "the article's conclusion". Which text is for the caller to say.
 */
export function positionOf(question: string, tokens: readonly Token[]): Position {
  const paragraphs: Pointed = { refs: [], tokens: [] };
  const parts: Pointed = { refs: [], tokens: [] };
  const taken = new Set<number>();
  const point = (into: Pointed, ref: PositionRef, ...at: number[]) => {
    if (!into.refs.includes(ref)) into.refs.push(ref);
    for (const i of at) {
      into.tokens.push(i);
      taken.add(i);
    }
  };
  for (const reference of findTextReferences(question)) {
    const at = tokens.flatMap((t, i) => (t.start >= reference.start && t.end <= reference.end ? [i] : []));
    for (const n of reference.paragraphs) point(paragraphs, n, ...at);
  }
  const asksHow = tokens.some((t) => t.norm === 'how');
  tokens.forEach((token, i) => {
    if (taken.has(i)) return;
    const before = tokens[i - 1];
    if (PARAGRAPH.has(token.norm)) {
      if (!before) return;
      // "the third paragraph", "the last paragraph", "the opening paragraph"
      const ordinal = ORDINAL.test(before.norm) && /^\d+$/.test(before.stem) ? Number(before.stem) : undefined;
      const at = ordinal ?? (LAST.has(before.norm) ? 'last' : OPENING.has(before.norm) ? 1 : undefined);
      if (at !== undefined && at !== 0) point(paragraphs, at, i - 1, i);
    } else if ((asksHow && BEGIN_VERBS.has(token.norm)) || OPENING_NOUNS.has(token.norm)) {
      point(parts, 1, i);
    } else if ((asksHow && END_VERBS.has(token.norm)) || CONCLUSION_NOUNS.has(token.norm) || CONCLUDE.has(token.norm)) {
      point(parts, 'conclusion', i);
    }
  });
  return { paragraphs, parts };
}
