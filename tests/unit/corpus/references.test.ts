import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorpusError } from '../../../src/corpus/errors.js';
import { loadCorpus } from '../../../src/corpus/load.js';
import { findQuotations, findTextReferences, parseReference, resolveReferences } from '../../../src/corpus/references.js';
import type { CorpusDocument } from '../../../src/corpus/types.js';
import { doc, makeTempDir, realCorpusDir, removeDir, writeFiles } from '../helpers/fixture-corpus.js';

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await removeDir(dir);
});

const ARTICLE = doc('The op-ed', ['One.', 'Two.', 'Three.', 'Four.'], ['kind: article', 'author: Jane Roe']);

async function issuesOf(): Promise<string[]> {
  try {
    await loadCorpus(dir);
    return [];
  } catch (error) {
    if (!(error instanceof CorpusError)) throw error;
    return error.issues.map((i) => `${path.relative(dir, i.file)}:${i.line ?? '-'}: ${i.message}`);
  }
}

describe('parseReference', () => {
  it('reads a document id with or without a paragraph', () => {
    expect(parseReference('articles/op-ed')).toEqual({ documentId: 'articles/op-ed' });
    expect(parseReference(' articles/op-ed#4 ')).toEqual({ documentId: 'articles/op-ed', paragraph: 4 });
    expect(parseReference('articles/op-ed#0')).toBeUndefined();
    expect(parseReference('articles/op ed')).toBeUndefined();
    expect(parseReference('')).toBeUndefined();
  });
});

describe('findTextReferences', () => {
  const numbers = (text: string) => findTextReferences(text).map((r) => r.paragraphs);

  it('finds paragraph numbers however a note writes them', () => {
    expect(numbers('Adler argues in paragraph 4 that')).toEqual([[4]]);
    expect(numbers('in paragraphs 2 and 10, and in paragraphs 7 to 9')).toEqual([[2, 10], [7, 8, 9]]);
    expect(numbers('see ¶7 and ¶¶ 3–4; paras. 5, 6 or 8')).toEqual([[7], [3, 4], [5, 6, 8]]);
    expect(numbers('Paragraph 11 of the op-ed says')).toEqual([[11]]);
  });

  it('ignores numbers that are not paragraph references', () => {
    expect(numbers('In 2012 the six powers met for 3 days; resolution 1929 passed.')).toEqual([]);
  });

  it('gives the span of each reference', () => {
    const text = 'As in paragraph 4, he says';
    const [ref] = findTextReferences(text);
    expect(text.slice(ref!.start, ref!.end)).toBe('paragraph 4');
  });
});

describe('findQuotations', () => {
  const article: CorpusDocument = {
    id: 'articles/a',
    title: 'A',
    kind: 'article',
    tags: [],
    paragraphs: ['The harbour silts up every winter.', 'The council should dredge the channel this year, he said.'],
  };

  it('finds the paragraph a quotation comes from, ignoring case, punctuation and quote style', () => {
    expect(findQuotations('The author wants the council to “dredge the channel this year” and more.', article)).toEqual([{ paragraph: 2, start: 32 }]);
    expect(findQuotations('He says "The harbour silts up, every winter".', article)).toEqual([{ paragraph: 1, start: 8 }]);
  });

  it('ignores short quotations and words the document does not hold', () => {
    expect(findQuotations('It "silts up" and "the mayor resigned this week" today.', article)).toEqual([]);
  });
});

