import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { CorpusError } from '../corpus/errors.js';
import { loadCorpus } from '../corpus/load.js';
import { UserError } from '../errors.js';
import type { NotesDeps } from '../notes/notes.js';
import { applyImport, exportNotes, type ImportPlan, planImport } from '../notes/transfer.js';
import { openSqliteStorage } from '../storage/sqlite.js';
import type { Actor, Note } from '../storage/types.js';

const USAGE = `usage: npm run notes -- list|export|import --guild ID [--data-dir DIR] [--file F] [--yes]
  list     prints the server's notes (with --removed, its removed ones)
  export   writes the server's live notes as a zip of corpus Markdown files (the same as /note export)
  import   checks a zip of notes and prints what it would add and change; writes only with --yes
  --guild ID       the server's id (17 to 20 digits)
  --data-dir DIR   the bot's data folder (default: data)
  --file F         export: the zip to write (default: notes-ID-DATE.zip); import: the zip to read (required)
  --corpus DIR     import: the library that notes' "about" references point into (default: corpus)
  --removed        list: the removed notes instead of the live ones
  --yes            import: apply the changes (without it, nothing is written)`;

class UsageError extends Error {}

const COMMANDS = ['list', 'export', 'import'] as const;
type Command = (typeof COMMANDS)[number];

interface CliOptions {
  command: Command;
  guild: string;
  dataDir: string;
  file: string | undefined;
  corpus: string;
  removed: boolean;
  yes: boolean;
}

function parseCli(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        guild: { type: 'string' },
        'data-dir': { type: 'string', default: 'data' },
        file: { type: 'string' },
        corpus: { type: 'string', default: 'corpus' },
        removed: { type: 'boolean', default: false },
        yes: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) throw new UsageError('');
  const [command, ...extra] = positionals;
  if (command === undefined) throw new UsageError('say what to do: list, export or import');
  if (!COMMANDS.includes(command as Command)) throw new UsageError(`unknown command "${command}": use list, export or import`);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (values.guild === undefined) throw new UsageError("--guild is required: the server's id (right-click the server > Copy Server ID)");
  if (!/^\d{17,20}$/.test(values.guild)) throw new UsageError(`--guild must be a server id of 17 to 20 digits, not "${values.guild}"`);
  if (command === 'import' && values.file === undefined) throw new UsageError('import needs --file: the zip of notes to read');
  if (values.removed && command !== 'list') throw new UsageError('--removed goes with list');
  if (values.yes && command !== 'import') throw new UsageError('--yes goes with import');
  return {
    command: command as Command,
    guild: values.guild,
    dataDir: values['data-dir'],
    file: values.file,
    corpus: values.corpus,
    removed: values.removed,
    yes: values.yes,
  };
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function noteLine(note: Note): string {
  const tags = note.tags.length > 0 ? ` [${note.tags.join(', ')}]` : '';
  return (
    `#${note.id}  ${note.title}${tags}  (revision ${note.revision}, ${note.removed ? 'removed' : 'changed'} ` +
    `${day(note.updatedAt)} by ${note.updatedBy.displayName})`
  );
}

async function list(deps: NotesDeps, options: CliOptions): Promise<number> {
  const { notes, total } = await deps.storage.notes.list(options.guild, { removed: options.removed });
  const what = options.removed ? 'removed notes' : 'notes';
  if (total === 0) {
    process.stdout.write(`Server ${options.guild} has no ${what}.\n`);
    return 0;
  }
  process.stdout.write(`${notes.map(noteLine).join('\n')}\n${total} ${total === 1 ? what.replace(/s$/, '') : what}\n`);
  return 0;
}

async function exportCommand(deps: NotesDeps, options: CliOptions): Promise<number> {
  const result = await exportNotes(deps, options.guild);
  const file = options.file ?? result.fileName;
  await writeFile(file, result.archive);
  process.stdout.write(
    `Wrote ${file}: ${result.files.length} ${result.files.length === 1 ? 'note' : 'notes'} of server ${options.guild}.\n`,
  );
  return 0;
}

function planText(plan: ImportPlan): string {
  const lines = [`Import ${plan.archiveName} into server ${plan.guildId}:`];
  for (const item of plan.add) lines.push(`  add        ${item.file}: "${item.content.title}"`);
  for (const item of plan.change)
    lines.push(`  change     ${item.file}: note #${item.noteId} "${item.content.title}": ${item.changes.join('; ')}`);
  for (const item of plan.unchanged) lines.push(`  unchanged  ${item.file}: note #${item.noteId} "${item.title}"`);
  for (const item of plan.ignored) lines.push(`  ignored    ${item.file}: ${item.message}`);
  if (plan.problems.length > 0) {
    lines.push(
      `${plan.problems.length} ${plan.problems.length === 1 ? 'problem' : 'problems'} (nothing is imported until every one is fixed):`,
    );
    for (const p of plan.problems) lines.push(`  ${p.file}${p.line === undefined ? '' : `:${p.line}`}: ${p.message}`);
  }
  return `${lines.join('\n')}\n`;
}

async function importCommand(deps: NotesDeps, options: CliOptions, file: string): Promise<number> {
  let archive: Buffer;
  try {
    archive = await readFile(file);
  } catch (error) {
    process.stderr.write(`notes: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})\n`);
    return 1;
  }
  const plan = await planImport(deps, options.guild, archive, file);
  process.stdout.write(planText(plan));
  if (plan.problems.length > 0) return 1;
  const writes = plan.add.length + plan.change.length;
  if (writes === 0) {
    process.stdout.write('Nothing to import: every note is already there as it is.\n');
    return 0;
  }
  if (!options.yes) {
    process.stdout.write('Dry run: nothing was written. Run again with --yes to import.\n');
    return 0;
  }
  const result = await applyImport(deps, options.guild, cliActor(), plan);
  process.stdout.write(`Imported: ${result.added.length} added, ${result.changed.length} changed.\n`);
  return 0;
}

/** Changes made from the shell are recorded under the account that ran the command. */
function cliActor(): Actor {
  return { id: 'cli', displayName: `${os.userInfo().username} (command line)` };
}

/** `npm run notes`: a server's notes from the shell. Exit 0 done, 1 failed (problems in an import), 2 bad usage. */
async function main(): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCli(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(error.message ? `notes: ${error.message}\n${USAGE}\n` : `${USAGE}\n`);
    return error.message ? 2 : 0;
  }
  let corpus: NotesDeps['corpus'] = { documents: [] };
  if (options.command === 'import') {
    try {
      corpus = await loadCorpus(options.corpus);
    } catch (error) {
      if (!(error instanceof CorpusError)) throw error;
      process.stderr.write(`notes: ${error.message}\n`);
      return 2;
    }
  }
  let storage;
  try {
    // Listing and exporting never write: they work beside a running bot and on a read-only copy.
    storage = openSqliteStorage(options.dataDir, { readonly: options.command !== 'import' });
  } catch (error) {
    process.stderr.write(`notes: ${(error as Error).message}\n`);
    return 1;
  }
  const deps: NotesDeps = { storage, corpus };
  try {
    if (options.command === 'list') return await list(deps, options);
    if (options.command === 'export') return await exportCommand(deps, options);
    return await importCommand(deps, options, options.file!);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    process.stderr.write(`notes: ${error.message}\n`);
    return 1;
  } finally {
    await storage.close();
  }
}

process.exitCode = await main();
