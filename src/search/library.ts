import { LRUCache } from 'lru-cache';
import MiniSearch, { type AsPlainObject, type Options } from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import type { Corpus, CorpusDocument, PassageLink } from '../corpus/types.js';
import { findTextReferences, resolveReferences } from '../corpus/references.js';
import { fold } from '../text/fold.js';
import { AliasTable, indexTerms, stemWord } from './analyze.js';
import { STOP_WORDS } from './stopwords.js';
import { analysePassageText, type PassageText } from './passage-text.js';
import { DocumentNames } from './scope.js';

/** A paragraph of a document: the unit the search ranks and answers cite. */
export interface PassageRecord {
  document: CorpusDocument;
  /** 1-based: the citation. */
  paragraph: number;
  text: string;
}

interface IndexedPassage {
  id: number;
  title: string;
  tags: string;
  text: string;
}

/** Field boosts: a word in a title or tag says more about a passage than the same word in its text. */
export const FIELD_BOOSTS = { title: 2, tags: 1.5, text: 1 };
const FIELDS = Object.keys(FIELD_BOOSTS) as Array<keyof typeof FIELD_BOOSTS>;

// Fields reach MiniSearch already analysed, joined by this separator: the analysis runs once per field, and the
// same terms feed the document-frequency table.
const SEP = '\u0001';

/**
 * The MiniSearch options, defined once and used both to build and to load an index (MiniSearch requires the
 * same options for `loadJSON`). Queries arrive as analysed terms too, so search-time processing is the identity.
 */
export const indexOptions: Options<IndexedPassage> = {
  fields: FIELDS,
  idField: 'id',
  storeFields: [],
  tokenize: (text) => (text ? text.split(SEP) : []),
  processTerm: (term) => term,
  searchOptions: {
    tokenize: (text) => [text],
    processTerm: (term) => term,
    boost: FIELD_BOOSTS,
  },
};

/**
 * Passages whose analysed text (Library.passageText) a library keeps: the passages answered recently, which the
 * questions keep returning to. About 2.4 KB each for a paragraph of 500 characters (measured on the corpus's own
 * paragraphs in a 10,000-passage library), so about 5 MB at most whatever the library's size.
 */
export const PASSAGE_TEXT_CACHE = 2048;

/** Passage priors: how likely a paragraph is to be an answer before any question is asked. */
export const PRIORS = {
  /** Reference lists ("Sources: ...") name everything and answer little. */
  referenceList: 0.5,
  /** A document's first paragraph usually introduces its subject: "who is", "what is" questions want it. */
  lead: 1.15,
  /** Articles are the primary texts the group studies; notes explain them. */
  article: 1.3,
};

const REFERENCE_LIST = /^(sources?|references?|bibliography|further reading|see also)\s*:/i;

function priorOf(passage: PassageRecord): number {
  if (REFERENCE_LIST.test(passage.text)) return PRIORS.referenceList;
  const kind = passage.document.kind === 'article' ? PRIORS.article : 1;
  return kind * (passage.paragraph === 1 ? PRIORS.lead : 1);
}

/** The searchable library: the corpus's passages, their index, and what ranking needs to know about terms. */
export class Library {
  constructor(
    readonly corpus: Corpus,
    readonly passages: readonly PassageRecord[],
    readonly index: MiniSearch<IndexedPassage>,
    /** In how many passages each term occurs: the rarity of a question's words decides confidence. */
    readonly documentFrequency: ReadonlyMap<string, number>,
    readonly aliases: AliasTable,
    /** Every word as written (folded) → its stem: typo tolerance compares whole words, not stems. */
    readonly spellings: ReadonlyMap<string, string>,
    /**
     * Two-word names written in capitals in the library ("Susan Rice", "Dennis Ross"), as folded first word → the
     * words that follow it: a question's "Susan Rise" is the name, though "rise" is an English word.
     */
    readonly namePairs: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
    /**
     * The library this one extends (extendLibrary): its passages are this one's first, with the same text and
     * aliases, so their analysed text (passageText) is taken from it rather than kept again for every server.
     */
    private readonly base?: Library,
  ) {}

