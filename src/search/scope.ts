import type { CorpusDocument } from '../corpus/types.js';
import { fold } from '../text/fold.js';
import { scan, type Token } from './analyze.js';

/**
 * What a question says about which document it is asking about, read from generic English and the documents' own
 * front matter: an author's name ("Adler", "Michael Adler's"), the kind of text ("the op-ed", "this piece"), a run
 * of its title's words, its publication (the source link's site name: "Breaking Defense" for breakingdefense.com),
 * "the author", or the argument of a text ("what does he propose?"). Nothing here knows any particular document.
 */
export interface Scope {
  /** Ids of the documents the question names or points at; empty when it points at none. */
  documents: ReadonlySet<string>;
  /** Token indexes that only designate the document ("op-ed", "Adler") and are not searched for as content. */
  designators: ReadonlySet<number>;
  /** Front matter the question asks for: who wrote it, when it was published, where it appeared. */
  asks: 'author' | 'published' | 'source' | undefined;
  /** The question asks what a text recommends or argues ("what does the op-ed propose?"). */
  argument: boolean;
  /**
   * It asks for the text's case as a whole, whatever else it names: a summary ("sum up the article", "in a nutshell")
   * or what the text wants done ("what does Adler want the US government to do?").
   */
  whole: boolean;
}

const NO_SCOPE: Scope = { documents: new Set(), designators: new Set(), asks: undefined, argument: false, whole: false };

/** Words naming a text of the primary kind: with a determiner before them they designate the document. */
const KIND_WORDS = new Set(['op', 'oped', 'article', 'piece', 'essay', 'column', 'editorial', 'commentary', 'text', 'story', 'paper']);
const DETERMINERS = new Set(['the', 'this', 'that', 'his', 'her', 'its', 'their', 'your', 'our']);
const AUTHOR_WORDS = new Set(['author', 'writer', 'columnist']);
/** Verbs and nouns of a text's stance: what it argues, proposes, wants. */
const STANCE_VERBS = new Set([
  'argue',
  'argues',
  'argued',
  'arguing',
  'propose',
  'proposes',
  'proposed',
  'suggest',
  'suggests',
  'suggested',
  'recommend',
  'recommends',
  'recommended',
  'urge',
  'urges',
  'urged',
  'advocate',
  'advocates',
  'want',
  'wants',
  'wanted',
  'ask',
  'asks',
  'asking',
  'call',
  'calls',
  'think',
  'thinks',
  'believe',
  'believes',
  'claim',
  'claims',
  'insist',
  'insists',
  'contend',
  'contends',
  'advise',
  'advises',
  'proposing',
  'suggesting',
  'recommending',
  'urging',
  'advocating',
  'wanting',
  'calling',
  'claiming',
  'insisting',
  'contending',
  'advising',
]);
const STANCE_NOUNS = new Set([
  'argument',
  'arguments',
  'thesis',
  'proposal',
  'recommendation',
  'recommendations',
  'suggestion',
  'advice',
  'position',
  'point',
  'case',
  'view',
  'claim',
  'conclusion',
  'message',
  'solution',
  'idea',
]);
/** Stance words that ask what a text wants done, as opposed to what it reports. */
const RECOMMEND = new Set([
  'propose',
  'proposes',
  'proposed',
  'suggest',
  'suggests',
  'recommend',
  'recommends',
  'urge',
  'urges',
  'advocate',
  'advocates',
  'want',
  'wants',
  'ask',
  'asks',
  'asking',
  'call',
  'calls',
  'advise',
  'advises',
  'argument',
  'thesis',
  'proposal',
  'recommendation',
  'recommendations',
  'suggestion',
  'advice',
  'solution',
  'point',
  'case',
  'position',
  'argue',
  'argues',
  'arguing',
  'proposing',
  'suggesting',
  'suggested',
  'recommending',
  'urging',
  'advocating',
  'advising',
]);
/** Asking for a text's gist: these name no topic of their own. */
const SUMMARY = new Set([
  'summary',
  'summarize',
  'summarise',
  'summarized',
  'summarised',
  'sum',
  'gist',
  'nutshell',
  'overview',
  'tldr',
  'recap',
  'synopsis',
  'thesis',
]);
/** "The main point", "the overall message": the text's idea as a whole. */
const MAIN = new Set(['main', 'overall', 'central', 'key', 'big', 'basic', 'general', 'core', 'chief', 'principal']);
const MODALS = new Set(['should', 'must', 'ought']);
/** "What does he want Washington to do?": the action asked for is left open. */
const OPEN_ACTION = new Set(['do', 'done']);
const PRONOUNS = new Set(['he', 'she']);
/** Verbs of saying: what a text's author says, writes, means, describes. */
const SAYING = new Set([
  ...['say', 'says', 'said', 'write', 'writes', 'wrote', 'mean', 'means', 'meant', 'describe', 'describes', 'explain', 'explains'],
  ...['mention', 'mentions', 'see', 'sees', 'expect', 'expects', 'blame', 'blames', 'criticise', 'criticize', 'criticises', 'criticizes'],
]);
const WRITE = new Set(['wrote', 'write', 'writes', 'written', 'author', 'authored', 'writer', 'penned']);
const PUBLISH = new Set([
  'published',
  'publish',
  'publication',
  'appear',
  'appeared',
  'appears',
  'run',
  'ran',
  'printed',
  'released',
  'out',
  'date',
  'dated',
]);
const OUTLETS = new Set(['publication', 'outlet', 'newspaper', 'magazine', 'website', 'site', 'journal', 'paper']);

