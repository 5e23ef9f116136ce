import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Corpus } from '../src/corpus/types.js';
import { expectedKey, type EvalQuestion } from './metrics.js';
import { passageKey } from './records.js';

/** The questions file is unusable; the message names the file and line. */
export class QuestionsError extends Error {
  override readonly name = 'QuestionsError';
}

const passageSchema = z.object({ doc: z.string().min(1), paragraph: z.number().int().min(1) });

const questionSchema = z
  .object({
    id: z.string().min(1),
    question: z.string().min(1),
    expect: z.array(passageSchema),
    category: z.string().min(1),
    // Every question belongs to one half; `npm run eval:split` assigns new ones (see eval/split.ts).
    split: z.enum(['dev', 'test'], { error: 'must be "dev" or "test" (run npm run eval:split)' }),
    primary: passageSchema.optional(),
  })
  .refine((q) => q.primary === undefined || (q.expect[0]?.doc === q.primary.doc && q.expect[0].paragraph === q.primary.paragraph), {
    message: 'must be the first expected passage',
    path: ['primary'],
  });

/** Reads the JSONL questions file; throws naming the line of the first malformed or duplicate question. */
export async function loadQuestions(file: string): Promise<EvalQuestion[]> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new QuestionsError(`questions: cannot read ${file} (${error.code ?? error.message})`);
  });
  const lines = text.split('\n');
  const questions: EvalQuestion[] = [];
  const ids = new Set<string>();
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${file}:${i + 1}`;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new QuestionsError(`questions: ${where}: not valid JSON`);
    }
    const parsed = questionSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new QuestionsError(`questions: ${where}: ${issue ? `${issue.path.join('.') || 'line'}: ${issue.message}` : 'invalid'}`);
    }
    if (ids.has(parsed.data.id)) throw new QuestionsError(`questions: ${where}: duplicate id "${parsed.data.id}"`);
    ids.add(parsed.data.id);
    questions.push(parsed.data);
  });
  if (questions.length === 0) throw new QuestionsError(`questions: ${file} holds no questions`);
  return questions;
}

/**
 * Expected passages that are not in the corpus: a question pointing at a renamed note or a paragraph that
 * moved would count as a miss forever, so the run reports them instead.
 */
export function danglingExpectations(questions: readonly EvalQuestion[], corpus: Corpus): string[] {
  const keys = new Set(corpus.documents.flatMap((doc) => doc.paragraphs.map((_, i) => passageKey(doc.id, i + 1))));
  return questions.flatMap((q) =>
    q.expect
      .map(expectedKey)
      .filter((key) => !keys.has(key))
      .map((key) => `${q.id}: ${key}`),
  );
}
