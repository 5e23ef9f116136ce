// What a moderator wrote in a form that could not be saved, given back so that nothing is lost.
import { Document as YamlDocument } from 'yaml';
import { codeBlock, LIMITS, type Reply } from '../respond.js';

/** The note form's fields as a corpus Markdown file (front matter, then the text): ready to paste, keep or import. */
export function formAsMarkdown(fields: ReadonlyMap<string, string>): string {
  const { title, text, tags, source } = Object.fromEntries(fields) as Partial<Record<string, string>>;
  if (title === undefined && text === undefined) {
    // Not the note form: every field as it was typed.
    return [...fields].map(([name, value]) => `${name}:\n${value}`).join('\n\n');
  }
  const meta: Record<string, unknown> = { title: title ?? '' };
  if (source?.trim()) meta.source = source.trim();
  meta.kind = 'note';
  const tagList = (tags ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  if (tagList.length > 0) meta.tags = tagList;
  const front = new YamlDocument(meta).toString({ lineWidth: 0 });
  return `---\n${front}---\n\n${(text ?? '').trim()}\n`;
}

/**
 * An error reply to a form, with what was typed in it: in a code block when it fits and reads back exactly, else
 * attached as `note.md` (a code block cannot hold three backticks in a row without changing them).
 */
export function withTextBack(message: string, fields: ReadonlyMap<string, string>): Reply {
  const typed = [...fields.values()].some((value) => value.trim() !== '');
  if (!typed) return { content: message };
  const markdown = formAsMarkdown(fields);
  const intro = `${message}\n\nNothing was saved. Here is what you wrote, so that nothing is lost:`;
  const inline = `${intro}\n${codeBlock(markdown.trimEnd(), 'md')}`;
  if (inline.length <= LIMITS.content && !markdown.includes('``')) return { content: inline };
  return {
    content: `${message}\n\nNothing was saved. What you wrote is attached as note.md, so that nothing is lost.`,
    files: [{ attachment: Buffer.from(markdown, 'utf8'), name: 'note.md' }],
  };
}
