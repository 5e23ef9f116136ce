import { z } from 'zod';
import type { CorpusIssue } from './errors.js';
import type { AliasGroup } from './types.js';

/** The alias file's name inside the corpus folder. Not `.md`, so it is never taken for a document. */
export const ALIAS_FILE = 'aliases.txt';

const termSchema = z
  .string()
  .trim()
  .min(1, 'an empty term (two separators in a row?)')
  .max(80, 'a term longer than 80 characters')
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} .+'’&-]*$/u, 'a term may hold only letters, digits, spaces and . + \' & -');

/**
 * Parses the alias file. Each line is a group: `IAEA = International Atomic Energy Agency` (same meaning, full weight)
 * or `envoy ~ diplomat ~ ambassador` (related words, lower weight). `#` starts a comment.
 */
export function parseAliases(text: string, file: string): { groups: AliasGroup[]; issues: CorpusIssue[] } {
  const groups: AliasGroup[] = [];
  const issues: CorpusIssue[] = [];
  text.replace(/\r\n?/g, '\n').split('\n').forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) return;
    const hasEquals = line.includes('=');
    const hasTilde = line.includes('~');
    if (hasEquals === hasTilde) {
      issues.push({ file, line: i + 1, message: hasEquals ? 'use either "=" (same meaning) or "~" (related), not both on one line' : 'a group needs two or more terms joined by "=" or "~"' });
      return;
    }
    const parts = line.split(hasEquals ? '=' : '~');
    const terms: string[] = [];
    for (const part of parts) {
      const result = termSchema.safeParse(part);
      if (!result.success) {
        issues.push({ file, line: i + 1, message: `${result.error.issues[0]?.message ?? 'invalid term'}: "${part.trim()}"` });
        return;
      }
      terms.push(result.data);
    }
    if (terms.length < 2) {
      issues.push({ file, line: i + 1, message: 'a group needs two or more terms' });
      return;
    }
    groups.push({ terms, kind: hasEquals ? 'alias' : 'related' });
  });
  return { groups, issues };
}