describe('resolveReferences', () => {
  const article: CorpusDocument = { id: 'articles/a', title: 'A', kind: 'article', tags: [], paragraphs: ['1', '2', '3'], author: 'Jane Roe' };
  const other: CorpusDocument = { id: 'articles/b', title: 'B', kind: 'article', tags: [], paragraphs: ['1'], author: 'John Smith' };

  it('links each paragraph of a note to the passages its text names, in the document its about: names', () => {
    const note: CorpusDocument = { id: 'n', title: 'N', kind: 'note', tags: [], paragraphs: ['Nothing.', 'In paragraph 2 and ¶3.'], about: [{ documentId: 'articles/b' }, { documentId: 'articles/a', paragraph: 1 }] };
    const byId = new Map([article, other, note].map((d) => [d.id, d]));
    // Two documents in about: in-text numbers are ambiguous and link nothing, but the named passage links.
    expect(resolveReferences(note, byId, [article, other], 'n.md')).toEqual({ links: [{ documentId: 'articles/a', paragraph: 1 }], issues: [] });
    note.about = [{ documentId: 'articles/a' }];
    expect(resolveReferences(note, byId, [article, other], 'n.md').links).toEqual([
      { from: 2, at: 3, documentId: 'articles/a', paragraph: 2 },
      { from: 2, at: 19, documentId: 'articles/a', paragraph: 3 },
    ]);
  });

  it('links a paragraph quoting the article to the quoted passage, without a paragraph number', () => {
    const note: CorpusDocument = { id: 'n', title: 'N', kind: 'note', tags: [], paragraphs: ['Nothing.', 'Roe says the fleet "loses weeks at sea" each year.'] };
    const quoted: CorpusDocument = { ...article, paragraphs: ['One.', 'The fleet loses weeks at sea.', 'Three.'] };
    const byId = new Map([quoted, note].map((d) => [d.id, d]));
    expect(resolveReferences(note, byId, [quoted], 'n.md').links).toEqual([{ from: 2, at: 19, documentId: 'articles/a', paragraph: 2 }]);
  });

  it('without about:, resolves in-text references to the article whose author the note names', () => {
    const note: CorpusDocument = { id: 'n', title: 'N', kind: 'note', tags: [], paragraphs: ["Smith's piece says in paragraph 1 that"] };
    const byId = new Map([article, other, note].map((d) => [d.id, d]));
    expect(resolveReferences(note, byId, [article, other], 'n.md').links).toEqual([{ from: 1, at: 22, documentId: 'articles/b', paragraph: 1 }]);
    note.paragraphs = ['In paragraph 1 someone says'];
    expect(resolveReferences(note, byId, [article, other], 'n.md').links).toEqual([]);
    expect(resolveReferences(note, byId, [article], 'n.md').links).toEqual([{ from: 1, at: 3, documentId: 'articles/a', paragraph: 1 }]);
  });
});

describe('loadCorpus: references', () => {
  it('keeps about: and the resolved links on the document', async () => {
    await writeFiles(dir, {
      'articles/op-ed.md': ARTICLE,
      'notes/n.md': doc('N', ['Background.', 'The op-ed says in paragraph 3 that.'], ['about: [articles/op-ed, articles/op-ed#1]']),
    });
    const corpus = await loadCorpus(dir);
    const note = corpus.documents.find((d) => d.id === 'notes/n')!;
    expect(note.about).toEqual([{ documentId: 'articles/op-ed' }, { documentId: 'articles/op-ed', paragraph: 1 }]);
    expect(note.links).toEqual([
      { documentId: 'articles/op-ed', paragraph: 1 },
      { from: 2, at: 18, documentId: 'articles/op-ed', paragraph: 3 },
    ]);
  });

  it('reports unknown documents, paragraphs out of range and malformed entries with file and line', async () => {
    await writeFiles(dir, {
      'articles/op-ed.md': ARTICLE,
      'notes/bad.md': ['---', 'title: Bad', 'about:', '  - articles/op-ed#9', '  - articles/op-ed', '---', '', 'Fine.', '', 'First line,', 'and in paragraph 12 he says.', ''].join('\n'),
      'notes/gone.md': doc('Gone', ['Text.'], ['about: [articles/missing]']),
      'notes/worse.md': doc('Worse', ['Text.'], ['about: [articles/op-ed#two]']),
      'notes/self.md': doc('Self', ['Text.'], ['about: notes/self']),
    });
    // Malformed entries are found while parsing each file; references are checked once every document is read.
    expect(await issuesOf()).toEqual([
      'notes/worse.md:3: about: "articles/op-ed#two" is not a document id or document-id#paragraph',
      'notes/bad.md:4: about: "articles/op-ed#9": articles/op-ed has 4 paragraphs',
      'notes/bad.md:11: "paragraph 12" points at paragraph 12 of articles/op-ed, which has 4',
      'notes/gone.md:3: about: unknown document "articles/missing"',
      'notes/self.md:3: about: "notes/self" is this document itself',
    ]);
  });

  it('links the shipped notes to the article paragraphs they discuss, and the shipped corpus has no broken reference', async () => {
    const corpus = await loadCorpus(realCorpusDir);
    const rice = corpus.documents.find((d) => d.id === 'notes/susan-rice')!;
    expect(rice.about).toEqual([{ documentId: 'articles/adler-2012-deploy-us-diplomats-quietly' }]);
    expect(rice.links).toContainEqual(expect.objectContaining({ from: 5, documentId: 'articles/adler-2012-deploy-us-diplomats-quietly', paragraph: 4 }));
  });
});
