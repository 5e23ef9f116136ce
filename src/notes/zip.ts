// Zip archives of notes: written with yazl, read with yauzl from memory (an attachment or a file read whole),
// never extracted to disk. The archive comes from outside, so every entry is checked before its data is read.
import type { Readable } from 'node:stream';
import yauzl, { type Entry } from 'yauzl';
import yazl from 'yazl';

/** What an imported archive may hold: ample for thousands of notes, far below what a zip bomb would inflate to. */
export const ARCHIVE_LIMITS = {
  /** The archive file itself. */
  archiveBytes: 16 * 1024 * 1024,
  entries: 5000,
  /** One file, uncompressed: a note of 4,000 characters is at most about 20 KB with its front matter. */
  entryBytes: 256 * 1024,
  /** All files, uncompressed. */
  totalBytes: 64 * 1024 * 1024,
};

export type ArchiveLimits = typeof ARCHIVE_LIMITS;

export interface ArchiveFile {
  /** Path inside the archive, `/`-separated. */
  name: string;
  data: Buffer;
}

export interface ArchiveProblem {
  /** The entry's path, or the archive's name for a problem with the whole archive. */
  file: string;
  message: string;
}

export interface ArchiveContents {
  /** The `.md` files, in archive order. */
  files: ArchiveFile[];
  /** Entries skipped on purpose (other file types, hidden files), with why. */
  ignored: ArchiveProblem[];
  /** Entries that make the archive unusable. When not empty, `files` may be incomplete. */
  problems: ArchiveProblem[];
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const UNIX = 3;

/** Why an entry's path is refused, or undefined when it stays inside the archive's folder. */
export function unsafePath(name: string): string | undefined {
  if (name.includes('\0')) return 'its path contains a NUL character';
  if (name.includes('\\')) return 'its path contains a backslash';
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return 'its path is absolute: an archive may only hold paths inside its own folder';
  if (name.split('/').includes('..')) return 'its path leads outside the archive\'s folder ("..")';
  return undefined;
}

function isSymlink(entry: Entry): boolean {
  return entry.versionMadeBy >> 8 === UNIX && ((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK;
}

/** Why an entry is skipped rather than read, or undefined for a Markdown file to read. */
function ignoredBecause(name: string): string | undefined {
  const parts = name.split('/');
  // macOS adds __MACOSX/._name.md resource forks to every zip it makes; editors leave .name.md~ and .DS_Store.
  if (parts.some((p) => p.startsWith('.') || p === '__MACOSX')) return 'hidden or system file';
  if (!/\.md$/i.test(name)) return 'not a Markdown (.md) file';
  return undefined;
}

/**
 * Reads the Markdown files of a zip archive held in memory, refusing what could harm or mislead: paths outside
 * the archive's folder, symbolic links, encrypted entries, and archives past `limits` (entry count, sizes).
 */
export async function readArchive(archive: Buffer, archiveName: string, limits: ArchiveLimits = ARCHIVE_LIMITS): Promise<ArchiveContents> {
  const contents: ArchiveContents = { files: [], ignored: [], problems: [] };
  const fail = (file: string, message: string) => {
    contents.problems.push({ file, message });
    return contents;
  };
  if (archive.length > limits.archiveBytes)
    return fail(archiveName, `is ${mb(archive.length)}: an archive of notes may be at most ${mb(limits.archiveBytes)}`);
  let zip: yauzl.ZipFile;
  try {
    // Names are decoded and checked here (decodeStrings: false), so that each bad one is reported with the others.
    zip = await yauzl.fromBufferPromise(archive, {
      lazyEntries: true,
      decodeStrings: false,
      validateEntrySizes: true,
      strictFileNames: true,
    });
  } catch (error) {
    return fail(archiveName, `is not a zip archive that can be read (${(error as Error).message})`);
  }
  if (zip.entryCount > limits.entries) {
    zip.close();
    return fail(archiveName, `holds ${zip.entryCount} entries: at most ${limits.entries} are accepted`);
  }
  const wanted: Array<{ entry: Entry; name: string }> = [];
  let declared = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
      const unsafe = unsafePath(name);
      if (unsafe) {
        contents.problems.push({ file: name, message: unsafe });
        continue;
      }
      if (name.endsWith('/')) continue; // a folder: its files come as entries of their own
      if (isSymlink(entry)) {
        contents.problems.push({ file: name, message: 'is a symbolic link: only plain files are accepted' });
        continue;
      }
      const skip = ignoredBecause(name);
      if (skip) {
        contents.ignored.push({ file: name, message: skip });
        continue;
      }
      if (entry.isEncrypted()) {
        contents.problems.push({ file: name, message: 'is encrypted: export the notes again without a password' });
        continue;
      }
      if (!entry.canDecodeFileData()) {
        contents.problems.push({
          file: name,
          message: `uses a compression method this bot cannot read (${entry.compressionMethod}): use ordinary zip (deflate)`,
        });
        continue;
      }
      if (entry.uncompressedSize > limits.entryBytes) {
        contents.problems.push({
          file: name,
          message: `is ${kb(entry.uncompressedSize)}: a note file may be at most ${kb(limits.entryBytes)}`,
        });
        continue;
      }
      declared += entry.uncompressedSize;
      wanted.push({ entry, name });
    }
  } catch (error) {
    return fail(archiveName, `is damaged (${(error as Error).message})`);
  }
  if (declared > limits.totalBytes)
    return fail(archiveName, `would unpack to ${mb(declared)}: at most ${mb(limits.totalBytes)} are accepted`);
  if (contents.problems.length > 0) return contents;
  for (const { entry, name } of wanted) {
    try {
      // validateEntrySizes makes the stream fail if the data inflates past its declared size: the sizes checked
      // above are the most that can ever be held in memory.
      contents.files.push({ name, data: await collect(await zip.openReadStreamPromise(entry)) });
    } catch (error) {
      contents.problems.push({ file: name, message: `cannot be read: the archive is damaged (${(error as Error).message})` });
    }
  }
  return contents;
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Writes files into a zip archive in memory. `mtime` is fixed so that the same notes give the same bytes. */
export async function writeArchive(files: ReadonlyArray<{ name: string; text: string; mtime: Date }>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const file of files) zip.addBuffer(Buffer.from(file.text, 'utf8'), file.name, { mtime: file.mtime, mode: 0o100644 });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function mb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function kb(bytes: number): string {
  return `${Math.ceil(bytes / 1024)} KB`;
}
