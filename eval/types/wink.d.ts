// Minimal types for the two wink packages the evaluation uses; neither ships its own. Only what the peer
// adapter calls is declared.

declare module 'wink-bm25-text-search' {
  /** A text preparation step: the first takes the raw string, the last must return tokens. */
  type PrepTask = (input: never) => unknown;

  interface Bm25Config {
    fldWeights: Record<string, number>;
    bm25Params?: { k1?: number; b?: number; k?: number };
    ovFldNames?: string[];
  }

  interface Bm25Engine {
    defineConfig(config: Bm25Config): boolean;
    definePrepTasks(tasks: PrepTask[], field?: string): number;
    addDoc(doc: Record<string, string>, uniqueId: string | number): number;
    learn(doc: Record<string, string>, uniqueId: string | number): number;
    /** Needs at least 3 documents; no documents can be added afterwards. */
    consolidate(fp?: number): boolean;
    /** `[uniqueId, score]` pairs, best first; `limit` defaults to 10. */
    search(text: string, limit?: number): Array<[string, number]>;
    exportJSON(): string;
    importJSON(json: string): boolean;
    reset(): boolean;
  }

  function bm25(): Bm25Engine;
  export default bm25;
}

declare module 'wink-nlp-utils' {
  interface WinkNlpUtils {
    string: {
      lowerCase(s: string): string;
      tokenize0(s: string): string[];
      removePunctuations(s: string): string;
    };
    tokens: {
      removeWords(tokens: string[], stopWords?: unknown): string[];
      stem(tokens: string[]): string[];
      propagateNegations(tokens: string[], upto?: number): string[];
    };
  }
  const nlp: WinkNlpUtils;
  export default nlp;
}
