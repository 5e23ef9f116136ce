import { z } from 'zod';
import type { CorpusIssue } from './errors.js';
import type { CorpusDocument, PassageLink, Reference } from './types.js';

/**
 * What a note comments on, in one place for every way a note enters the library: the `about:` front matter of a
 * Markdown file today, a note written by a moderator in Discord later. `about` lists `document-id` (the document as
 * a whole) or `document-id#paragraph` (one passage); a note's own text may point at paragraphs too ("paragraph 4",
 * "paragraphs 2 and 10", "¶7"), and those are resolved against the document the note is about.
 */

const REFERENCE = /^([\w./-]+?)(?:#(\d+))?$/;

/** Parses one `document-id` or `document-id#paragraph`; undefined when it is neither. */
export function parseReference(text: string): Reference | undefined {
  const match = REFERENCE.exec(text.trim());
  if (!match) return undefined;
  const paragraph = match[2] === undefined ? undefined : Number(match[2]);
  if (paragraph !== undefined && paragraph < 1) return undefined;
  return paragraph === undefined ? { documentId: match[1]! } : { documentId: match[1]!, paragraph };
}

/** Writes a reference back as `document-id#paragraph`. */
export function formatReference(reference: Reference): string {
  return reference.paragraph === undefined ? reference.documentId : `${reference.documentId}#${reference.paragraph}`;
}

const referenceSchema = z.string().trim().transform((value, context) => {
  const reference = parseReference(value);
  if (!reference) {
    context.addIssue({ code: 'custom', message: `"${value}" is not a document id or document-id#paragraph` });
    return z.NEVER;
  }
  return reference;
});

/** The `about:` value: a YAML list, or references separated by commas (what a one-line form field gives). */
export const aboutSchema = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v),
  z.array(referenceSchema, { error: 'about must be a list such as [articles/op-ed#4, notes/glossary]' }),
);

/** A paragraph number written in a note's text, and where: offsets into the paragraph. */
export interface TextReference {
  paragraphs: number[];
  start: number;
  end: number;
}

// "paragraph 4", "paragraphs 4 and 10", "paragraphs 2 to 10", "paras. 3-5", "¶7", "¶¶ 7–8", "paragraphs 2, 5 and 7".
const NUMBER_LIST = String.raw`\d{1,4}(?:\s*(?:,|and|or|to|through|-|–|—)\s*\d{1,4})*`;
const IN_TEXT = new RegExp(String.raw`(?:\b(?:paragraphs?|paras?\.?)\s+|¶{1,2}\s*)(${NUMBER_LIST})\b`, 'giu');

/** The paragraph numbers a text points at; ranges ("2 to 10") are expanded, at most 50 numbers each. */
export function findTextReferences(text: string): TextReference[] {
  const out: TextReference[] = [];
  for (const match of text.matchAll(IN_TEXT)) {
    const list = match[1]!;
    const paragraphs: number[] = [];
    const parts = list.split(/\s*(,|and|or|to|through|-|–|—)\s*/);
    for (let i = 0; i < parts.length; i += 2) {
      const value = Number(parts[i]);
      const joiner = parts[i - 1];
      const previous = paragraphs[paragraphs.length - 1];
      if (joiner !== undefined && /^(to|through|-|–|—)$/.test(joiner) && previous !== undefined && value > previous && value - previous <= 50) {
        for (let n = previous + 1; n <= value; n++) paragraphs.push(n);
      } else {
        paragraphs.push(value);
      }
    }
    out.push({ paragraphs, start: match.index, end: match.index + match[0].length });
  }
  return out;
}

