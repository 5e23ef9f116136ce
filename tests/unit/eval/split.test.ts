import { describe, expect, it } from 'vitest';
import type { Split } from '../../../eval/metrics.js';
import { applySplits, assignSplits, idHash, type SplitCandidate, splitCounts } from '../../../eval/split.js';

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(2, '0')}`);

function questions(categories: Record<string, number>): SplitCandidate[] {
  return Object.entries(categories).flatMap(([category, n]) =>
    ids(category.slice(0, 1), n).map((id) => ({ id: `${category}-${id}`, category })),
  );
}

function assigned(list: readonly SplitCandidate[]): Array<{ id: string; category: string; split: Split }> {
  const splits = assignSplits(list);
  return list.map((q) => ({ ...q, split: splits.get(q.id)! }));
}

describe('assignSplits', () => {
  it('gives each half half of every category, within one question', () => {
    const result = assigned(questions({ argument: 60, note: 61, typo: 7, author: 1 }));
    for (const [category, c] of splitCounts(result)) {
      expect(Math.abs(c.dev - c.test), category).toBeLessThanOrEqual(1);
    }
    expect(splitCounts(result).get('argument')).toEqual({ dev: 30, test: 30 });
  });

  it('does not depend on the order of the file', () => {
    const list = questions({ argument: 20, note: 15 });
    const forward = assignSplits(list);
    const backward = assignSplits([...list].reverse());
    expect([...backward].sort()).toEqual([...forward].sort());
  });

  it('keeps existing splits and balances new questions around them', () => {
    // Four old argument questions all in dev: the next three new ones must all go to test.
    const old: SplitCandidate[] = ids('g', 4).map((id) => ({ id, category: 'argument', split: 'dev' }));
    const fresh: SplitCandidate[] = ids('h', 3).map((id) => ({ id, category: 'argument' }));
    const splits = assignSplits([...old, ...fresh]);
    for (const q of old) expect(splits.get(q.id)).toBe('dev');
    for (const q of fresh) expect(splits.get(q.id)).toBe('test');
  });

  it('never moves a question when more are added later', () => {
    const first = assigned(questions({ argument: 9, note: 5 }));
    const later = [...first, ...ids('z', 6).map((id) => ({ id, category: 'note' }))];
    const splits = assignSplits(later);
    for (const q of first) expect(splits.get(q.id)).toBe(q.split);
  });

  it('breaks a tie by the parity of the id hash', () => {
    for (const id of ids('q', 8)) {
      expect(assignSplits([{ id, category: 'solo' }]).get(id)).toBe(idHash(id) % 2 === 1 ? 'test' : 'dev');
    }
  });
});

describe('applySplits', () => {
  it('adds a split to lines without one and leaves the others byte for byte', () => {
    const kept = '{"id":"a01","question":"q?","expect":[],"category":"note",  "split":"test"}';
    const text = [kept, '{"id":"a02","question":"r?","expect":[],"category":"note"}', ''].join('\n');
    const { text: out, added } = applySplits(text);
    const lines = out.split('\n');
    expect(added).toBe(1);
    expect(lines[0]).toBe(kept);
    // The only other note is in test, so the new one balances the category into dev.
    expect(JSON.parse(lines[1]!)).toEqual({ id: 'a02', question: 'r?', expect: [], category: 'note', split: 'dev' });
    expect(lines[2]).toBe('');
  });

  it('names the line of a bad split value or a duplicate id', () => {
    expect(() => applySplits('{"id":"a","category":"c","split":"train"}', 'q.jsonl')).toThrow(
      'split: q.jsonl:1: split must be "dev" or "test"',
    );
    expect(() => applySplits('{"id":"a","category":"c"}\n{"id":"a","category":"c"}', 'q.jsonl')).toThrow(
      'split: q.jsonl:2: duplicate id "a"',
    );
  });
});
