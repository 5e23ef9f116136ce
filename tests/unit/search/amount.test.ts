import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../src/answer/answer.js';
import { scan } from '../../../src/search/analyze.js';
import type { Library } from '../../../src/search/library.js';
import { amountAsked } from '../../../src/search/search.js';
import { doc, useLibraryOf } from '../helpers/fixture-corpus.js';

// Paragraphs that say a lot about the board's members and the mayor's pay, and one that says how many members.
const FILES = {
  'notes/board.md': doc('The harbour board', [
    'The members of the harbour board are chosen by the members of the council, and the board members elect its chair.',
    'Since 2019 the board has had 12 members, who meet in the town hall.',
    'The mayor is paid by the town, and the mayor’s pay is set by the council each year since 2015.',
  ]),
};

let library: Library;
useLibraryOf(FILES, (built) => (library = built));

describe('"how many" and "how much" questions', () => {
  it('read what is counted: the last word before the verb, or nothing', () => {
    expect(amountAsked(scan('how many board members are there'))).toEqual({ of: 'member' });
    expect(amountAsked(scan('how much does the mayor get paid'))).toEqual({ of: undefined });
    expect(amountAsked(scan('how did the board vote'))).toBeUndefined();
  });

  it('are answered from the passage stating an amount of what is counted, ahead of those repeating its words', () => {
    const answer = answerQuestion('how many members does the harbour board have', { library });
    expect(answer.answered).toBe(true);
    if (answer.answered) expect(`${answer.passages[0]!.documentId}#${answer.passages[0]!.paragraph}`).toBe('notes/board#2');
  });

  it('are refused when no passage states an amount (a year is not one)', () => {
    const answer = answerQuestion('how much does the mayor get paid', { library });
    expect(answer.answered).toBe(false);
  });
});
