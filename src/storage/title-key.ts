/**
 * The form in which note titles are compared for uniqueness: Unicode-normalised, spaces collapsed, case folded.
 * Every storage implementation keys titles with this function, so "IAEA basics" and "iaea  Basics" are one title.
 */
export function titleKey(title: string): string {
  return title.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLowerCase();
}