  /** The corpus's words by first letter: typos rarely touch the first letter, and each map is a small part of the whole. */
  private byInitial: Map<string, SearchableMap<string>> | undefined;

  /** Stems of the corpus words within `distance` edits of `word` (same first letter), nearest first. Built on first use. */
  corrections(word: string, distance: number): Array<{ stem: string; distance: number }> {
    if (distance <= 0 || !word) return [];
    if (!this.byInitial) {
      const groups = new Map<string, Array<[string, string]>>();
      for (const entry of this.spellings) {
        const list = groups.get(entry[0][0]!) ?? [];
        list.push(entry);
        groups.set(entry[0][0]!, list);
      }
      this.byInitial = new Map([...groups].map(([initial, entries]) => [initial, SearchableMap.from<string>(entries)]));
    }
    const found = new Map<string, number>();
    for (const [, [stem, d]] of this.byInitial.get(word[0]!)?.fuzzyGet(word, distance) ?? []) {
      if (d > 0 && (found.get(stem) ?? Infinity) > d) found.set(stem, d);
    }
    return [...found].map(([stem, d]) => ({ stem, distance: d })).sort((a, b) => a.distance - b.distance);
  }

  private priors: Float64Array | undefined;

  /** The passage's prior weight (see PRIORS), computed once per library. */
  prior(passage: number): number {
    if (!this.priors) this.priors = Float64Array.from(this.passages, priorOf);
    return this.priors[passage] ?? 1;
  }

  private nameReverse: Map<string, string[]> | undefined;

  /** First words of the library's two-word names that end in `second`. */
  firstNamesOf(second: string): readonly string[] {
    if (!this.nameReverse) {
      this.nameReverse = new Map();
      for (const [first, seconds] of this.namePairs) {
        for (const value of seconds) {
          const list = this.nameReverse.get(value) ?? [];
          list.push(first);
          this.nameReverse.set(value, list);
        }
      }
    }
    return this.nameReverse.get(second) ?? [];
  }

  private byId: Map<string, CorpusDocument> | undefined;

  /** The document with this id. */
  document(id: string): CorpusDocument | undefined {
    this.byId ??= new Map(this.corpus.documents.map((d) => [d.id, d]));
    return this.byId.get(id);
  }

  private documentNames: DocumentNames | undefined;

  /** Authors, site names and title words of the documents, for recognising the document a question names. */
  get names(): DocumentNames {
    this.documentNames ??= new DocumentNames(this.corpus.documents);
    return this.documentNames;
  }

  private readonly paragraphCounts = new Map<CorpusDocument, Map<string, number>>();

  /** In how many of a document's paragraphs each index term occurs (their text, not title or tags). Built on first use. */
  paragraphFrequency(document: CorpusDocument): ReadonlyMap<string, number> {
    let counts = this.paragraphCounts.get(document);
    if (!counts) {
      counts = new Map();
      for (const text of document.paragraphs) {
        for (const term of new Set(indexTerms(withoutReferenceNumbers(text), this.aliases).map((t) => t.term))) {
          counts.set(term, (counts.get(term) ?? 0) + 1);
        }
      }
      this.paragraphCounts.set(document, counts);
    }
    return counts;
  }

  private firstPassage: Map<string, number> | undefined;

  /** The index of a document's paragraph in `passages`, if it has one. */
  passageOf(documentId: string, paragraph: number): number | undefined {
    if (!this.firstPassage) {
      this.firstPassage = new Map();
      this.passages.forEach((p, i) => {
        if (p.paragraph === 1) this.firstPassage!.set(p.document.id, i);
      });
    }
    const first = this.firstPassage.get(documentId);
    const index = first === undefined ? undefined : first + paragraph - 1;
    return index !== undefined && this.passages[index]?.document.id === documentId ? index : undefined;
  }

  private readonly theses = new Map<CorpusDocument, ReadonlySet<number>>();

