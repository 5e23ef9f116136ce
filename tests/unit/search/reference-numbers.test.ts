import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../../src/corpus/load.js';
import { buildLibrary, type Library, withoutReferenceNumbers } from '../../../src/search/library.js';
import { search } from '../../../src/search/search.js';
import { doc, makeTempDir, removeDir, writeFiles } from '../helpers/fixture-corpus.js';

describe('paragraph numbers cited in a note', () => {
  it('are blanked for the index, offsets kept', () => {
    const text = 'Question 1: in paragraphs 2 and 10 he says "¶3" matters.';
    const blanked = withoutReferenceNumbers(text);
    expect(blanked).toBe('Question 1: in paragraphs   and    he says "¶ " matters.');
    expect(blanked).toHaveLength(text.length);
    expect(withoutReferenceNumbers('In 2012 there were 3 rounds.')).toBe('In 2012 there were 3 rounds.');
  });

  describe('in a library', () => {
    let dir: string;
    let library: Library;
    beforeAll(async () => {
      dir = await makeTempDir();
      await writeFiles(dir, {
        'articles/a.md': doc('A', ['One.', 'Two.', 'Three.'], ['kind: article']),
        'notes/questions.md': doc('Questions', [
          'Question 1, on the start: the author argues in paragraph 2 that it matters.',
          'Question 2, on the end: is it right?',
        ]),
      });
      library = buildLibrary(await loadCorpus(dir));
    });
    afterAll(async () => {
      await removeDir(dir);
    });

    it('do not answer for the number: "the 2nd question" is Question 2, not the one citing paragraph 2', () => {
      const hit = search(library, 'the 2nd question').hits[0]!;
      expect(library.passages[hit.passage]).toMatchObject({ paragraph: 2, document: { id: 'notes/questions' } });
    });
  });
});
