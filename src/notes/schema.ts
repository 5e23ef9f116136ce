import { z } from 'zod';
import { frontMatterSchema } from '../corpus/schema.js';
import type { Corpus } from '../corpus/types.js';
import { UserError } from '../errors.js';
import type { AboutRef, NoteContent } from '../storage/types.js';

/** Field limits of a server note: the modal's maximum lengths are these too. */
export const NOTE_LIMITS = {
  title: 100,
  text: 4000,
  tags: 10,
  tag: 40,
  source: 2000,
  about: 10,
} as const;

/** The fields of a note, as written in the modal, read from an imported file, or typed in the shell. */
export interface NoteInput {
  title: string;
  /** Paragraphs separated by blank lines, as in corpus files. */
  text: string;
  /** Words separated by commas, or a list. */
  tags?: string | string[];
  /** An http(s) link; empty or absent for none. */
  source?: string | null;
  /** `document-id` or `document-id#paragraph`, separated by commas, or a list. */
  about?: string | string[];
}

/** Fields as read from a file, of any type: the schema says what is wrong with each. */
export type UncheckedNoteInput = Partial<Record<NoteField, unknown>>;

/** The name of each field as moderators see it, in messages. */
export const FIELD_LABELS = { title: 'Title', text: 'Text', tags: 'Tags', source: 'Source link', about: 'About' } as const;
export type NoteField = keyof typeof FIELD_LABELS;

export interface NoteIssue {
  field: NoteField;
  message: string;
}

/** One or more fields of a note are invalid; the message names each field and what it should be. */
export class NoteValidationError extends UserError {
  constructor(readonly issues: NoteIssue[]) {
    super(issues.map((i) => `${FIELD_LABELS[i.field]}: ${i.message}`).join('\n'));
  }
}

/** Splits a note's text into paragraphs the way the corpus parser does: blank lines separate them. */
export function splitParagraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

const list = (value: unknown) => (Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : value);

// Corpus rules reused as they are, so a note that passes here passes `npm run corpus:check` once exported.
const corpusSource = frontMatterSchema.shape.source;

const ABOUT_REF = /^([\w./-]+)(?:#(\d+))?$/;

/** Reads `document-id` or `document-id#paragraph`; undefined when it is not written that way. */
export function parseAboutRef(text: string): AboutRef | undefined {
  const match = ABOUT_REF.exec(text.trim());
  if (!match) return undefined;
  const paragraph = match[2] === undefined ? undefined : Number(match[2]);
  return paragraph === undefined ? { documentId: match[1]! } : { documentId: match[1]!, paragraph };
}

/** `document-id#paragraph`, or the bare id for a whole document. */
export function formatAboutRef(ref: AboutRef): string {
  return ref.paragraph === undefined ? ref.documentId : `${ref.documentId}#${ref.paragraph}`;
}

/**
 * The note's fields, checked and normalised, without the `about` references' targets (see `checkAbout`): one
 * schema for the modal, imports and the shell.
 */
export const noteInputSchema = z.object({
  title: z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'is empty: write a title')
    .max(NOTE_LIMITS.title, `must be at most ${NOTE_LIMITS.title} characters`)
    .refine((t) => ![...t].some((c) => c < ' ' || c === '\u007f'), 'must be one line of text'),
  text: z
    .string({ error: 'is required' })
    .transform((t) => splitParagraphs(t).join('\n\n'))
    .pipe(
      z.string().min(1, 'is empty: write at least one paragraph').max(NOTE_LIMITS.text, `must be at most ${NOTE_LIMITS.text} characters`),
    ),
  tags: z
    .preprocess(
      (v) => list(v ?? []),
      z.array(
        z
          .string({ error: 'must be words separated by commas' })
          .trim()
          .max(NOTE_LIMITS.tag, `each must be at most ${NOTE_LIMITS.tag} characters`),
        {
          error: 'must be words separated by commas',
        },
      ),
    )
    .transform((tags) => dedupe(tags.filter(Boolean), (t) => t.toLowerCase()))
    .pipe(z.array(z.string()).max(NOTE_LIMITS.tags, `at most ${NOTE_LIMITS.tags} tags`)),
  source: z.preprocess(
    (v) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? null : typeof v === 'string' ? v.trim() : v),
    z
      .string({ error: 'must be a link starting with http:// or https://' })
      .max(NOTE_LIMITS.source, `must be at most ${NOTE_LIMITS.source} characters`)
      .refine((url) => corpusSource.safeParse(url).success, 'must be a link starting with http:// or https://')
      .nullable(),
  ),
  about: z
    .preprocess(
      (v) => list(v ?? []),
      z.array(z.string({ error: 'must be references such as articles/adler#3, separated by commas' }).trim()),
    )
    .transform((refs, ctx) => {
      const parsed: AboutRef[] = [];
      for (const text of refs.filter(Boolean)) {
        const ref = parseAboutRef(text);
        if (ref) parsed.push(ref);
        else ctx.addIssue({ code: 'custom', message: `"${text}" is not a reference: write document-id or document-id#paragraph` });
      }
      return dedupe(parsed, formatAboutRef);
    })
    .pipe(z.array(z.custom<AboutRef>()).max(NOTE_LIMITS.about, `at most ${NOTE_LIMITS.about} references`)),
});

function dedupe<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Problems with `about` references against a corpus: an unknown document, or a paragraph it does not have.
 * Takes the corpus so that the corpus checker can apply the same rule to shipped notes' `about:` keys.
 */
export function checkAbout(refs: readonly AboutRef[], corpus: Pick<Corpus, 'documents'>): string[] {
  const byId = new Map(corpus.documents.map((d) => [d.id, d]));
  const problems: string[] = [];
  for (const ref of refs) {
    const document = byId.get(ref.documentId);
    if (!document) problems.push(`unknown document "${ref.documentId}"`);
    else if (ref.paragraph !== undefined && (ref.paragraph < 1 || ref.paragraph > document.paragraphs.length)) {
      problems.push(
        `"${formatAboutRef(ref)}": ${document.id} has ${document.paragraphs.length} ${document.paragraphs.length === 1 ? 'paragraph' : 'paragraphs'}`,
      );
    }
  }
  return problems;
}

/** Checks a note's fields, `about` against `corpus` included: the content to store, or every problem found. */
export function validateNote(
  input: NoteInput | UncheckedNoteInput,
  corpus: Pick<Corpus, 'documents'>,
): { ok: true; content: NoteContent } | { ok: false; issues: NoteIssue[] } {
  const parsed = noteInputSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ field: issue.path[0] as NoteField, message: issue.message }));
    return { ok: false, issues: dedupe(issues, (i) => `${i.field}\0${i.message}`) };
  }
  const { title, text, tags, source, about } = parsed.data;
  const aboutIssues = checkAbout(about, corpus);
  if (aboutIssues.length > 0) return { ok: false, issues: aboutIssues.map((message) => ({ field: 'about', message })) };
  return { ok: true, content: { title, body: text, tags, source, about } };
}

/** The content to store, or a `NoteValidationError` naming each bad field. */
export function parseNote(input: NoteInput, corpus: Pick<Corpus, 'documents'>): NoteContent {
  const result = validateNote(input, corpus);
  if (!result.ok) throw new NoteValidationError(result.issues);
  return result.content;
}