  /**
   * Where an argued text states its case: its first two paragraphs (the lede and the paragraph saying what the piece
   * is about) and its last, or the one before that when the last is the author's biography ("Michael Adler is...").
   */
  thesisParagraphs(document: CorpusDocument): ReadonlySet<number> {
    let found = this.theses.get(document);
    if (!found) {
      const n = document.paragraphs.length;
      found = new Set([1, 2, this.bylineParagraph(document) === n ? n - 1 : n].filter((p) => p >= 1 && p <= n));
      this.theses.set(document, found);
    }
    return found;
  }

  /** The author's biography closing a text ("Michael Adler is a scholar at..."): its number, if it has one. */
  bylineParagraph(document: CorpusDocument): number | undefined {
    const n = document.paragraphs.length;
    const surname = document.author?.trim().split(/\s+/).pop();
    if (surname === undefined || n < 3) return undefined;
    return new RegExp(`^(?:\\S+\\s+){0,2}${escape(surname)}\\b`, 'u').test(document.paragraphs[n - 1]!) ? n : undefined;
  }

  private links: ReadonlyMap<number, readonly Comment[]> | undefined;

  /**
   * The passages a passage comments on (a note's paragraph that discusses paragraph 4 of the op-ed), from the
   * links the corpus loader resolved. Reference lists ("Sources: ... paragraphs 2 to 10") name passages without
   * discussing them and link nothing.
   */
  commentsOn(passage: number): readonly Comment[] {
    if (!this.links) this.links = linkPassages(this.passages, this.aliases);
    return this.links.get(passage) ?? [];
  }

  private textCache: LRUCache<number, PassageText> | undefined;

  /**
   * A passage's text analysed for excerpts and answer-type checks, which would otherwise re-read the same few
   * passages for every question. Kept for the PASSAGE_TEXT_CACHE passages answered most recently.
   */
  passageText(passage: number): PassageText {
    if (this.base && passage < this.base.passageCount) return this.base.passageText(passage);
    // LRUCache allocates its slots up front: a small library (the shipped one, a server's notes) needs no more than it has passages.
    const own = this.passages.length - (this.base?.passageCount ?? 0);
    this.textCache ??= new LRUCache({ max: Math.max(1, Math.min(PASSAGE_TEXT_CACHE, own)) });
    let found = this.textCache.get(passage);
    if (!found) {
      found = analysePassageText(this.passages[passage]!.text, this.aliases);
      this.textCache.set(passage, found);
    }
    return found;
  }

  get passageCount(): number {
    return this.passages.length;
  }

  get version(): string {
    return this.corpus.version;
  }

