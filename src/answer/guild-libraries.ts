// The libraries a search thread searches for servers that have notes: the shipped corpus plus one server's notes,
// built when that server's notes have changed since the thread last searched them, and kept in a bounded cache.
import { LRUCache } from 'lru-cache';
import type { AsPlainObject } from 'minisearch';
import { noteToDocument } from '../notes/document.js';
import { type AnalysedDocument, analyseDocument, extendLibrary, type Library } from '../search/library.js';
import type { Note } from '../storage/types.js';

const MB = 1024 * 1024;

/**
 * How much a thread keeps: a server's library holds a copy of the shipped index and tables (about 2.3 MB for the
 * shipped corpus) plus its notes (about 1.2 MB per 100 notes of 1,400 characters), and each search thread has its
 * own cache. A server pushed out is rebuilt at its next question, from its notes.
 */
export const GUILD_CACHE = { maxGuilds: 200, maxBytes: 128 * MB };

/**
 * Heap a server's library takes per character of text, as measured on the shipped corpus with generated notes
 * (`npm run bench`, notes section, prints the estimate next to the measurement): the copy of the shipped part costs
 * more per character, as it copies the whole vocabulary's tables. An estimate, for the cache's bound only.
 */
const BYTES_PER_CHARACTER = { shipped: 30, notes: 10 };

interface GuildEntry {
  /** The server's notes version this was built for. */
  version: number;
  library: Library;
  /** The notes' analysis by `id:revision`: a rebuild after one change analyses only the changed note. */
  analysed: Map<string, AnalysedDocument>;
  /** Approximate heap it takes. */
  bytes: number;
}

export interface GuildLibrariesOptions {
  /** The shipped corpus's library: what servers without notes search, and what every server's library extends. */
  shipped: Library;
  /** A server's live notes, read from storage: called only with the server a question was asked in. */
  liveNotes: (guildId: string) => Promise<Note[]>;
  /** Servers kept at most (default GUILD_CACHE.maxGuilds). */
  maxGuilds?: number;
  /** Approximate heap kept at most, in bytes (default GUILD_CACHE.maxBytes). */
  maxBytes?: number;
}

/** The library to search, and why the server's notes could not be read if they could not. */
export interface LibraryChoice {
  library: Library;
  problem?: string;
}

/** What a search thread searches, per server: the shipped library, or the shipped library and that server's notes. */
export class GuildLibraries {
  private readonly cache: LRUCache<string, GuildEntry>;
  /** The shipped index as plain data, serialised once: each server's library is loaded from it, not re-indexed. */
  private readonly template: AsPlainObject;
  private readonly shippedBytes: number;

  constructor(private readonly options: GuildLibrariesOptions) {
    this.template = options.shipped.index.toJSON();
    this.shippedBytes = BYTES_PER_CHARACTER.shipped * characters(options.shipped.corpus.documents);
    this.cache = new LRUCache<string, GuildEntry>({
      max: options.maxGuilds ?? GUILD_CACHE.maxGuilds,
      maxSize: options.maxBytes ?? GUILD_CACHE.maxBytes,
      sizeCalculation: (entry) => Math.max(1, entry.bytes),
    });
  }

  /**
   * The library for a question asked in `guildId` (null in a DM) whose notes are at `version`, as the asking thread
   * read it just before: 0 is a server without notes, which searches the shipped library itself, so its answers do
   * not depend on any other server's. Undefined (the version could not be read) takes the server's library as last
   * built, if any. When the notes cannot be read, the server's last library (or the shipped one) is searched and
   * the reason returned.
   */
  async libraryFor(guildId: string | null, version: number | undefined): Promise<LibraryChoice> {
    const { shipped } = this.options;
    if (guildId === null || version === 0) return { library: shipped };
    const cached = this.cache.get(guildId);
    if (cached && (version === undefined || cached.version === version)) return { library: cached.library };
    if (version === undefined) return { library: shipped };
    let notes: Note[];
    try {
      notes = await this.options.liveNotes(guildId);
    } catch (error) {
      return { library: cached?.library ?? shipped, problem: (error as Error).message };
    }
    const entry = this.build(
      version,
      notes.filter((note) => note.guildId === guildId && !note.removed),
      cached?.analysed,
    );
    this.cache.set(guildId, entry);
    return { library: entry.library };
  }

  /** Servers whose library is kept, least recently asked first (for tests and measurements). */
  cachedGuilds(): string[] {
    return [...this.cache.rkeys()];
  }

  /** Approximate heap the kept libraries take, in bytes. */
  get cachedBytes(): number {
    return this.cache.calculatedSize;
  }

  private build(version: number, notes: readonly Note[], previous: ReadonlyMap<string, AnalysedDocument> | undefined): GuildEntry {
    const { shipped } = this.options;
    // Every note removed: the server searches exactly what a server without notes does.
    if (notes.length === 0) return { version, library: shipped, analysed: new Map(), bytes: 0 };
    const analysed = new Map<string, AnalysedDocument>();
    for (const note of notes) {
      const key = `${note.id}:${note.revision}`;
      // A revision's content never changes; the document is made afresh, as what surrounds it may have.
      const document = noteToDocument(note);
      const known = previous?.get(key);
      analysed.set(key, known ? { ...known, document } : analyseDocument(document, shipped));
    }
    const library = extendLibrary(shipped, this.template, [...analysed.values()]);
    const bytes = this.shippedBytes + BYTES_PER_CHARACTER.notes * characters([...analysed.values()].map((a) => a.document));
    return { version, library, analysed, bytes };
  }
}

function characters(documents: ReadonlyArray<{ title: string; paragraphs: readonly string[] }>): number {
  let total = 0;
  for (const document of documents) {
    total += document.title.length;
    for (const paragraph of document.paragraphs) total += paragraph.length;
  }
  return total;
}
