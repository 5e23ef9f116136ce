// Start-up with many servers' notes, in a fresh process: open the database, then read every server's live notes
// as documents (what building the per-server search indexes starts from), and check every server's notes version
// (what a search cache does before each answer). Prints one JSON line of timings.
// Usage: node --expose-gc --import tsx bench/notes/child.ts DATA_DIR
import { noteToDocument, type ServerNoteDocument } from '../../src/notes/document.js';
import { openSqliteStorage } from '../../src/storage/sqlite.js';
import { MB, settledHeap } from '../measure.js';

const [dataDir] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: child.ts DATA_DIR');
const heapBefore = settledHeap();
const t0 = performance.now();
const storage = openSqliteStorage(dataDir);
const t1 = performance.now();
const guilds = await storage.notes.guilds();
const documents = new Map<string, ServerNoteDocument[]>();
let notes = 0;
for (const guild of guilds) {
  const docs = (await storage.notes.live(guild)).map(noteToDocument);
  notes += docs.length;
  documents.set(guild, docs);
}
const t2 = performance.now();
let versions = 0;
for (const guild of guilds) versions += await storage.notes.version(guild);
const t3 = performance.now();
const heapMB = (settledHeap() - heapBefore) / MB;
await storage.close();
console.log(
  JSON.stringify({
    guilds: guilds.length,
    notes,
    versions,
    openMs: t1 - t0,
    readAllMs: t2 - t1,
    versionChecksMs: t3 - t2,
    heapMB,
    held: documents.size,
  }),
);
