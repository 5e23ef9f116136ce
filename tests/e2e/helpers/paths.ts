import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the folder holding `src/` and `corpus/`). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The real corpus shipped with the repository. */
export const realCorpusDir = path.join(repoRoot, 'corpus');

/** The real article's id. */
export const ARTICLE_ID = 'articles/adler-2012-deploy-us-diplomats-quietly';
