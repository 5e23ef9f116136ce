import { z } from 'zod';
import { DOCUMENT_ID_CHARS, MAX_ID_LENGTH } from '../../corpus/load.js';
import { UserError } from '../../errors.js';
import { LIMITS } from '../respond.js';

/**
 * Button payloads, carried in `custom_id` so buttons work after a restart. Answers are referred to by their
 * stored id; paragraphs by document id and number, which survive corpus edits that keep the document.
 */
export type ComponentId =
  | { kind: 'more'; answerId: number; offset: number }
  | { kind: 'post'; answerId: number; offset: number }
  | { kind: 'rate'; answerId: number; helpful: boolean }
  | { kind: 'full'; documentId: string; paragraph: number }
  | { kind: 'quote'; documentId: string; paragraph: number };

const STALE_BUTTON = 'This button is from an older version of the bot and no longer works: run the command again.';

// Only the digits `encodeId` writes: no sign, exponent, spaces or leading zeros (which `Number()` would all accept),
// so that a payload has exactly one spelling.
const whole = (min: number) =>
  z
    .string()
    .regex(/^(0|[1-9]\d{0,15})$/)
    .transform(Number)
    .pipe(z.number().int().min(min).max(Number.MAX_SAFE_INTEGER));
const documentId = z.string().max(MAX_ID_LENGTH).regex(DOCUMENT_ID_CHARS);

const schemas = {
  more: z.tuple([whole(1), whole(0)]).transform(([answerId, offset]) => ({ kind: 'more' as const, answerId, offset })),
  post: z.tuple([whole(1), whole(0)]).transform(([answerId, offset]) => ({ kind: 'post' as const, answerId, offset })),
  rate: z.tuple([whole(1), z.enum(['1', '0'])]).transform(([answerId, h]) => ({ kind: 'rate' as const, answerId, helpful: h === '1' })),
  // The document id goes last: it is the only part that may be long.
  full: z.tuple([whole(1), documentId]).transform(([paragraph, id]) => ({ kind: 'full' as const, documentId: id, paragraph })),
  quote: z.tuple([whole(1), documentId]).transform(([paragraph, id]) => ({ kind: 'quote' as const, documentId: id, paragraph })),
};

/** The payload `customId` spells, or undefined for anything the bot did not write. */
function parse(customId: string): ComponentId | undefined {
  if (customId.length > LIMITS.customId) return undefined;
  const parts = customId.split(':');
  const [kind, first, second] = parts;
  // An own-property check: `schemas.constructor` or `schemas.__proto__` exist on every object.
  if (parts.length !== 3 || kind === undefined || !Object.hasOwn(schemas, kind)) return undefined;
  const parsed = schemas[kind as keyof typeof schemas].safeParse([first, second]);
  return parsed.success ? parsed.data : undefined;
}

/** Encodes a payload; throws (a bug) if it exceeds Discord's 100 characters or would not decode to itself. */
export function encodeId(id: ComponentId): string {
  const parts: Array<string | number> =
    id.kind === 'rate' ? [id.kind, id.answerId, id.helpful ? '1' : '0']
    : id.kind === 'full' || id.kind === 'quote' ? [id.kind, id.paragraph, id.documentId]
    : [id.kind, id.answerId, id.offset];
  const text = parts.join(':');
  if (text.length > LIMITS.customId) throw new Error(`custom_id too long (${text.length}): ${text}`);
  if (parse(text) === undefined) throw new Error(`custom_id would not decode: ${text}`);
  return text;
}

/**
 * Decodes a payload. Anything the bot did not write (an old version's button, or a forged id) is a UserError,
 * never a bug: the member is told the button no longer works.
 */
export function decodeId(customId: string): ComponentId {
  const payload = parse(customId);
  if (payload === undefined) throw new UserError(STALE_BUTTON);
  return payload;
}
