// Start-up with many servers' notes, in a fresh process: what `npm start` does before it logs in (the shipped
// library, the database, the search threads), then the first question in some of the servers (each builds that
// server's library in the search thread), and a check of every server's notes version (what each question does).
// Prints one JSON line of timings.
// Usage: node --import tsx bench/notes/child.ts CORPUS_DIR DATA_DIR SERVERS_TO_ASK
import { createSearchService } from '../../src/answer/service.js';
import { createLogger } from '../../src/log.js';
import { openLibrary } from '../../src/search/open.js';
import { openSqliteStorage } from '../../src/storage/sqlite.js';
import type { NotesStartup } from '../sections/notes.js';

const [corpusDir, dataDir, ask = '0'] = process.argv.slice(2);
if (!corpusDir || !dataDir) throw new Error('usage: child.ts CORPUS_DIR DATA_DIR SERVERS_TO_ASK');
const t0 = performance.now();
const { library } = await openLibrary(corpusDir, `${dataDir}/index-cache`);
const t1 = performance.now();
const storage = openSqliteStorage(dataDir);
const t2 = performance.now();
const service = await createSearchService({
  corpusDir,
  cacheDir: `${dataDir}/index-cache`,
  corpusVersion: library.version,
  workers: 1,
  log: createLogger('silent'),
  notes: { dataDir, version: (guildId) => storage.notes.version(guildId) },
});
const ready = performance.now();
const guilds = await storage.notes.guilds();
const firstQuestionMs: number[] = [];
for (const guild of guilds.slice(0, Number(ask))) {
  const start = performance.now();
  await service.answer("Why aren't US diplomats talking to their Iranian counterparts?", { guildId: guild });
  firstQuestionMs.push(performance.now() - start);
}
const t4 = performance.now();
let versions = 0;
for (const guild of guilds) versions += await storage.notes.version(guild);
const t5 = performance.now();
await service.close();
await storage.close();
const result: NotesStartup & { versions: number } = {
  guilds: guilds.length,
  libraryMs: t1 - t0,
  databaseMs: t2 - t1,
  threadsMs: ready - t2,
  readyMs: ready,
  versionChecksMs: t5 - t4,
  firstQuestionMs,
  versions,
};
console.log(JSON.stringify(result));
