import { z } from 'zod';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, 'is not a real calendar date');

/** Front matter of a corpus document. Unknown keys are rejected so that a typo (`titel`) is caught, not ignored. */
export const frontMatterSchema = z.strictObject({
  title: z.string().trim().min(1, 'title must not be empty'),
  author: z.string().trim().min(1).optional(),
  source: z.url({ protocol: /^https?$/, message: 'source must be an http(s) URL' }).optional(),
  // YAML may read an unquoted date as a string or, with other schemas, a Date: accept both, keep the ISO text.
  published: z.preprocess((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v), isoDate).optional(),
  kind: z.enum(['article', 'note']).default('note'),
  tags: z
    .union([z.array(z.string().trim().min(1)), z.string().transform((s) => s.split(',').map((t) => t.trim()).filter(Boolean))])
    .default([]),
});

export type FrontMatter = z.infer<typeof frontMatterSchema>;
