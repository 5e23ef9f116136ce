// Adds notes to a SQLite storage from its own process, to test writers in separate processes contending for one
// file. Usage: node --import tsx writer-child.ts DATA_DIR GUILD PREFIX COUNT
import { openSqliteStorage } from '../../../src/storage/sqlite.js';

const [dataDir, guildId, prefix, count] = process.argv.slice(2);
if (!dataDir || !guildId || !prefix || !count) throw new Error('usage: writer-child.ts DATA_DIR GUILD PREFIX COUNT');
const storage = openSqliteStorage(dataDir);
const actor = { id: '100000000000000009', displayName: `writer ${prefix}` };
const cases: number[] = [];
for (let i = 0; i < Number(count); i++) {
  const { audit } = await storage.notes.create(
    guildId,
    { title: `${prefix} ${i}`, body: 'Text.', tags: [], source: null, about: [] },
    actor,
  );
  cases.push(audit.caseNumber);
}
await storage.close();
console.log(JSON.stringify(cases));
