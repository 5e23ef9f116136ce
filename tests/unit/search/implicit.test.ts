import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../src/answer/answer.js';
import { loadCorpus } from '../../../src/corpus/load.js';
import { noteToDocument } from '../../../src/notes/document.js';
import { analyseDocument, buildLibrary, extendLibrary, type Library } from '../../../src/search/library.js';
import { doc, makeTempDir, removeDir, writeFiles } from '../helpers/fixture-corpus.js';
import { serverNote } from '../helpers/server-notes.js';

// An op-ed and a note that quotes its second paragraph without saying so: no `about:`, no "paragraph 2".
const ARTICLE = doc(
  'Repair the River Bridge',
  [
    'The town council meets on Thursday to set next year’s budget.',
    'The council should close the old river bridge to lorries at once and rebuild its northern span with steel girders before the spring floods.',
    'Tolls could pay for the work within ten years, as they did for the ferry landing.',
  ],
  ['kind: article', 'author: Ann Smith'],
);
const QUOTING =
  'Engineers found the concrete crumbling. Because of the corrosion, experts back the call to rebuild the northern span with steel girders before the spring floods.';
const UNRELATED = 'The council also runs the library, whose reading room opens at nine.';

let dir: string;
let library: Library;
beforeAll(async () => {
  dir = await makeTempDir();
  await writeFiles(dir, { 'articles/bridge.md': ARTICLE, 'notes/bridge-notes.md': doc('Notes on the bridge', [QUOTING, UNRELATED]) });
  library = buildLibrary(await loadCorpus(dir));
});
afterAll(() => removeDir(dir));

const indexOf = (lib: Library, id: string, paragraph: number) =>
  lib.passages.findIndex((p) => p.document.id === id && p.paragraph === paragraph);

describe('notes that quote an article without saying so', () => {
  it('comment on the paragraph they quote, and only that one', () => {
    const targets = library.commentsOn(indexOf(library, 'notes/bridge-notes', 1)).map((c) => c.target);
    expect(targets).toEqual([indexOf(library, 'articles/bridge', 2)]);
    // Sharing "the council" with every paragraph of the article is sharing a subject, not quoting.
    expect(library.commentsOn(indexOf(library, 'notes/bridge-notes', 2))).toEqual([]);
  });

  it('bring in the quoted paragraph for a question only the note answers in its words, the note as commentary', () => {
    const answer = answerQuestion('what do experts say about the corrosion', { library });
    expect(answer.answered).toBe(true);
    if (!answer.answered) return;
    const cited = answer.passages.flatMap((p) => [
      `${p.documentId}#${p.paragraph}`,
      ...(p.commentary ?? []).map((c) => `${c.documentId}#${c.paragraph}`),
    ]);
    expect(cited).toContain('articles/bridge#2');
    expect(cited).toContain('notes/bridge-notes#1');
  });

  it('are found the same way among a server’s notes, and only in that server’s library', async () => {
    const base = buildLibrary(await loadCorpus(dir).then((c) => ({ ...c, documents: c.documents.filter((d) => d.kind === 'article') })));
    const note = noteToDocument(serverNote(1, 'Bridge repairs', QUOTING));
    const withNote = extendLibrary(base, base.index.toJSON(), [analyseDocument(note, base)]);
    const other = extendLibrary(base, base.index.toJSON(), [analyseDocument(noteToDocument(serverNote(2, 'Library', UNRELATED)), base)]);
    expect(withNote.commentsOn(indexOf(withNote, note.id, 1)).map((c) => c.target)).toEqual([indexOf(withNote, 'articles/bridge', 2)]);
    expect(other.passages.some((_, i) => other.commentsOn(i).length > 0)).toBe(false);
  });
});
