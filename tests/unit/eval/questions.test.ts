import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadQuestions } from '../../../eval/questions.js';
import { makeTempDir, removeDir } from '../helpers/fixture-corpus.js';

const A7 = { doc: 'articles/op-ed', paragraph: 7 };
const N4 = { doc: 'notes/leader', paragraph: 4 };

describe('loadQuestions', () => {
  let dir: string | undefined;
  let file: string;

  beforeEach(async () => {
    dir = await makeTempDir('questions-test-');
    file = path.join(dir, 'questions.jsonl');
  });
  afterEach(async () => removeDir(dir));

  const write = (...lines: object[]) => writeFile(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');

  it('reads the split and the primary passage', async () => {
    await write(
      { id: 'g01', question: 'what does he say about the leader', expect: [A7, N4], category: 'argument', split: 'test', primary: A7 },
      { id: 'v01', question: 'population of iran', expect: [], category: 'unanswerable', split: 'dev' },
    );
    const [g, v] = await loadQuestions(file);
    expect(g).toMatchObject({ split: 'test', primary: A7 });
    expect(v!.split).toBe('dev');
    expect(v!.primary).toBeUndefined();
  });

  it('rejects a question without a split, naming the line', async () => {
    await write(
      { id: 'a', question: 'q', expect: [], category: 'unanswerable', split: 'dev' },
      { id: 'b', question: 'q', expect: [], category: 'note' },
    );
    await expect(loadQuestions(file)).rejects.toThrow(`questions: ${file}:2: split: must be "dev" or "test" (run npm run eval:split)`);
  });

  it('rejects a primary passage that is not the first expected one', async () => {
    await write({ id: 'g', question: 'q', expect: [N4, A7], category: 'argument', split: 'dev', primary: A7 });
    await expect(loadQuestions(file)).rejects.toThrow(`questions: ${file}:1: primary: must be the first expected passage`);
  });
});
