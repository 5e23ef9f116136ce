import { describe, expect, it } from 'vitest';
import { ALIAS_FILE, parseAliases } from '../../../src/corpus/aliases.js';

const FILE = 'corpus/aliases.txt';

describe('parseAliases', () => {
  it('is named aliases.txt, so it is never read as a Markdown document', () => {
    expect(ALIAS_FILE).toBe('aliases.txt');
  });

  it('reads "=" groups as aliases and "~" groups as related words, trimming terms', () => {
    const { groups, issues } = parseAliases(
      'IAEA = International Atomic Energy Agency =  UN nuclear watchdog\nenvoy~diplomat ~   ambassador\n',
      FILE,
    );
    expect(issues).toEqual([]);
    expect(groups).toEqual([
      { terms: ['IAEA', 'International Atomic Energy Agency', 'UN nuclear watchdog'], kind: 'alias' },
      { terms: ['envoy', 'diplomat', 'ambassador'], kind: 'related' },
    ]);
  });

  it('accepts the punctuation the real alias file uses: . + \' ’ & -', () => {
    const { groups, issues } = parseAliases("P5+1 = P5 + 1\nU.S. = United States\nKhamenei = Khamenei's = Khamenei’s\nal-Jubeir = Jubeir\nAT&T " +
      "= ATT\nTrack 1.5 = Track one and a half\n", FILE);
    expect(issues).toEqual([]);
    expect(groups.map((g) => g.terms)).toEqual([
      ['P5+1', 'P5 + 1'],
      ['U.S.', 'United States'],
      ['Khamenei', "Khamenei's", 'Khamenei’s'],
      ['al-Jubeir', 'Jubeir'],
      ['AT&T', 'ATT'],
      ['Track 1.5', 'Track one and a half'],
    ]);
  });

  it('skips blank lines, comment lines and trailing comments', () => {
    const { groups, issues } = parseAliases('# a comment\n\n   \n  # indented comment\nUN = United Nations # the UN\nEU = European Union\t# ' +
      'tabbed\n', FILE);
    expect(issues).toEqual([]);
    expect(groups).toEqual([
      { terms: ['UN', 'United Nations'], kind: 'alias' },
      { terms: ['EU', 'European Union'], kind: 'alias' },
    ]);
  });

  it('handles CRLF line endings and a byte order mark', () => {
    const { groups, issues } = parseAliases('\uFEFF# header\r\nUN = United Nations\r\nbad\r\n', FILE);
    expect(groups).toEqual([{ terms: ['UN', 'United Nations'], kind: 'alias' }]);
    expect(issues).toEqual([{ file: FILE, line: 3, message: 'a group needs two or more terms joined by "=" or "~"' }]);
  });

  it('rejects "=" and "~" on one line', () => {
    expect(parseAliases('a = b ~ c', FILE)).toEqual({
      groups: [],
      issues: [{ file: FILE, line: 1, message: 'use either "=" (same meaning) or "~" (related), not both on one line' }],
    });
  });

  it('rejects a line with a single term', () => {
    expect(parseAliases('# comment\nIAEA\n', FILE)).toEqual({
      groups: [],
      issues: [{ file: FILE, line: 2, message: 'a group needs two or more terms joined by "=" or "~"' }],
    });
  });

  it('rejects an empty term (a trailing or doubled separator)', () => {
    expect(parseAliases('IAEA =\nenvoy ~ ~ diplomat\n= UN', FILE).issues).toEqual([
      { file: FILE, line: 1, message: 'an empty term (two separators in a row?): ""' },
      { file: FILE, line: 2, message: 'an empty term (two separators in a row?): ""' },
      { file: FILE, line: 3, message: 'an empty term (two separators in a row?): ""' },
    ]);
  });

  it('rejects terms with other characters, naming the term and its line', () => {
    const { groups, issues } = parseAliases('UN = United Nations\nfoo = b@r\n\nx ~ (y)\nUS#x = y\n-dash = d\n', FILE);
    const message = "a term may hold only letters, digits, spaces and . + ' & -";
    expect(groups).toEqual([{ terms: ['UN', 'United Nations'], kind: 'alias' }]);
    expect(issues).toEqual([
      { file: FILE, line: 2, message: `${message}: "b@r"` },
      { file: FILE, line: 4, message: `${message}: "(y)"` },
      // "#" starts a comment only after a space: glued to a word it is part of the term.
      { file: FILE, line: 5, message: `${message}: "US#x"` },
      { file: FILE, line: 6, message: `${message}: "-dash"` },
    ]);
  });

  it('rejects a term longer than 80 characters', () => {
    const long = 'a'.repeat(81);
    expect(parseAliases(`x = ${long}`, FILE).issues).toEqual([{ file: FILE, line: 1, message: `a term longer than 80 characters: "${long}"` }]);
    expect(parseAliases(`x = ${'a'.repeat(80)}`, FILE).issues).toEqual([]);
  });

  it('keeps the good groups and reports every bad line, in order', () => {
    const { groups, issues } = parseAliases('a = b\nsolo\nc ~ d\ne = f ~ g\nh = i\n', FILE);
    expect(groups.map((g) => g.terms)).toEqual([['a', 'b'], ['c', 'd'], ['h', 'i']]);
    expect(issues.map((i) => i.line)).toEqual([2, 4]);
  });
});