/** What the library's documents offer for recognising them: built once per library. */
export class DocumentNames {
  private readonly bySurname = new Map<string, CorpusDocument[]>();
  private readonly byGiven = new Map<string, string>();
  private readonly bySite = new Map<string, CorpusDocument[]>();
  private readonly byTitleRun = new Map<string, CorpusDocument[]>();
  private readonly byTitleWord = new Map<string, CorpusDocument[]>();
  readonly articles: readonly CorpusDocument[];

  constructor(documents: readonly CorpusDocument[]) {
    this.articles = documents.filter((d) => d.kind === 'article');
    for (const document of documents) {
      const name = personName(document.author);
      if (name) {
        push(this.bySurname, name.surname, document);
        if (name.given) this.byGiven.set(name.given, name.surname);
      }
      const site = siteName(document.source);
      if (site) push(this.bySite, site, document);
      const stems = scan(document.title)
        .filter((t) => !t.stop)
        .map((t) => t.stem);
      for (let i = 0; i + TITLE_RUN <= stems.length; i++) push(this.byTitleRun, stems.slice(i, i + TITLE_RUN).join(' '), document);
      if (document.kind === 'article') for (const stem of stems) push(this.byTitleWord, stem, document);
    }
  }

  /** The scope of a question, from its tokens. */
  scope(tokens: readonly Token[]): Scope {
    if (tokens.length === 0) return NO_SCOPE;
    const designators = new Set<number>();
    const named: CorpusDocument[][] = [];
    const norms = tokens.map((t) => t.norm);

    // Authors: a surname, with the given name before it when written.
    tokens.forEach((token, i) => {
      const docs = this.bySurname.get(token.norm);
      if (!docs) return;
      designators.add(i);
      if (i > 0 && this.byGiven.get(norms[i - 1]!) === token.norm) designators.add(i - 1);
      named.push(docs);
    });
    // Publications: one to three words that spell the source's site name ("Breaking Defense").
    for (let i = 0; i < tokens.length; i++) {
      let joined = '';
      for (let k = i; k < Math.min(tokens.length, i + 3); k++) {
        joined += norms[k];
        const docs = this.bySite.get(joined);
        if (docs) {
          for (let j = i; j <= k; j++) designators.add(j);
          named.push(docs);
        }
      }
    }
    // Titles: a run of consecutive title words. They name the document and are its subject too ("Track 2
    // diplomacy"), so they stay in the search, and an author or publication named as well takes precedence.
    const titled: CorpusDocument[][] = [];
    const content = tokens.map((t, i) => ({ t, i })).filter(({ t }) => !t.stop);
    for (let c = 0; c + TITLE_RUN <= content.length; c++) {
      const run = content.slice(c, c + TITLE_RUN);
      const docs = this.byTitleRun.get(run.map(({ t }) => t.stem).join(' '));
      if (docs) titled.push(docs);
    }
    // The kind of text, after a determiner or a name: "the op-ed", "this piece", "Adler's article"; but not as a
    // point in time ("when the op-ed came out", "after the article appeared"), where it dates the question.
    let kindNamed = false;
    tokens.forEach((token, i) => {
      if (!KIND_WORDS.has(token.norm)) return;
      const before = norms[i - 1];
      if (before === undefined || isTimeAnchor(norms, i)) return;
      // "the Natanz article": a word of an article's title just before the kind names that article.
      const titled = DETERMINERS.has(before) ? undefined : this.byTitleWord.get(tokens[i - 1]!.stem);
      if (titled && !tokens[i - 1]!.stop) {
        named.push(titled);
        designators.add(i - 1);
      } else if (!(DETERMINERS.has(before) || designators.has(i - 1))) {
        return;
      }
      // "op-ed" is two tokens.
      if (token.norm === 'op' && norms[i + 1] === 'ed') designators.add(i + 1);
      else if (token.norm === 'op') return;
      designators.add(i);
      kindNamed = true;
    });
    const authorWord = tokens.findIndex((t, i) => AUTHOR_WORDS.has(t.norm) && DETERMINERS.has(norms[i - 1] ?? ''));
    if (authorWord >= 0) designators.add(authorWord);

    const asks = asksFor(norms);
    const stance = norms.some(
      (n, i) => STANCE_VERBS.has(n) || (STANCE_NOUNS.has(n) && i > 0 && (DETERMINERS.has(norms[i - 1]!) || norms[i - 1] === 'main')),
    );
    // A summary is asked for by name ("gist", "summary"), as the text's main idea ("the main point", "the overall
    // message") or as what the text is about ("what is this article about?").
    const summary =
      norms.some((n, i) => SUMMARY.has(n) || (STANCE_NOUNS.has(n) && MAIN.has(norms[i - 1] ?? ''))) ||
      (norms[norms.length - 1] === 'about' && (kindNamed || named.length > 0) && norms.slice(0, 3).includes('what'));
    // "What does the op-ed say the US should do?": a modal before the open action asks what the text wants done.
    const should = norms.findIndex((n) => MODALS.has(n));
    const modal = should >= 0 && norms.slice(should + 1).some((n) => OPEN_ACTION.has(n));
    const recommend = summary || modal || norms.some((n) => RECOMMEND.has(n));
    // "What does he propose?": a pronoun arguing, in a library whose primary texts are what the group discusses.
    // "What does he say happened to Track 2?": a "he" or "she" saying something, with nobody named before it for it
    // to stand for ("what did Khazaee do before he..."), is the author of the text the group studies.
    const pronoun = norms.findIndex((n) => PRONOUNS.has(n));
    const pronounStance = (stance || norms.some((n) => SAYING.has(n))) && pronoun >= 0 && tokens.slice(0, pronoun).every((t) => t.stop);

    // The author so designated outranks a run of title words, as a named author does ("Track 2 diplomacy").
    if (named.length === 0 && pronounStance && this.articles.length > 0) named.push([...this.articles]);
    if (named.length === 0) named.push(...titled);
    let documents: CorpusDocument[] = [];
    if (named.length > 0) {
      // Several designations narrow each other ("the Breaking Defense article"); if they disagree, keep them all.
      const sets = named.map((list) => new Set(list));
      const common = [...sets[0]!].filter((d) => sets.every((s) => s.has(d)));
      documents = common.length > 0 ? common : [...new Set(named.flat())];
      if (kindNamed && documents.some((d) => d.kind === 'article')) documents = documents.filter((d) => d.kind === 'article');
    } else if (kindNamed || authorWord >= 0 || pronounStance || (asks !== undefined && onlyAsking(tokens, designators))) {
      documents = [...this.articles];
    }
    if (documents.length === 0) return { ...NO_SCOPE, asks: undefined };
    const argument = recommend && (stance || kindNamed || named.length > 0);
    if (argument) {
      tokens.forEach((t, i) => {
        if (RECOMMEND.has(t.norm) || STANCE_VERBS.has(t.norm) || SUMMARY.has(t.norm)) designators.add(i);
      });
    }
    const wants = norms.findIndex((n) => RECOMMEND.has(n));
    const whole = argument && (summary || modal || (wants >= 0 && norms.slice(wants + 1).some((n) => OPEN_ACTION.has(n))));
    return { documents: new Set(documents.map((d) => d.id)), designators, asks, argument, whole };
  }
}

