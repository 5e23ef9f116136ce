import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { loadCorpus } from '../../../src/corpus/load.js';
import { buildLibrary, type Library } from '../../../src/search/library.js';

/** The repository root (the folder holding `src/` and `corpus/`). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The real corpus shipped with the repository. */
export const realCorpusDir = path.join(repoRoot, 'corpus');

/** Creates an empty temporary folder; remove it with `removeDir`. */
export async function makeTempDir(prefix = 'corpus-test-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

export async function removeDir(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}

/** Writes `files` (relative path → content) below `dir`, creating folders as needed. */
export async function writeFiles(dir: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(dir, ...relative.split('/'));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
}

/** A minimal valid document: front matter with `title` (and any extra lines), then the paragraphs. */
export function doc(title: string, paragraphs: string[], extra: string[] = []): string {
  return ['---', `title: ${title}`, ...extra, '---', '', paragraphs.join('\n\n'), ''].join('\n');
}

/**
 * A small library built to exercise the analysis: each alias appears in one form in one passage and in another
 * form elsewhere, so a search can only connect them through the alias table.
 */
export const FIXTURE_ALIASES = `# fixture aliases
IAEA = International Atomic Energy Agency
P5+1 = P5 Plus 1
US = U.S. = United States
UN = United Nations
UNSC = UN Security Council = Security Council
Khamenei = Khameini = Ali Khamenei
Mohammad = Mohamed = Mohammed
envoy ~ diplomat ~ ambassador
`;

export const FIXTURE_FILES: Record<string, string> = {
  'aliases.txt': FIXTURE_ALIASES,
  'articles/inspections.md': doc(
    'Inspections at Natanz',
    [
      'Inspectors from the IAEA visited the enrichment plant at Natanz in the spring.',
      'The International Atomic Energy Agency later published a report on the centrifuges.',
      'Engineers said the research reactor near the capital was running at full power again.',
    ],
    ['author: Jane Doe', 'source: https://example.org/inspections', 'published: 2013-05-01', 'kind: article', 'tags: [inspections]'],
  ),
  'articles/talks.md': doc(
    'Talks in Geneva',
    [
      'Negotiations between Iran and the P5+1 resumed in Geneva after a long pause.',
      'The P5 Plus 1 group met again in Istanbul a month later.',
      'A banker in Zurich said the markets had barely noticed the talks.',
      'The U.S. delegation arrived late; tell us more, reporters asked the spokesman.',
    ],
    ['kind: article'],
  ),
  'notes/people/leaders.md': doc('Leaders', [
    'Supreme Leader Ali Khameini distrusts the West.',
    'Foreign Minister Mohamed Javad Zarif led the delegation.',
    'The world watched the UN Security Council vote on new sanctions.',
  ]),
  'notes/quiet.md': doc('Quiet channels', [
    'Envoys met in private at the embassy, away from the cameras.',
    'Our cat sleeps on the sofa all afternoon.',
  ]),
};

/** Creates the fixture corpus in a new temporary folder and returns its path. */
export async function makeFixtureCorpus(extra: Record<string, string | Buffer> = {}): Promise<string> {
  const dir = await makeTempDir();
  await writeFiles(dir, { ...FIXTURE_FILES, ...extra });
  return dir;
}

/** The real article's id in the real corpus. */
export const ARTICLE_ID = 'articles/adler-2012-deploy-us-diplomats-quietly';

/**
 * A copy of the real article and the real alias file in a new temporary folder. Tests about the article use it
 * rather than the whole real corpus, so notes added to the corpus later do not change their answers.
 */
export async function makeArticleCorpus(): Promise<string> {
  const dir = await makeTempDir('article-corpus-');
  await mkdir(path.join(dir, 'articles'), { recursive: true });
  await copyFile(path.join(realCorpusDir, `${ARTICLE_ID}.md`), path.join(dir, `${ARTICLE_ID}.md`));
  await copyFile(path.join(realCorpusDir, 'aliases.txt'), path.join(dir, 'aliases.txt'));
  return dir;
}

/**
 * Builds the fixture and article libraries once for a test file (registering its beforeAll/afterAll) and returns
 * getters for them, valid inside tests.
 */
export function useFixtureLibraries(): { fixture: () => Library; article: () => Library } {
  const dirs: string[] = [];
  let fixture: Library | undefined;
  let article: Library | undefined;
  beforeAll(async () => {
    dirs.push(await makeFixtureCorpus(), await makeArticleCorpus());
    fixture = buildLibrary(await loadCorpus(dirs[0]!));
    article = buildLibrary(await loadCorpus(dirs[1]!));
  });
  afterAll(async () => {
    for (const dir of dirs.splice(0)) await removeDir(dir);
  });
  return { fixture: () => fixture!, article: () => article! };
}

/**
 * Writes `files` to a temporary folder and builds their library once for a test file (registering its
 * beforeAll/afterAll); `receive` gets the library and the folder before the first test runs.
 */
export function useLibraryOf(files: Record<string, string | Buffer>, receive: (library: Library, dir: string) => void): void {
  let dir: string | undefined;
  beforeAll(async () => {
    dir = await makeTempDir();
    await writeFiles(dir, files);
    receive(buildLibrary(await loadCorpus(dir)), dir);
  });
  afterAll(() => removeDir(dir));
}
