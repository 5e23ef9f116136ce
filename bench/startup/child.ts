// One bot start-up without the Discord login, in a fresh process: what `npm start` does before it connects, then
// the autocomplete vocabulary the bot builds once serving (timed apart). Prints one JSON line of timings.
// Usage: node --import tsx bench/startup/child.ts CORPUS_DIR DATA_DIR
import { Suggester } from '../../src/search/suggest.js';
import { openLibrary } from '../../src/search/open.js';
import { openDatabase } from '../../src/storage/db.js';

const [corpusDir, dataDir] = process.argv.slice(2);
if (!corpusDir || !dataDir) throw new Error('usage: child.ts CORPUS_DIR DATA_DIR');
const t0 = performance.now();
const { library, source } = await openLibrary(corpusDir, `${dataDir}/index-cache`);
const t1 = performance.now();
openDatabase(dataDir).close();
const ready = performance.now();
new Suggester(library).warm();
const t3 = performance.now();
console.log(
  JSON.stringify({
    source,
    passages: library.passageCount,
    libraryMs: t1 - t0,
    databaseMs: ready - t1,
    sinceProcessStartMs: ready,
    suggesterMs: t3 - ready,
    heapMB: process.memoryUsage().heapUsed / 1048576,
  }),
);
