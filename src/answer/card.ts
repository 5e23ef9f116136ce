import { longDate } from '../search/metadata.js';
import type { DocumentCard } from './types.js';

/** "Deploy U.S. Diplomats Quietly To Seek Iranian Deal - Michael Adler, 15 February 2012, Breaking Defense". */
export function cardText(card: DocumentCard): string {
  const details = [card.author, card.published ? longDate(card.published) : undefined, card.publication].filter((d) => d !== undefined);
  return `${card.title} - ${details.join(', ')}`;
}
