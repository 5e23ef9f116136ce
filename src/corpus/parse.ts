import { LineCounter, parseDocument as parseYaml } from 'yaml';
import { frontMatterSchema } from './schema.js';
import type { CorpusIssue } from './errors.js';
import type { SourceLines } from './references.js';
import type { CorpusDocument } from './types.js';

/** A parsed document, with the lines its `about:` entries and paragraphs start on (for the reference check's messages). */
export type ParseResult = { ok: true; document: CorpusDocument; lines: SourceLines } | { ok: false; issues: CorpusIssue[] };

/**
 * Parses one Markdown document: YAML front matter between `---` lines, then paragraphs separated by blank lines.
 * `file` is only used in messages; `id` becomes the document id.
 */
export function parseDocument(text: string, id: string, file: string): ParseResult {
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = source.split('\n');
  if (lines[0]?.trim() !== '---') {
    return fail(file, 1, 'must start with front matter: a line "---", then "title: ...", then a closing "---"');
  }
  const close = lines.findIndex((line, i) => i > 0 && line.trim() === '---');
  if (close === -1) return fail(file, 1, 'front matter is not closed: add a line "---" after it');

  const lineCounter = new LineCounter();
  const yamlText = lines.slice(1, close).join('\n');
  const yaml = parseYaml(yamlText, { lineCounter, prettyErrors: false });
  // Lines in the YAML text are offset by the opening `---`.
  const lineOf = (offset: number | undefined) => (offset === undefined ? 1 : lineCounter.linePos(offset).line + 1);
  if (yaml.errors.length > 0) {
    return { ok: false, issues: yaml.errors.map((e) => ({ file, line: lineOf(e.pos[0]), message: `front matter: ${e.message.split('\n')[0]}` })) };
  }
  const data: unknown = yaml.toJS() ?? {};
  // reportInput: tells a missing key (no input) from one of the wrong type.
  const parsed = frontMatterSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((issue) => {
        const key = issue.path[0];
        const node = typeof key === 'string' ? yaml.getIn([key], true) : undefined;
        const range = node && typeof node === 'object' && 'range' in node ? (node.range as [number, number, number]) : undefined;
        // An unknown key has no path: name it from the issue itself.
        const where = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : String(key ?? 'front matter');
        const line = issue.code === 'unrecognized_keys' ? findKeyLine(lines, close, issue.keys[0]) : key === undefined || !range ? 1 : lineOf(range[0]);
        const message = issue.code === 'unrecognized_keys' ? `unknown front matter key "${where}" (allowed: title, author, source, published, kind, tags, about)`
          : issue.code === 'invalid_type' && issue.input === undefined ? `${where} is required`
          : `${where}: ${issue.message}`;
        return { file, line, message };
      }).sort((a, b) => a.line - b.line),
    };
  }

  // Paragraphs are runs of non-blank lines; remember where each starts, for messages about its references.
  const paragraphs: string[] = [];
  const paragraphLines: number[] = [];
  let current: string[] = [];
  const flush = () => {
    const text = current.join('\n').trim();
    if (text) paragraphs.push(text);
    current = [];
  };
  for (let i = close + 1; i < lines.length; i++) {
    if (/^[ \t]*$/.test(lines[i]!)) {
      flush();
      continue;
    }
    if (current.length === 0) paragraphLines[paragraphs.length] = i + 1;
    current.push(lines[i]!);
  }
  flush();
  if (paragraphs.length === 0) return fail(file, close + 1, 'body is empty: write at least one paragraph after the front matter');

  const meta = parsed.data;
  const document: CorpusDocument = { id, title: meta.title, kind: meta.kind, tags: meta.tags, paragraphs };
  if (meta.author !== undefined) document.author = meta.author;
  if (meta.source !== undefined) document.source = meta.source;
  if (meta.published !== undefined) document.published = meta.published;
  const sourceLines: SourceLines = { paragraphs: paragraphLines };
  if (meta.about !== undefined && meta.about.length > 0) {
    document.about = meta.about;
    const node = yaml.getIn(['about'], true);
    const items = node && typeof node === 'object' && 'items' in node && Array.isArray(node.items) ? (node.items as unknown[]) : [];
    const at = (item: unknown) => (item && typeof item === 'object' && 'range' in item ? lineOf((item.range as [number, number, number])[0]) : findKeyLine(lines, close, 'about'));
    sourceLines.about = meta.about.map((_, i) => at(items[i]));
  }
  return { ok: true, document, lines: sourceLines };
}

function findKeyLine(lines: string[], close: number, key: string | undefined): number {
  const index = lines.findIndex((line, i) => i > 0 && i < close && key !== undefined && line.startsWith(`${key}:`));
  return index === -1 ? 1 : index + 1;
}

function fail(file: string, line: number, message: string): ParseResult {
  return { ok: false, issues: [{ file, line, message }] };
}
