import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutText, guessTitle, noteForm } from '../../../../src/discord/notes/form.js';

describe('cutText', () => {
  it('keeps text within the limit as it is', () => {
    expect(cutText('short', 10)).toBe('short');
  });

  it('cuts at the last paragraph break, else line break, else space, within the limit', () => {
    expect(cutText('aaaa bbbb\n\ncccc dddd', 15)).toBe('aaaa bbbb');
    expect(cutText('aaaa bbbb\ncccc dddd', 15)).toBe('aaaa bbbb');
    expect(cutText('aaaa bbbb cccc dddd', 15)).toBe('aaaa bbbb cccc');
    expect(cutText('a'.repeat(30), 15)).toBe('a'.repeat(15));
  });

  it('always gives a prefix of the text within the limit', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', ' ', '\n', 'é'), maxLength: 200 }),
        fc.integer({ min: 1, max: 100 }),
        (text, max) => {
          const cut = cutText(text, max);
          expect(cut.length).toBeLessThanOrEqual(max);
          expect(text.startsWith(cut)).toBe(true);
        },
      ),
    );
  });
});

describe('guessTitle', () => {
  it('takes the first line with text, without markdown marks', () => {
    expect(guessTitle('\n\n## **Why Fordow matters**\nbody')).toBe('Why Fordow matters');
    expect(guessTitle('> quoted _line_')).toBe('quoted line');
    expect(guessTitle('- a list item')).toBe('a list item');
  });

  it('cuts a long first line at a word within 100 characters', () => {
    const title = guessTitle(`${'word '.repeat(30)}end`);
    expect(title.length).toBeLessThanOrEqual(100);
    expect(title.endsWith('word')).toBe(true);
  });
});

describe('noteForm', () => {
  it("cuts pre-filled values to their inputs' limits, which Discord enforces on them", () => {
    const json = noteForm({ id: { kind: 'note-add' }, heading: 'x'.repeat(60), values: { title: 't'.repeat(150), text: 'x' } }).toJSON();
    expect(json.title.length).toBeLessThanOrEqual(45);
    const title = json.components[0] as { component: { value?: string; max_length?: number } };
    expect(title.component.value).toHaveLength(100);
    expect(title.component.max_length).toBe(100);
  });
});
