import type { Note } from '../../../src/storage/types.js';

/** A server's live note as storage returns it, written by "Alice Moderator" on 2026-01-15. */
export function serverNote(id: number, title: string, body: string, extra: Partial<Note> = {}): Note {
  const at = Date.UTC(2026, 0, 15, 12);
  return {
    id,
    guildId: '200000000000000001',
    title,
    body,
    tags: [],
    source: null,
    about: [],
    revision: 1,
    removed: false,
    createdBy: { id: '100000000000000001', displayName: 'Alice Moderator' },
    createdAt: at,
    updatedBy: { id: '100000000000000001', displayName: 'Alice Moderator' },
    updatedAt: at,
    ...extra,
  };
}
