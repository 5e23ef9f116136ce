import { describe, expect, it } from 'vitest';
import { checkAbout, NOTE_LIMITS, NoteValidationError, parseNote, validateNote } from '../../../src/notes/schema.js';
import { documents } from './helpers.js';

const corpus = { documents };

describe('note fields', () => {
  it('normalises a valid note: paragraphs, tags, empty source, references', () => {
    const content = parseNote(
      {
        title: '  IAEA basics ',
        text: 'First line\nsame paragraph.\r\n\r\n\r\n  Second.  \n',
        tags: 'IAEA, Vienna,, iaea , safeguards',
        source: '  ',
        about: 'articles/adler#2, notes/iaea, articles/adler#2',
      },
      corpus,
    );
    expect(content).toEqual({
      title: 'IAEA basics',
      body: 'First line\nsame paragraph.\n\nSecond.',
      tags: ['IAEA', 'Vienna', 'safeguards'],
      source: null,
      about: [{ documentId: 'articles/adler', paragraph: 2 }, { documentId: 'notes/iaea' }],
    });
    expect(parseNote({ title: 'T', text: 'x', tags: ['a'], source: 'https://example.org/a', about: ['notes/iaea'] }, corpus)).toMatchObject(
      { tags: ['a'], source: 'https://example.org/a' },
    );
  });

  it('names every bad field in one message', () => {
    const input = {
      title: 'x'.repeat(NOTE_LIMITS.title + 1),
      text: ' \n\n ',
      tags: Array.from({ length: 11 }, (_, i) => `t${i}`).join(','),
      source: 'javascript:alert(1)',
      about: 'not a ref!',
    };
    expect(() => parseNote(input, corpus)).toThrow(NoteValidationError);
    expect(() => parseNote(input, corpus)).toThrow(
      [
        'Title: must be at most 100 characters',
        'Text: is empty: write at least one paragraph',
        'Tags: at most 10 tags',
        'Source link: must be a link starting with http:// or https://',
        'About: "not a ref!" is not a reference: write document-id or document-id#paragraph',
      ].join('\n'),
    );
  });

  it('applies each limit at its boundary', () => {
    const ok = (over: object) => validateNote({ title: 'T', text: 'x', ...over }, corpus).ok;
    expect(ok({ title: 'x'.repeat(100) })).toBe(true);
    expect(ok({ title: '' })).toBe(false);
    expect(ok({ title: 'two\nlines' })).toBe(false);
    expect(ok({ text: 'x'.repeat(4000) })).toBe(true);
    expect(ok({ text: 'x'.repeat(4001) })).toBe(false);
    expect(ok({ tags: 'y'.repeat(40) })).toBe(true);
    expect(ok({ tags: 'y'.repeat(41) })).toBe(false);
    expect(ok({ tags: Array.from({ length: 10 }, (_, i) => `t${i}`) })).toBe(true);
    expect(ok({ source: 'http://example.org' })).toBe(true);
    expect(ok({ source: 'ftp://example.org' })).toBe(false);
    expect(ok({ source: 'not a url' })).toBe(false);
    expect(ok({ about: Array.from({ length: 11 }, () => 'x').map((_, i) => `articles/adler#${(i % 3) + 1}`) })).toBe(true); // duplicates collapse
  });

  it('checks references against the corpus it is given', () => {
    expect(validateNote({ title: 'T', text: 'x', about: 'articles/adler#4, notes/missing, notes/iaea#0, notes/iaea#1' }, corpus)).toEqual({
      ok: false,
      issues: [
        { field: 'about', message: '"articles/adler#4": articles/adler has 3 paragraphs' },
        { field: 'about', message: 'unknown document "notes/missing"' },
        { field: 'about', message: '"notes/iaea#0": notes/iaea has 1 paragraph' },
      ],
    });
    expect(checkAbout([{ documentId: 'articles/adler', paragraph: 3 }], corpus)).toEqual([]);
    expect(checkAbout([{ documentId: 'articles/adler', paragraph: 3 }], { documents: [] })).toEqual(['unknown document "articles/adler"']);
  });
});