// Text between straight or curly double quotes, of three words or more.
const QUOTATION = /["“]([^"”\n]{12,400}?)["”]/g;

/** Words of a text, folded and joined by single spaces, for finding a quotation in the paragraph it comes from. */
function plain(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .trim();
}

/**
 * Quotations of another document in a text: a note quoting "the medium is at this point surely much more than the
 * message" comments on the paragraph that says it, whether or not it gives the paragraph's number.
 */
export function findQuotations(text: string, target: CorpusDocument): Array<{ paragraph: number; start: number }> {
  const out: Array<{ paragraph: number; start: number }> = [];
  let paragraphs: string[] | undefined;
  for (const match of text.matchAll(QUOTATION)) {
    const quoted = plain(match[1]!);
    if (quoted.split(' ').length < 3) continue;
    paragraphs ??= target.paragraphs.map(plain);
    const found = paragraphs.findIndex((p) => p.includes(quoted));
    if (found >= 0) out.push({ paragraph: found + 1, start: match.index });
  }
  return out;
}

/** Where things stand in a document's file, for messages: the `about:` lines and each paragraph's first line. */
export interface SourceLines {
  about?: number[];
  paragraphs: number[];
}

/**
 * Which document a note's in-text paragraph numbers refer to: the one document its `about:` names; else the one
 * article whose author's surname the note mentions ("Adler's op-ed"); else, when the library holds a single article,
 * that article (a study group's notes comment on the text it studies); else none.
 */
export function referenceTarget(note: CorpusDocument, byId: ReadonlyMap<string, CorpusDocument>, articles: readonly CorpusDocument[]): CorpusDocument | undefined {
  const named = new Set((note.about ?? []).map((r) => r.documentId));
  if (named.size === 1) return byId.get([...named][0]!);
  if (named.size > 1) return undefined;
  const others = articles.filter((a) => a !== note);
  if (others.length === 1) return others[0];
  const text = note.paragraphs.join('\n');
  const mentioned = others.filter((a) => {
    const surname = a.author?.trim().split(/\s+/).pop();
    return surname !== undefined && /^\p{Lu}/u.test(surname) && new RegExp(`(^|[^\\p{L}])${escapeRegExp(surname)}(?![\\p{L}])`, 'u').test(text);
  });
  return mentioned.length === 1 ? mentioned[0] : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Checks every reference a document makes against the documents it may point at, and returns the problems
 * (unknown document, paragraph out of range) and the passage links that resolved. Used by the corpus loader for
 * every file, and meant for a note written in Discord: validate it against the library before saving it.
 */
export function resolveReferences(
  note: CorpusDocument,
  byId: ReadonlyMap<string, CorpusDocument>,
  articles: readonly CorpusDocument[],
  file: string,
  lines?: SourceLines,
): { links: PassageLink[]; issues: CorpusIssue[] } {
  const links: PassageLink[] = [];
  const issues: CorpusIssue[] = [];
  (note.about ?? []).forEach((reference, i) => {
    const line = lines?.about?.[i];
    const target = byId.get(reference.documentId);
    const at = line === undefined ? {} : { line };
    if (!target) {
      issues.push({ file, ...at, message: `about: unknown document "${reference.documentId}"` });
      return;
    }
    if (target === note) {
      issues.push({ file, ...at, message: `about: "${formatReference(reference)}" is this document itself` });
      return;
    }
    if (reference.paragraph !== undefined) {
      if (reference.paragraph > target.paragraphs.length) {
        issues.push({ file, ...at, message: `about: "${formatReference(reference)}": ${target.id} has ${target.paragraphs.length} paragraphs` });
        return;
      }
      links.push({ documentId: target.id, paragraph: reference.paragraph });
    }
  });
  const target = referenceTarget(note, byId, articles);
  if (target) {
    note.paragraphs.forEach((text, i) => {
      for (const found of findTextReferences(text)) {
        for (const paragraph of found.paragraphs) {
          if (paragraph < 1 || paragraph > target.paragraphs.length) {
            const first = lines?.paragraphs[i];
            const line = first === undefined ? undefined : first + (text.slice(0, found.start).match(/\n/g)?.length ?? 0);
            issues.push({
              file,
              ...(line === undefined ? {} : { line }),
              message: `"${text.slice(found.start, found.end)}" points at paragraph ${paragraph} of ${target.id}, ` +
                `which has ${target.paragraphs.length}`,
            });
            continue;
          }
          if (!links.some((l) => l.from === i + 1 && l.documentId === target.id && l.paragraph === paragraph)) {
            links.push({ from: i + 1, at: found.start, documentId: target.id, paragraph });
          }
        }
      }
      for (const quote of findQuotations(text, target)) {
        if (!links.some((l) => l.from === i + 1 && l.documentId === target.id && l.paragraph === quote.paragraph)) {
          links.push({ from: i + 1, at: quote.start, documentId: target.id, paragraph: quote.paragraph });
        }
      }
    });
  }
  return { links, issues };
}
