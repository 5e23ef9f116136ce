// The server notes API in one place, for the Discord commands, the shell and the per-server search.
export {
  type ServerNoteDocument,
  fileNames,
  isServerNote,
  noteToDocument,
  noteToMarkdown,
  parseServerNoteId,
  SERVER_NOTE_PREFIX,
  serverNoteId,
  slugify,
} from './document.js';
export { type HistoryEntry, type HistoryOptions, noteHistory, summarize } from './history.js';
export {
  addNote,
  DEFAULT_PAGE_SIZE,
  editNote,
  type EditResult,
  listGaps,
  listNotes,
  matchNotes,
  type NotePage,
  type NotesChanged,
  type NotesDeps,
  noteToInput,
  removeNote,
  resolveNote,
  restoreNote,
  sameContent,
  showNote,
} from './notes.js';
export {
  checkAbout,
  FIELD_LABELS,
  formatAboutRef,
  NOTE_LIMITS,
  type NoteField,
  type NoteInput,
  noteInputSchema,
  type NoteIssue,
  NoteValidationError,
  parseAboutRef,
  parseNote,
  splitParagraphs,
  validateNote,
} from './schema.js';
export {
  applyImport,
  exportNotes,
  type ExportResult,
  type ImportChange,
  type ImportNew,
  type ImportPlan,
  type ImportProblem,
  type ImportResult,
  planImport,
} from './transfer.js';
export { ARCHIVE_LIMITS, readArchive, unsafePath, writeArchive } from './zip.js';
