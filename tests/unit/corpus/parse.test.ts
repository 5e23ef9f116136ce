import { describe, expect, it } from 'vitest';
import { parseDocument, type ParseResult } from '../../../src/corpus/parse.js';
import type { CorpusIssue } from '../../../src/corpus/errors.js';
import type { CorpusDocument } from '../../../src/corpus/types.js';

const FILE = 'notes/x.md';

function parse(text: string, id = 'notes/x'): ParseResult {
  return parseDocument(text, id, FILE);
}

function parsedDocument(text: string, id = 'notes/x'): CorpusDocument {
  const result = parse(text, id);
  if (!result.ok) throw new Error(`expected a valid document, got ${JSON.stringify(result.issues)}`);
  return result.document;
}

function issuesOf(text: string): CorpusIssue[] {
  const result = parse(text);
  if (result.ok) throw new Error('expected the document to be rejected');
  return result.issues;
}

describe('parseDocument: valid documents', () => {
  it('reads every front matter field and keeps the id it is given', () => {
    const document = parsedDocument(
      [
        '---',
        'title: Deploy U.S. Diplomats Quietly',
        'author: Michael Adler',
        'source: https://example.org/a?b=1',
        'published: 2012-02-15',
        'kind: article',
        'tags: [Iran, diplomacy]',
        '---',
        '',
        'First paragraph.',
        '',
        'Second paragraph.',
        '',
      ].join('\n'),
      'a/b/c',
    );
    expect(document).toEqual({
      id: 'a/b/c',
      title: 'Deploy U.S. Diplomats Quietly',
      author: 'Michael Adler',
      source: 'https://example.org/a?b=1',
      published: '2012-02-15',
      kind: 'article',
      tags: ['Iran', 'diplomacy'],
      paragraphs: ['First paragraph.', 'Second paragraph.'],
    });
  });

  it('defaults kind to note and tags to none, and omits absent optional fields', () => {
    const document = parsedDocument('---\ntitle: Only a title\n---\nBody.\n');
    expect(document).toEqual({ id: 'notes/x', title: 'Only a title', kind: 'note', tags: [], paragraphs: ['Body.'] });
    expect(Object.keys(document)).not.toContain('author');
    expect(Object.keys(document)).not.toContain('source');
    expect(Object.keys(document)).not.toContain('published');
  });

  it('trims the title and splits comma-separated tags', () => {
    const document = parsedDocument('---\ntitle: "  Spaced  "\ntags: Iran,  IAEA , ,nuclear\n---\n\nBody.\n');
    expect(document.title).toBe('Spaced');
    expect(document.tags).toEqual(['Iran', 'IAEA', 'nuclear']);
  });

  it('accepts a quoted date the same as an unquoted one', () => {
    expect(parsedDocument('---\ntitle: T\npublished: "2012-02-29"\n---\n\nBody.\n').published).toBe('2012-02-29');
    expect(parsedDocument('---\ntitle: T\npublished: 2012-02-29\n---\n\nBody.\n').published).toBe('2012-02-29');
  });

  it('splits paragraphs on blank lines (including lines of spaces and tabs) and keeps line breaks inside one', () => {
    const document = parsedDocument('---\ntitle: T\n---\n\n\nOne line\nstill one.\n \t \nTwo.\n\n\n\nThree.   \n\n');
    expect(document.paragraphs).toEqual(['One line\nstill one.', 'Two.', 'Three.']);
  });

  it('handles CRLF line endings and a byte order mark', () => {
    const text = '\uFEFF---\r\ntitle: Windows\r\ntags: [a, b]\r\n---\r\n\r\nFirst\r\nline two.\r\n\r\nSecond.\r\n';
    const document = parsedDocument(text);
    expect(document.title).toBe('Windows');
    expect(document.tags).toEqual(['a', 'b']);
    expect(document.paragraphs).toEqual(['First\nline two.', 'Second.']);
  });

  it('handles old Mac CR line endings', () => {
    expect(parsedDocument('---\rtitle: T\r---\r\rA.\r\rB.\r').paragraphs).toEqual(['A.', 'B.']);
  });

  it('takes the first closing "---" as the end of the front matter; a later "---" belongs to the body', () => {
    const document = parsedDocument('---\ntitle: T\n---\n\nBefore.\n\n---\n\nAfter.\n');
    expect(document.paragraphs).toEqual(['Before.', '---', 'After.']);
  });
});

