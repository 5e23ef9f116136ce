import { z } from 'zod';
import { DOCUMENT_ID_CHARS, MAX_ID_LENGTH } from '../../corpus/load.js';
import { UserError } from '../../errors.js';
import { LIMITS } from '../respond.js';

/**
 * Button payloads, carried in `custom_id` so buttons work after a restart. Answers are referred to by their
 * stored id; paragraphs by document id and number, which survive corpus edits that keep the document; notes, pending
 * imports and gaps by their stored ids, which every handler looks up within the server the button is pressed in.
 */
export type ComponentId =
  | { kind: 'more'; answerId: number; offset: number }
  | { kind: 'post'; answerId: number; offset: number }
  | { kind: 'rate'; answerId: number; helpful: boolean }
  | { kind: 'full'; documentId: string; paragraph: number }
  | { kind: 'quote'; documentId: string; paragraph: number }
  /** A page of `/note list`. */
  | { kind: 'notes'; page: number }
  /** Confirm or Cancel under a checked `/note import`. */
  | { kind: 'import'; pendingId: number; confirm: boolean }
  /** "Write a note" under `/note gaps`: the question is the stored answer's. */
  | { kind: 'gap'; answerId: number }
  /** "Restore" under a removal's confirmation: undoes it. */
  | { kind: 'restore'; noteId: number };

/**
 * What a modal is for, carried in its `custom_id` and read back when it is submitted. Every kind opens the same note
 * form; the kind says what the submitted fields become.
 */
export type ModalId =
  | { kind: 'note-add' }
  /** A new note commenting on a passage of the shipped library (`paragraph` absent: the whole document). */
  | { kind: 'note-about'; documentId: string; paragraph?: number }
  /** An edit of the note as it was at `revision`: a save made by someone else in between is refused. */
  | { kind: 'note-edit'; noteId: number; revision: number }
  /** "Save as note" on a message. */
  | { kind: 'note-message'; channelId: string; messageId: string }
  /** "Write a note" for a question of `/note gaps`. */
  | { kind: 'note-gap'; answerId: number };

const STALE_BUTTON = 'This button is from an older version of the bot and no longer works: run the command again.';
const STALE_FORM = 'This form is from an older version of the bot and no longer works: run the command again.';

// Only the digits `encodeId` writes: no sign, exponent, spaces or leading zeros (which `Number()` would all accept),
// so that a payload has exactly one spelling.
const whole = (min: number) =>
  z
    .string()
    .regex(/^(0|[1-9]\d{0,15})$/)
    .transform(Number)
    .pipe(z.number().int().min(min).max(Number.MAX_SAFE_INTEGER));
const documentId = z.string().max(MAX_ID_LENGTH).regex(DOCUMENT_ID_CHARS);
const flag = z.enum(['1', '0']).transform((f) => f === '1');
/** Discord ids stay strings: they exceed what a double holds exactly. */
const snowflake = z.string().regex(/^[1-9]\d{16,19}$/);
/** A paragraph of `about`, 1-9999, or 0 for the whole document: four digits keep the longest document id within 100. */
const aboutParagraph = z
  .string()
  .regex(/^(0|[1-9]\d{0,3})$/)
  .transform(Number);

// Each schema is a tuple of the parts after the kind: its length is the only arity accepted.
const buttonSchemas = {
  more: z.tuple([whole(1), whole(0)]).transform(([answerId, offset]) => ({ kind: 'more' as const, answerId, offset })),
  post: z.tuple([whole(1), whole(0)]).transform(([answerId, offset]) => ({ kind: 'post' as const, answerId, offset })),
  rate: z.tuple([whole(1), flag]).transform(([answerId, helpful]) => ({ kind: 'rate' as const, answerId, helpful })),
  // The document id goes last: it is the only part that may be long.
  full: z.tuple([whole(1), documentId]).transform(([paragraph, id]) => ({ kind: 'full' as const, documentId: id, paragraph })),
  quote: z.tuple([whole(1), documentId]).transform(([paragraph, id]) => ({ kind: 'quote' as const, documentId: id, paragraph })),
  notes: z.tuple([whole(1)]).transform(([page]) => ({ kind: 'notes' as const, page })),
  import: z.tuple([whole(1), flag]).transform(([pendingId, confirm]) => ({ kind: 'import' as const, pendingId, confirm })),
  gap: z.tuple([whole(1)]).transform(([answerId]) => ({ kind: 'gap' as const, answerId })),
  restore: z.tuple([whole(1)]).transform(([noteId]) => ({ kind: 'restore' as const, noteId })),
};