/** Title runs of this many content words name a document ("Deploy U.S. Diplomats Quietly"). */
const TITLE_RUN = 3;

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

/** A front-matter author that reads as a person's name ("Michael Adler"), not a collective ("Study group notes"). */
function personName(author: string | undefined): { given: string | undefined; surname: string } | undefined {
  if (!author) return undefined;
  const words = author.trim().split(/\s+/);
  if (words.length < 2 || words.length > 4 || !words.every((w) => /^\p{Lu}[\p{L}'’.-]*$/u.test(w))) return undefined;
  return { given: fold(words[0]!), surname: fold(words[words.length - 1]!) };
}

/** The site name of a source link, folded: `breakingdefense` for https://breakingdefense.com/... */
function siteName(source: string | undefined): string | undefined {
  if (!source) return undefined;
  try {
    const labels = new URL(source).hostname.split('.').filter((l) => l !== 'www');
    const name = labels.length >= 2 ? labels[labels.length - 2]! : labels[0];
    return name && name.length >= 4 ? fold(name.replace(/-/g, '')) : undefined;
  } catch {
    return undefined;
  }
}

/** "Who wrote ...", "when was ... published", "where did ... appear": the front matter a question asks for. */
function asksFor(norms: readonly string[]): Scope['asks'] {
  const has = (set: ReadonlySet<string>) => norms.some((n) => set.has(n));
  const first = norms[0];
  if (
    (norms.includes('who') && has(WRITE)) ||
    (norms.includes('whom') && has(WRITE)) ||
    (norms.includes('whose') && norms.some((n) => KIND_WORDS.has(n)))
  )
    return 'author';
  if (norms.includes('when') && (has(PUBLISH) || has(WRITE))) return 'published';
  if ((norms.includes('what') || norms.includes('which')) && (norms.includes('date') || (norms.includes('year') && has(PUBLISH))))
    return 'published';
  if (norms.includes('where') && has(PUBLISH)) return 'source';
  if ((first === 'what' || first === 'which' || first === 'in') && has(OUTLETS) && has(PUBLISH)) return 'source';
  return undefined;
}

const TIME_WORDS = new Set(['when', 'after', 'before', 'since', 'while', 'until', 'time']);
const EVENT_VERBS = new Set([...PUBLISH, ...WRITE, 'came', 'come', 'comes', 'went']);

const AUXILIARIES = new Set(['was', 'is', 'were', 'did', 'does', 'do', 'has', 'had', 'have']);

/**
 * "when the op-ed came out": a time word before the document and a publishing verb after it, with no auxiliary
 * between (that would make it the question itself: "when was the op-ed published?").
 */
function isTimeAnchor(norms: readonly string[], at: number): boolean {
  const from = Math.max(0, at - 3);
  const time = norms.slice(from, at).findLastIndex((n) => TIME_WORDS.has(n));
  if (time < 0 || norms.slice(from + time + 1, at).some((n) => AUXILIARIES.has(n))) return false;
  return norms.slice(at + 1, at + 4).some((n) => EVENT_VERBS.has(n));
}

/** "Who wrote this?": nothing but the asking words, so "this" can only be the text the group studies. */
function onlyAsking(tokens: readonly Token[], designators: ReadonlySet<number>): boolean {
  return tokens.every(
    (t, i) =>
      t.stop ||
      designators.has(i) ||
      WRITE.has(t.norm) ||
      PUBLISH.has(t.norm) ||
      OUTLETS.has(t.norm) ||
      t.norm === 'when' ||
      t.norm === 'why',
  );
}

/** Scans a question and returns its scope (convenience for callers holding only text). */
export function scopeOf(names: DocumentNames, question: string): Scope {
  return names.scope(scan(question));
}