  /** Inverse document frequency (BM25's form): high for rare terms, near zero for terms in most passages. */
  idf(term: string): number {
    const n = this.passages.length;
    const df = this.documentFrequency.get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A passage another one comments on, and the index terms of the sentence that does (all of it for `about:`). */
export interface Comment {
  target: number;
  /** Undefined when the whole commenting passage is about the target. */
  terms: ReadonlySet<string> | undefined;
  /** Share of the note's score the target receives, when less than a declared comment's (RANKING.commentaryCredit). */
  credit?: number;
}

const sentences = new Intl.Segmenter('en', { granularity: 'sentence' });

function linkPassages(passages: readonly PassageRecord[], aliases: AliasTable): Map<number, Comment[]> {
  const firstOf = new Map<string, number>();
  passages.forEach((p, i) => {
    if (p.paragraph === 1) firstOf.set(p.document.id, i);
  });
  // A document that did not come through the corpus loader (a note written in Discord) says what it is about but
  // has no resolved links yet: resolve them the same way, once per document.
  const documents = [...new Set(passages.map((p) => p.document))];
  const byId = new Map(documents.map((d) => [d.id, d]));
  const articles = documents.filter((d) => d.kind === 'article');
  const resolved = new Map<CorpusDocument, readonly PassageLink[] | undefined>();
  const linksOf = (document: CorpusDocument) => {
    if (document.links || !document.about) return document.links;
    if (!resolved.has(document)) resolved.set(document, resolveReferences(document, byId, articles, document.id).links);
    return resolved.get(document);
  };
  const about = new Map<number, Comment[]>();
  const add = (i: number, target: number, terms: ReadonlySet<string> | undefined) => {
    const list = about.get(i) ?? [];
    const existing = list.find((c) => c.target === target);
    if (!existing) list.push({ target, terms });
    else if (existing.terms && terms) existing.terms = new Set([...existing.terms, ...terms]);
    else existing.terms = undefined;
    about.set(i, list);
  };
  passages.forEach((passage, i) => {
    const links = linksOf(passage.document);
    if (!links || REFERENCE_LIST.test(passage.text)) return;
    for (const link of links) {
      if (link.from !== undefined && link.from !== passage.paragraph) continue;
      const first = firstOf.get(link.documentId);
      if (first === undefined) continue;
      add(i, first + link.paragraph - 1, link.at === undefined ? undefined : sentenceTerms(passage.text, link.at, aliases));
    }
  });
  // What a note says it comments on is taken at its word; a paragraph that says nothing is matched by its text.
  for (const { from, target, at } of implicitComments(passages)) {
    if (about.has(from)) continue;
    about.set(from, [{ target, terms: sentencesTerms(passages[from]!.text, at, aliases), credit: IMPLICIT.credit }]);
  }
  return about;
}

/** How a note's paragraph is recognised as commentary on a primary text's paragraph without saying so. */
export const IMPLICIT = {
  /**
   * Pairs of consecutive content words (stop words skipped, stemmed) a note's paragraph must share with a paragraph
   * of an article to comment on it, each weighed by its rarity in the library (log(N/df) / log N: 1 for a pair no
   * other passage has, whatever the library's size): a quotation or a close paraphrase shares rare pairs, a
   * paragraph on the same subject only its common ones.
   */
  minWeight: 2,
  /** Share of a declared comment's credit (RANKING.commentaryCredit) that an undeclared one lends. */
  credit: 0.5,
};

// Letters and digits; apostrophes and hyphens split. Cruder than the index's analysis, and cheaper: it runs over
// every note of a server's library, and only has to treat both sides of a comparison alike.
const PAIR_WORD = /[\p{L}\p{N}]+/gu;

/** Calls `visit` with each pair of consecutive content words of a text (stemmed) and the offset of its first word. */
function forEachPair(text: string, visit: (pair: string, at: number) => void): void {
  let previous: string | undefined;
  let previousAt = 0;
  for (const match of withoutReferenceNumbers(text).matchAll(PAIR_WORD)) {
    const word = match[0].toLowerCase();
    if (word.length < 2 || STOP_WORDS.has(word)) continue;
    const stem = stemWord(word);
    if (previous !== undefined) visit(`${previous} ${stem}`, previousAt);
    previous = stem;
    previousAt = match.index;
  }
}

/** The content-word pairs of an article's paragraphs: the few texts every note is compared with, kept per document. */
const articlePairs = new WeakMap<CorpusDocument, Array<Set<string>>>();

function pairsOfArticle(passage: PassageRecord): Set<string> {
  let list = articlePairs.get(passage.document);
  if (!list) articlePairs.set(passage.document, (list = []));
  let found = list[passage.paragraph - 1];
  if (!found) {
    const pairs = new Set<string>();
    forEachPair(passage.text, (pair) => pairs.add(pair));
    list[passage.paragraph - 1] = found = pairs;
  }
  return found;
}

/**
 * The pairs a note's paragraphs share with the articles, kept per document and set of articles: a server's library
 * is rebuilt after each change to its notes, and its other notes need not be read again.
 */
const notePairs = new WeakMap<CorpusDocument, { articles: string; paragraphs: Array<ReadonlyArray<{ pair: string; at: number }>> }>();

function sharedPairsOf(
  passage: PassageRecord,
  articles: string,
  byPair: ReadonlyMap<string, unknown>,
): ReadonlyArray<{ pair: string; at: number }> {
  let cached = notePairs.get(passage.document);
  if (cached?.articles !== articles) notePairs.set(passage.document, (cached = { articles, paragraphs: [] }));
  let found = cached.paragraphs[passage.paragraph - 1];
  if (!found) {
    const seen = new Set<string>();
    const list: Array<{ pair: string; at: number }> = [];
    forEachPair(passage.text, (pair, at) => {
      if (!byPair.has(pair) || seen.has(pair)) return;
      seen.add(pair);
      list.push({ pair, at });
    });
    cached.paragraphs[passage.paragraph - 1] = found = list;
  }
  return found;
}

/**
 * Notes that quote or closely paraphrase a paragraph of an article comment on it, whether or not they say so: each
 * note paragraph is linked to the article paragraph with which it shares the most content-word pairs (at least
 * IMPLICIT.minWeight, each pair weighed by its rarity), and `at` holds where the shared pairs stand in the note,
 * for the sentences that comment.
 */
function implicitComments(passages: readonly PassageRecord[]): Array<{ from: number; target: number; at: number[] }> {
  const byPair = new Map<string, number[]>();
  passages.forEach((passage, i) => {
    if (passage.document.kind !== 'article') return;
    for (const pair of pairsOfArticle(passage)) {
      const list = byPair.get(pair);
      if (list) list.push(i);
      else byPair.set(pair, [i]);
    }
  });
  if (byPair.size === 0) return [];
  // A pair in many passages is a name or a stock phrase of the subject ("atomic energy", "US diplomats"): it shows
  // that two paragraphs share a topic, not that one quotes the other. Only pairs an article has are counted.
  const df = new Map<string, number>();
  for (const [pair, targets] of byPair) df.set(pair, new Set(targets).size);
  const shared = new Map<number, ReadonlyArray<{ pair: string; at: number }>>();
  const articles = [...new Set(passages.filter((p) => p.document.kind === 'article').map((p) => p.document.id))].join('\n');
  passages.forEach((passage, i) => {
    if (passage.document.kind === 'article' || REFERENCE_LIST.test(passage.text)) return;
    const pairs = sharedPairsOf(passage, articles, byPair);
    if (pairs.length === 0) return;
    for (const { pair } of pairs) df.set(pair, df.get(pair)! + 1);
    shared.set(i, pairs);
  });
  const n = Math.max(passages.length, 3);
  const out: Array<{ from: number; target: number; at: number[] }> = [];
  for (const [from, pairs] of shared) {
    const byTarget = new Map<number, { weight: number; at: number[] }>();
    for (const { pair, at } of pairs) {
      const weight = Math.log(n / df.get(pair)!) / Math.log(n);
      for (const target of new Set(byPair.get(pair))) {
        const entry = byTarget.get(target);
        if (entry) {
          entry.weight += weight;
          entry.at.push(at);
        } else byTarget.set(target, { weight, at: [at] });
      }
    }
    let best: [number, { weight: number; at: number[] }] | undefined;
    for (const entry of byTarget) if (!best || entry[1].weight > best[1].weight) best = entry;
    if (best && best[1].weight >= IMPLICIT.minWeight) out.push({ from, target: best[0], at: best[1].at });
  }
  return out;
}

/** The index terms of the sentences of `text` holding any of the offsets `at`. */
function sentencesTerms(text: string, at: readonly number[], aliases: AliasTable): Set<string> {
  const out = new Set<string>();
  for (const segment of sentences.segment(text)) {
    const end = segment.index + segment.segment.length;
    if (!at.some((offset) => offset >= segment.index && offset < end)) continue;
    for (const t of indexTerms(segment.segment, aliases)) out.add(t.term);
  }
  return out;
}

function sentenceTerms(text: string, at: number, aliases: AliasTable): Set<string> {
  for (const segment of sentences.segment(text)) {
    if (at < segment.index || at >= segment.index + segment.segment.length) continue;
    // From the clause holding the reference to the end of its sentence: "Reporting from the IAEA, Adler covered a
    // place where diplomats work, which is the setting he proposes in paragraphs 2 and 10" comments on those
    // paragraphs with its last clause only.
    const before = segment.segment.slice(0, at - segment.index);
    const clause = Math.max(...[',', ';', ':', '—', '–', '('].map((mark) => before.lastIndexOf(mark))) + 1;
    return new Set(indexTerms(segment.segment.slice(clause), aliases).map((t) => t.term));
  }
  return new Set();
}

// Two capitalised words side by side, neither a stop word: "Susan Rice", "Ambassador Rice", "Dennis Ross".
const NAME_PAIR = /(?<![\p{L}\p{N}])(\p{Lu}[\p{Ll}'’-]+) (?=(\p{Lu}[\p{Ll}'’-]+)(?![\p{L}\p{N}]))/gu;

/** Adds the two-word capitalised names of a text to `names` (folded first word → folded second words). */
export function collectNames(text: string, names: Map<string, Set<string>>): void {
  for (const match of text.matchAll(NAME_PAIR)) {
    const first = fold(match[1]!);
    const second = fold(match[2]!);
    if (STOP_WORDS.has(first) || STOP_WORDS.has(second) || first.length < 3 || second.length < 3) continue;
    let set = names.get(first);
    if (!set) names.set(first, (set = new Set()));
    set.add(second);
  }
}

/**
 * A note's "paragraph 2" is a citation, not content: its number is blanked (offsets kept) so that a question about
 * "the 2nd question" does not find every note citing a paragraph 2.
 */
export function withoutReferenceNumbers(text: string): string {
  const references = findTextReferences(text);
  if (references.length === 0) return text;
  let out = '';
  let at = 0;
  for (const { start, end } of references) {
    out += text.slice(at, start) + text.slice(start, end).replace(/\d/g, ' ');
    at = end;
  }
  return out + text.slice(at);
}

/** Splits the corpus into passages in citation order. */
export function passagesOf(corpus: Corpus): PassageRecord[] {
  return corpus.documents.flatMap((document) => document.paragraphs.map((text, i) => ({ document, paragraph: i + 1, text })));
}

/** Title and tags are the same for every paragraph of a document: analysed once per document. */
function documentFields(
  document: CorpusDocument,
  aliases: AliasTable,
  spellings: Map<string, string>,
): { title: string[]; tags: string[] } {
  return {
    title: indexTerms(document.title, aliases, spellings).map((t) => t.term),
    tags: indexTerms(document.tags.join(' , '), aliases).map((t) => t.term),
  };
}

/** A paragraph's own index terms. */
function textTerms(text: string, aliases: AliasTable, spellings: Map<string, string>): string[] {
  return indexTerms(withoutReferenceNumbers(text), aliases, spellings).map((t) => t.term);
}

/** Builds the index for a corpus. */
export function buildLibrary(corpus: Corpus): Library {
  const aliases = new AliasTable(corpus.aliases);
  const passages = passagesOf(corpus);
  const index = new MiniSearch<IndexedPassage>(indexOptions);
  const df = new Map<string, number>();
  const spellings = new Map<string, string>();
  const names = new Map<string, Set<string>>();
  const docFields = new Map<CorpusDocument, { title: string[]; tags: string[] }>();
  const batch: IndexedPassage[] = [];
  passages.forEach((passage, id) => {
    let fields = docFields.get(passage.document);
    if (!fields) {
      fields = documentFields(passage.document, aliases, spellings);
      docFields.set(passage.document, fields);
    }
    const text = textTerms(passage.text, aliases, spellings);
    collectNames(passage.text, names);
    for (const term of new Set([...fields.title, ...fields.tags, ...text])) df.set(term, (df.get(term) ?? 0) + 1);
    batch.push({ id, title: fields.title.join(SEP), tags: fields.tags.join(SEP), text: text.join(SEP) });
  });
  index.addAll(batch);
  for (const document of corpus.documents) if (document.author) collectNames(document.author, names);
  for (const group of corpus.aliases) for (const term of group.terms) collectNames(term, names);
  return new Library(corpus, passages, index, df, aliases, spellings, names);
}

/**
 * A document analysed for the index, apart from any library: what `extendLibrary` adds. Analysis is most of the
 * cost of indexing, so a server's notes are analysed once per revision and re-indexed from this after each change.
 */
export interface AnalysedDocument {
  readonly document: CorpusDocument;
  /** Per paragraph, the analysed fields as the index receives them. */
  readonly passages: ReadonlyArray<Readonly<Omit<IndexedPassage, 'id'>>>;
  /**
   * Words as written and their stems, alternating, in the order the analysis met them; then the two-word names of
   * its paragraphs and author, first and second words alternating. Each joined into one string: held for as long as
   * the document is, they take a fraction of the memory of as many pairs.
   */
  readonly spellings: string;
  readonly names: string;
}

/** Analyses one document for `extendLibrary(base, ...)`, with the base's aliases. */
export function analyseDocument(document: CorpusDocument, base: Library): AnalysedDocument {
  const { aliases } = base;
  const spellings = new Map<string, string>();
  const names = new Map<string, Set<string>>();
  const fields = documentFields(document, aliases, spellings);
  const title = fields.title.join(SEP);
  const tags = fields.tags.join(SEP);
  const passages = document.paragraphs.map((paragraph) => {
    collectNames(paragraph, names);
    return { title, tags, text: textTerms(paragraph, aliases, spellings).join(SEP) };
  });
  if (document.author) collectNames(document.author, names);
  const pairs = [...names].flatMap(([first, seconds]) => [...seconds].flatMap((second) => [first, second]));
  // Most of a note's words are the base library's too, with the same stem: extending would add them unchanged.
  const own = [...spellings].filter(([word, stem]) => base.spellings.get(word) !== stem);
  return { document, passages, spellings: own.flat().join(SEP), names: pairs.join(SEP) };
}

/** The pairs `analyseDocument` joined. */
function* pairsOf(joined: string): Generator<[string, string]> {
  if (!joined) return;
  const parts = joined.split(SEP);
  for (let i = 0; i + 1 < parts.length; i += 2) yield [parts[i]!, parts[i + 1]!];
}

/**
 * `base` with more documents after its own (a server's notes after the shipped corpus), indexed from their analysis
 * and from `baseIndex`, the base index as `toJSON()` gave it, which is copied, never changed: the base library and
 * every other extension of it stay as they were. Ranks as a library built from all the documents at once would.
 */
export function extendLibrary(base: Library, baseIndex: AsPlainObject, added: readonly AnalysedDocument[]): Library {
  // loadJS keeps the array it is given and updates it as documents are added: a copy, or every extension would
  // shift the base's average field lengths.
  const index = MiniSearch.loadJS<IndexedPassage>({ ...baseIndex, averageFieldLength: [...baseIndex.averageFieldLength] }, indexOptions);
  const passages = [...base.passages];
  const df = new Map(base.documentFrequency);
  const spellings = new Map(base.spellings);
  const names = new Map([...base.namePairs].map(([first, seconds]) => [first, new Set(seconds)]));
  const batch: IndexedPassage[] = [];
  for (const { document, passages: fields, spellings: words, names: pairs } of added) {
    fields.forEach((field, i) => {
      const id = passages.length;
      passages.push({ document, paragraph: i + 1, text: document.paragraphs[i] ?? '' });
      const terms = new Set(field.title ? field.title.split(SEP) : []);
      for (const part of [field.tags, field.text]) if (part) for (const term of part.split(SEP)) terms.add(term);
      for (const term of terms) df.set(term, (df.get(term) ?? 0) + 1);
      batch.push({ id, ...field });
    });
    for (const [word, stem] of pairsOf(words)) spellings.set(word, stem);
    for (const [first, second] of pairsOf(pairs)) {
      let set = names.get(first);
      if (!set) names.set(first, (set = new Set()));
      set.add(second);
    }
  }
  index.addAll(batch);
  const corpus: Corpus = { ...base.corpus, documents: [...base.corpus.documents, ...added.map((a) => a.document)] };
  return new Library(corpus, passages, index, df, base.aliases, spellings, names, base);
}