const modalSchemas = {
  'note-add': z.tuple([]).transform(() => ({ kind: 'note-add' as const })),
  'note-about': z
    .tuple([aboutParagraph, documentId])
    .transform(([paragraph, id]) =>
      paragraph === 0 ? { kind: 'note-about' as const, documentId: id } : { kind: 'note-about' as const, documentId: id, paragraph },
    ),
  'note-edit': z.tuple([whole(1), whole(1)]).transform(([noteId, revision]) => ({ kind: 'note-edit' as const, noteId, revision })),
  'note-message': z
    .tuple([snowflake, snowflake])
    .transform(([channelId, messageId]) => ({ kind: 'note-message' as const, channelId, messageId })),
  'note-gap': z.tuple([whole(1)]).transform(([answerId]) => ({ kind: 'note-gap' as const, answerId })),
};

/** The payload `customId` spells in one table of schemas, or undefined for anything the bot did not write. */
function parse<T>(customId: string, schemas: Readonly<Record<string, z.ZodType<T>>>): T | undefined {
  if (customId.length > LIMITS.customId) return undefined;
  const [kind, ...parts] = customId.split(':');
  // An own-property check: `schemas.constructor` or `schemas.__proto__` exist on every object.
  if (kind === undefined || !Object.hasOwn(schemas, kind)) return undefined;
  const parsed = schemas[kind]!.safeParse(parts);
  return parsed.success ? parsed.data : undefined;
}

function buttonParts(id: ComponentId): Array<string | number> {
  switch (id.kind) {
    case 'rate':
      return [id.kind, id.answerId, id.helpful ? '1' : '0'];
    case 'full':
    case 'quote':
      return [id.kind, id.paragraph, id.documentId];
    case 'more':
    case 'post':
      return [id.kind, id.answerId, id.offset];
    case 'notes':
      return [id.kind, id.page];
    case 'import':
      return [id.kind, id.pendingId, id.confirm ? '1' : '0'];
    case 'gap':
      return [id.kind, id.answerId];
    case 'restore':
      return [id.kind, id.noteId];
  }
}

function modalParts(id: ModalId): Array<string | number> {
  switch (id.kind) {
    case 'note-add':
      return [id.kind];
    case 'note-about':
      return [id.kind, id.paragraph ?? 0, id.documentId];
    case 'note-edit':
      return [id.kind, id.noteId, id.revision];
    case 'note-message':
      return [id.kind, id.channelId, id.messageId];
    case 'note-gap':
      return [id.kind, id.answerId];
  }
}

function encode<T>(parts: Array<string | number>, decode: (text: string) => T | undefined): string {
  const text = parts.join(':');
  if (text.length > LIMITS.customId) throw new Error(`custom_id too long (${text.length}): ${text}`);
  if (decode(text) === undefined) throw new Error(`custom_id would not decode: ${text}`);
  return text;
}

/** Encodes a button payload; throws (a bug) if it exceeds Discord's 100 characters or would not decode to itself. */
export function encodeId(id: ComponentId): string {
  return encode(buttonParts(id), (text) => parse<ComponentId>(text, buttonSchemas));
}

/**
 * Decodes a button payload. Anything the bot did not write (an old version's button, or a forged id) is a UserError,
 * never a bug: the member is told the button no longer works.
 */
export function decodeId(customId: string): ComponentId {
  const payload = parse<ComponentId>(customId, buttonSchemas);
  if (payload === undefined) throw new UserError(STALE_BUTTON);
  return payload;
}

/** Encodes what a modal is for; throws (a bug) like `encodeId`. */
export function encodeModalId(id: ModalId): string {
  return encode(modalParts(id), (text) => parse<ModalId>(text, modalSchemas));
}

/** Decodes a submitted modal's `custom_id`; a form the bot did not write is a UserError, as for buttons. */
export function decodeModalId(customId: string): ModalId {
  const payload = parse<ModalId>(customId, modalSchemas);
  if (payload === undefined) throw new UserError(STALE_FORM);
  return payload;
}
