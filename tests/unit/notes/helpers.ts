import type { CorpusDocument } from '../../../src/corpus/types.js';
import type { NotesChanged, NotesDeps } from '../../../src/notes/notes.js';
import { openSqliteStorage, type SqliteStorage } from '../../../src/storage/sqlite.js';
import type { Actor } from '../../../src/storage/types.js';

export const alice: Actor = { id: '100000000000000001', displayName: 'Alice' };
export const bob: Actor = { id: '100000000000000002', displayName: 'Bob' };
export const G1 = '200000000000000001';
export const G2 = '200000000000000002';

/** A shipped library of two documents for `about` references: an article of 3 paragraphs and a note of 1. */
export const documents: CorpusDocument[] = [
  { id: 'articles/adler', title: 'Deploy diplomats', kind: 'article', tags: [], paragraphs: ['One.', 'Two.', 'Three.'] },
  { id: 'notes/iaea', title: 'The IAEA', kind: 'note', tags: [], paragraphs: ['Vienna.'] },
];

/** Notes functions over an in-memory SQLite storage, a clock the test moves, and a record of change events. */
export function notesDeps(start = Date.UTC(2026, 0, 15, 12)): {
  deps: NotesDeps;
  storage: SqliteStorage;
  events: NotesChanged[];
  clock: { now: number };
} {
  const clock = { now: start };
  const storage = openSqliteStorage(':memory:', { now: () => clock.now++ });
  const events: NotesChanged[] = [];
  return { deps: { storage, corpus: { documents }, onChange: (event) => void events.push(event) }, storage, events, clock };
}