describe('parseDocument: errors, with exact message and line', () => {
  it('rejects a file without front matter', () => {
    expect(issuesOf('title: T\n\nBody.\n')).toEqual([
      { file: FILE, line: 1, message: 'must start with front matter: a line "---", then "title: ...", then a closing "---"' },
    ]);
  });

  it('rejects an empty file as having no front matter', () => {
    expect(issuesOf('')).toEqual([
      { file: FILE, line: 1, message: 'must start with front matter: a line "---", then "title: ...", then a closing "---"' },
    ]);
  });

  it('rejects unclosed front matter', () => {
    expect(issuesOf('---\ntitle: T\n\nBody.\n')).toEqual([
      { file: FILE, line: 1, message: 'front matter is not closed: add a line "---" after it' },
    ]);
  });

  it('rejects a missing title', () => {
    expect(issuesOf('---\nauthor: Someone\n---\n\nBody.\n')).toEqual([{ file: FILE, line: 1, message: 'title is required' }]);
  });

  it('rejects empty front matter as missing its title', () => {
    expect(issuesOf('---\n---\n\nBody.\n')).toEqual([{ file: FILE, line: 1, message: 'title is required' }]);
  });

  it('rejects an empty (blank) title on its line', () => {
    expect(issuesOf('---\nauthor: A\ntitle: "   "\n---\n\nBody.\n')).toEqual([
      { file: FILE, line: 3, message: 'title: must be a non-empty text' },
    ]);
    expect(issuesOf('---\ntitle: T\nauthor: ""\n---\n\nBody.\n')).toEqual([{ file: FILE, line: 3, message: 'author: must be a non-empty text' }]);
  });

  it('rejects an empty body, pointing at the closing "---"', () => {
    expect(issuesOf('---\ntitle: T\n---\n\n   \n\t\n')).toEqual([
      { file: FILE, line: 3, message: 'body is empty: write at least one paragraph after the front matter' },
    ]);
    expect(issuesOf('---\ntitle: T\nauthor: A\n---')).toEqual([
      { file: FILE, line: 4, message: 'body is empty: write at least one paragraph after the front matter' },
    ]);
  });

  it('rejects a date that does not exist', () => {
    expect(issuesOf('---\ntitle: T\npublished: 2012-02-30\n---\n\nBody.\n')).toEqual([
      { file: FILE, line: 3, message: 'published: is not a real calendar date' },
    ]);
    expect(issuesOf('---\ntitle: T\npublished: 2011-02-29\n---\n\nBody.\n')).toEqual([
      { file: FILE, line: 3, message: 'published: is not a real calendar date' },
    ]);
  });

  it('rejects a date in another format with the format message', () => {
    const issues = issuesOf('---\ntitle: T\npublished: 2012/02/15\n---\n\nBody.\n');
    expect(issues[0]).toEqual({ file: FILE, line: 3, message: 'published: must be a date written YYYY-MM-DD' });
  });

  // "2012/02/15" is a real date in the wrong format: one message, not also "is not a real calendar date".
  it('reports a wrongly formatted date once, not also as "not a real calendar date"', () => {
    expect(issuesOf('---\ntitle: T\npublished: 2012/02/15\n---\n\nBody.\n')).toEqual([
      { file: FILE, line: 3, message: 'published: must be a date written YYYY-MM-DD' },
    ]);
  });

  it('rejects a source that is not an http(s) URL', () => {
    expect(issuesOf('---\ntitle: T\nsource: not a url\n---\n\nBody.\n')).toEqual([
      { file: FILE, line: 3, message: 'source: source must be an http(s) URL' },
    ]);
    expect(issuesOf('---\ntitle: T\nsource: ftp://example.org/file\n---\n\nBody.\n')).toEqual([
      { file: FILE, line: 3, message: 'source: source must be an http(s) URL' },
    ]);
  });

  it('rejects an unknown key (a typo) on its own line', () => {
    expect(issuesOf('---\ntitle: T\nauthor: A\ntitel: T\n---\n\nBody.\n')).toEqual([
      { file: FILE, line: 4, message: 'unknown front matter key "titel" (allowed: title, author, source, published, kind, tags, about)' },
    ]);
  });

  it('rejects a kind other than article or note', () => {
    const issues = issuesOf('---\ntitle: T\nkind: book\n---\n\nBody.\n');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: FILE, line: 3 });
    expect(issues[0]!.message).toMatch(/^kind: /);
    expect(issues[0]!.message).toContain('"article"|"note"');
  });

  it('reports invalid YAML with the line it is on', () => {
    expect(issuesOf('---\ntitle: "T\n---\n\nBody.\n')).toEqual([
      { file: FILE, line: 2, message: 'front matter: Missing closing "quote' },
    ]);
    const issues = issuesOf('---\ntitle: T\ntags: [a, b\n---\n\nBody.\n');
    expect(issues.length).toBeGreaterThan(0);
    for (const issue of issues) {
      expect(issue.file).toBe(FILE);
      expect(issue.message).toMatch(/^front matter: /);
    }
    expect(issues[0]!.line).toBe(3);
  });

  it('gives YAML error lines as lines of the file, after a BOM and CRLF too', () => {
    expect(issuesOf('\uFEFF---\r\nauthor: A\r\ntitle: "T\r\n---\r\n\r\nBody.\r\n')).toEqual([
      { file: FILE, line: 3, message: 'front matter: Missing closing "quote' },
    ]);
  });

  it('reports several front matter problems together, in line order', () => {
    expect(issuesOf('---\ntitle: ""\nsource: nowhere\npublished: 2012-13-01\n---\n\nBody.\n')).toEqual([
      { file: FILE, line: 2, message: 'title: must be a non-empty text' },
      { file: FILE, line: 3, message: 'source: source must be an http(s) URL' },
      { file: FILE, line: 4, message: 'published: is not a real calendar date' },
    ]);
  });

  // YAML reads unquoted numbers as numbers; in a title or a tag list they are meant as text.
  it('accepts a year in a tag list the same as in the comma-separated form', () => {
    expect(parsedDocument('---\ntitle: T\ntags: Saudi plot, 2011\n---\n\nBody.\n').tags).toEqual(['Saudi plot', '2011']);
    expect(parsedDocument('---\ntitle: T\ntags: [Saudi plot, "2011"]\n---\n\nBody.\n').tags).toEqual(['Saudi plot', '2011']);
    expect(parsedDocument('---\ntitle: T\ntags: [Saudi plot, 2011]\n---\n\nBody.\n').tags).toEqual(['Saudi plot', '2011']);
    expect(parsedDocument('---\ntitle: 1984\n---\n\nBody.\n').title).toBe('1984');
  });

  it('rejects an empty tag in a list', () => {
    const issues = issuesOf('---\ntitle: T\ntags: [a, ""]\n---\n\nBody.\n');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: FILE, line: 3 });
    expect(issues[0]!.message).toMatch(/^tags: /);
  });

  // zod 4 issues carry their `input` only when asked to (reportInput): without it a present title of the wrong
  // type would be reported as missing.
  it('does not call a title of the wrong type "required"', () => {
    expect(issuesOf('---\ntitle: [a, b]\n---\n\nBody.\n')).toEqual([{ file: FILE, line: 2, message: 'title: must be a non-empty text' }]);
    expect(issuesOf('---\ntitle:\n  main: T\n---\n\nBody.\n')).toEqual([{ file: FILE, line: 3, message: 'title: must be a non-empty text' }]);
  });
});
