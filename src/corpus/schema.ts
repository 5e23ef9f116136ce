import { z } from 'zod';
import { aboutSchema } from './references.js';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date written YYYY-MM-DD', abort: true })
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, 'is not a real calendar date');

// YAML reads `tags: [2011]` or `title: 1984` as numbers; they are meant as text.
const asText = (value: unknown) => (typeof value === 'number' || typeof value === 'boolean' ? String(value) : value);
const text = (message: string) => z.preprocess(asText, z.string({ error: message }).trim().min(1, message));

/** Front matter of a corpus document. Unknown keys are rejected so that a typo (`titel`) is caught, not ignored. */
export const frontMatterSchema = z.strictObject({
  title: text('must be a non-empty text'),
  author: text('must be a non-empty text').optional(),
  source: z.url({ protocol: /^https?$/, message: 'source must be an http(s) URL' }).optional(),
  // YAML may read an unquoted date as a string or, with other schemas, a Date: accept both, keep the ISO text.
  published: z.preprocess((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v), isoDate).optional(),
  kind: z.enum(['article', 'note']).default('note'),
  tags: z
    .preprocess(
      (v) => (Array.isArray(v) ? v.map(asText) : asText(v)),
      z.union([z.array(z.string().trim().min(1)), z.string().transform((s) => s.split(',').map((t) => t.trim()).filter(Boolean))], {
        error: 'must be a list such as [Iran, IAEA], or words separated by commas',
      }),
    )
    .default([]),
  /** Passages this document comments on: `document-id` or `document-id#paragraph` (checked against the library). */
  about: aboutSchema.optional(),
});

export type FrontMatter = z.infer<typeof frontMatterSchema>;
