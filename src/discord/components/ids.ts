import { z } from 'zod';
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

const int = z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

const schemas = {
  more: z.tuple([int, int]).transform(([answerId, offset]) => ({ kind: 'more' as const, answerId, offset })),
  post: z.tuple([int, int]).transform(([answerId, offset]) => ({ kind: 'post' as const, answerId, offset })),
  rate: z.tuple([int, z.enum(['1', '0'])]).transform(([answerId, h]) => ({ kind: 'rate' as const, answerId, helpful: h === '1' })),
  // The document id goes last: it is the only part that may be long.
  full: z.tuple([int.min(1), z.string().min(1)]).transform(([paragraph, documentId]) => ({ kind: 'full' as const, documentId, paragraph })),
  quote: z.tuple([int.min(1), z.string().min(1)]).transform(([paragraph, documentId]) => ({ kind: 'quote' as const, documentId, paragraph })),
};

/** Encodes a payload; throws if it would exceed Discord's 100 characters (document ids are capped well below). */
export function encodeId(id: ComponentId): string {
  const parts: Array<string | number> =
    id.kind === 'rate' ? [id.kind, id.answerId, id.helpful ? '1' : '0']
    : id.kind === 'full' || id.kind === 'quote' ? [id.kind, id.paragraph, id.documentId]
    : [id.kind, id.answerId, id.offset];
  const text = parts.join(':');
  if (text.length > LIMITS.customId) throw new Error(`custom_id too long (${text.length}): ${text}`);
  return text;
}

/** Decodes a payload; an unknown or malformed one (an old bot version's button) is a UserError. */
export function decodeId(customId: string): ComponentId {
  const [kind, first, ...rest] = customId.split(':');
  const schema = schemas[kind as keyof typeof schemas];
  // Document ids contain no ':', but rejoining keeps the parse honest if one ever did.
  const parsed = schema?.safeParse([first, rest.join(':')]);
  if (!parsed?.success) throw new UserError('This button is from an older version of the bot and no longer works: run the command again.');
  return parsed.data;
}
