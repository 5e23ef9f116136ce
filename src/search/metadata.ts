import type { CorpusDocument } from '../corpus/types.js';
import { fold } from '../text/fold.js';
import type { Library } from './library.js';

/** English month names, January first: how dates are written out, and what marks a number as a date's day. */
export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** `2012-02-15` → `15 February 2012`: how passages write dates, and how a card shows them. */
export function longDate(iso: string): string {
  const [year, month, day] = iso.split('-').map(Number);
  return `${day} ${MONTHS[(month ?? 1) - 1] ?? ''} ${year}`;
}

const names = new WeakMap<Library, Map<string, string | undefined>>();

/**
 * The name of the publication a document's source link points at, as the library writes it: the capitalised words
 * whose letters spell the link's site name ("Breaking Defense" for breakingdefense.com). Undefined when no
 * passage names it. Read once per library and document, on first use: only front-matter questions need it.
 */
export function publicationName(library: Library, document: CorpusDocument): string | undefined {
  if (!document.source) return undefined;
  let cache = names.get(library);
  if (!cache) names.set(library, (cache = new Map<string, string | undefined>()));
  if (cache.has(document.id)) return cache.get(document.id);
  let site: string | undefined;
  try {
    const labels = new URL(document.source).hostname.split('.').filter((l) => l !== 'www');
    site = fold((labels.length >= 2 ? labels[labels.length - 2] : labels[0]) ?? '').replace(/-/g, '');
  } catch {
    site = undefined;
  }
  let found: string | undefined;
  if (site && site.length >= 4) {
    const phrase = /\p{Lu}[\p{L}\p{N}]*(?:[ -]\p{Lu}[\p{L}\p{N}]*){0,3}/gu;
    outer: for (const passage of library.passages) {
      if (!passage.text.includes(site[0]!.toUpperCase())) continue;
      for (const match of passage.text.matchAll(phrase)) {
        const words = match[0].split(/[ -]/);
        // Any run of the phrase's words may be the name: "Washington's Breaking Defense".
        for (let i = 0; i < words.length; i++) {
          for (let j = i + 1; j <= words.length; j++) {
            if (fold(words.slice(i, j).join('')) === site) {
              found = words.slice(i, j).join(' ');
              break outer;
            }
          }
        }
      }
    }
  }
  cache.set(document.id, found);
  return found;
}

/** Words a passage that states the asked detail would contain: the author's name, the date, the publication. */
export function detailWords(library: Library, document: CorpusDocument, asked: 'author' | 'published' | 'source'): string {
  if (asked === 'author') return document.author ?? '';
  if (asked === 'published') return document.published ? longDate(document.published) : '';
  return publicationName(library, document) ?? '';
}
