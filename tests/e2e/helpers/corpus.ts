import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { realCorpusDir } from './paths.js';

/** A copy of the real corpus in a new temporary folder, plus `extra` files (relative path → content). */
export async function copyCorpusWith(extra: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'study-bot-corpus-'));
  await cp(realCorpusDir, dir, { recursive: true });
  for (const [relative, content] of Object.entries(extra)) {
    const file = path.join(dir, ...relative.split('/'));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  return dir;
}

/** A note document: front matter, then paragraphs separated by blank lines. */
export function note(title: string, paragraphs: string[], tags: string[] = []): string {
  return [
    '---',
    `title: ${title}`,
    'author: Study group notes',
    'published: 2026-11-27',
    'kind: note',
    `tags: [${tags.join(', ')}]`,
    '---',
    '',
    paragraphs.join('\n\n'),
    '',
  ].join('\n');
}
