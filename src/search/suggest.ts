import MiniSearch from 'minisearch';
import { fold } from '../text/fold.js';
import { scan } from './analyze.js';
import type { Library } from './library.js';

interface VocabularyWord {
  id: number;
  word: string;
}

/**
 * Question autocomplete: completes the word being typed from the corpus vocabulary (MiniSearch `autoSuggest`,
 * prefix and light fuzzy matching, frequent words first) and offers matching recent questions.
 */
export class Suggester {
  private built: MiniSearch<VocabularyWord> | undefined;
  /** Folded word → the form most often written in the corpus ("iaea" → "IAEA"). */
  private readonly surface = new Map<string, string>();
  private readonly counts = new Map<string, number>();

  /** Folded word → in how many documents it occurs; built the first time a server leaves documents out. */
  private documentCounts: Map<string, number> | undefined;
  /** Words found only in the left-out documents, by the sorted list of their ids (a few servers, a few lists). */
  private readonly hiddenBy = new Map<string, ReadonlySet<string>>();

  constructor(private readonly library: Library) {}

  /**
   * Builds the vocabulary index now rather than on the first keystroke. It comes from the index's own word list,
   * not from re-reading the text; still, on a large library it takes a second, so the bot calls this once it is
   * serving instead of before.
   */
  warm(): void {
    this.index();
  }

  private index(): MiniSearch<VocabularyWord> {
    if (this.built) return this.built;
    const { library } = this;
    const words: VocabularyWord[] = [];
    for (const [norm, stem] of library.spellings) {
      if (norm.length < 3 || /^\d+$/.test(norm)) continue;
      const count = library.documentFrequency.get(stem) ?? 0;
      // An acronym reads better as the alias file writes it ("IAEA", not "iaea").
      const display = library.aliases.display.get(`=${stem}`);
      this.surface.set(norm, display !== undefined && fold(display) === norm ? display : norm);
      this.counts.set(norm, count);
      words.push({ id: words.length, word: norm });
    }
    this.built = new MiniSearch<VocabularyWord>({ fields: ['word'], storeFields: [], processTerm: (t) => fold(t) });
    this.built.addAll(words);
    return this.built;
  }

  /**
   * Up to `limit` suggestions for what has been typed so far, each at most `maxLength` characters. Words that only
   * the `exclude`d documents contain (a server's settings) are not offered.
   */
  suggest(typed: string, recent: readonly string[], limit = 25, maxLength = 100, exclude: readonly string[] = []): string[] {
    const hidden = this.hidden(exclude);
    const text = typed.replace(/\s+/g, ' ').trimStart();
    const out: string[] = [];
    const add = (s: string) => {
      const value = s.length > maxLength ? `${s.slice(0, maxLength - 1)}…` : s;
      if (value.trim() && !out.some((o) => o.toLowerCase() === value.toLowerCase())) out.push(value);
    };
    const needle = fold(text.trim());
    for (const question of recent) {
      if (!needle || fold(question).includes(needle)) add(question);
      if (out.length >= Math.min(limit, 10)) break;
    }
    const match = /(\S+)$/.exec(text);
    if (match && !/\s$/.test(typed)) {
      const head = text.slice(0, match.index);
      const last = fold(match[1]!);
      if (last.length >= 2) {
        const completions = this.index()
          .autoSuggest(last, { prefix: true, fuzzy: (term) => (term.length >= 5 ? 1 : false) })
          .map((s) => ({
            word: s.suggestion,
            score: s.score * Math.log(2 + (this.counts.get(s.suggestion) ?? 0)) * (s.suggestion.startsWith(last) ? 2 : 1),
          }))
          .sort((a, b) => b.score - a.score);
        for (const { word } of completions) {
          if (hidden.has(word)) continue;
          add(`${head}${this.surface.get(word) ?? word}`);
          if (out.length >= limit) break;
        }
      }
    }
    if (text.trim() && out.length < limit) add(text.trim());
    return out.slice(0, limit);
  }

  private hidden(exclude: readonly string[]): ReadonlySet<string> {
    if (exclude.length === 0) return EMPTY;
    const key = [...exclude].sort().join('\n');
    const known = this.hiddenBy.get(key);
    if (known) return known;
    const counts = (this.documentCounts ??= this.countDocuments());
    const inExcluded = new Map<string, number>();
    const excluded = new Set(exclude);
    for (const document of this.library.corpus.documents) {
      if (!excluded.has(document.id)) continue;
      for (const word of documentWords(document)) inExcluded.set(word, (inExcluded.get(word) ?? 0) + 1);
    }
    const hidden = new Set([...inExcluded].filter(([word, n]) => n === counts.get(word)).map(([word]) => word));
    if (this.hiddenBy.size >= HIDDEN_CACHE) this.hiddenBy.delete(this.hiddenBy.keys().next().value!);
    this.hiddenBy.set(key, hidden);
    return hidden;
  }

  private countDocuments(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const document of this.library.corpus.documents)
      for (const word of documentWords(document)) counts.set(word, (counts.get(word) ?? 0) + 1);
    return counts;
  }
}

const EMPTY: ReadonlySet<string> = new Set();
/** Exclusion lists remembered: one per server that leaves documents out, in practice. */
const HIDDEN_CACHE = 16;

/** The folded words of a document's indexed fields (title, tags, text), as the vocabulary spells them. */
function documentWords(document: Library['corpus']['documents'][number]): Set<string> {
  const words = new Set<string>();
  for (const text of [document.title, ...document.tags, ...document.paragraphs]) for (const token of scan(text)) words.add(token.norm);
  return words;
}
