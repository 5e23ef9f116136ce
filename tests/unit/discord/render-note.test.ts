import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderGaps } from '../../../src/discord/render/gaps.js';
import { renderPlan, renderProblems } from '../../../src/discord/render/import.js';
import { renderHistory, renderNote, renderNoteList } from '../../../src/discord/render/note.js';
import { formAsMarkdown, withTextBack } from '../../../src/discord/render/text-back.js';
import { codeBlock, embedLength, LIMITS } from '../../../src/discord/respond.js';
import type { HistoryEntry, ImportPlan } from '../../../src/notes/index.js';
import type { Note } from '../../../src/storage/types.js';

const documents = [{ id: 'articles/adler', title: 'Deploy U.S. Diplomats Quietly To Seek Iranian Deal' }];

function note(extra: Partial<Note> = {}): Note {
  const at = Date.UTC(2026, 0, 15, 12);
  return {
    id: 7,
    guildId: '1',
    title: 'Fordow',
    body: 'One.\n\nTwo.',
    tags: [],
    source: null,
    about: [],
    revision: 1,
    removed: false,
    createdBy: { id: '1', displayName: 'Alice' },
    createdAt: at,
    updatedBy: { id: '1', displayName: 'Alice' },
    updatedAt: at,
    ...extra,
  };
}

type Row = { components: Array<{ custom_id?: string; label?: string; disabled?: boolean }> };
const rows = (components: readonly unknown[] | undefined) => (components ?? []).map((c) => (c as { toJSON(): Row }).toJSON());

describe('codeBlock', () => {
  it('opens and closes exactly once whatever the text holds: backticks in a row get a zero-width space', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('`', 'a', '\n', ' ', '\u200b') }), (text) => {
        const block = codeBlock(text, 'diff');
        expect(block.startsWith('```diff\n')).toBe(true);
        expect(block.endsWith('\n```')).toBe(true);
        const inside = block.slice('```diff\n'.length, -'\n```'.length);
        expect(inside).not.toContain('``');
        // Only zero-width spaces were added.
        expect(inside.replaceAll('\u200b', '')).toBe(text.replaceAll('\u200b', ''));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('renderNote', () => {
  it('shows the note as cited: title, numbered paragraphs, passages it comments on, tags, source and byline', () => {
    const embed = renderNote(
      note({
        tags: ['IAEA', 'Qom'],
        source: 'https://example.org/f',
        about: [{ documentId: 'articles/adler', paragraph: 4 }, { documentId: 'gone/doc' }],
      }),
      documents,
    );
    expect(embed).toMatchObject({
      title: 'Fordow',
      description: '**¶1** One.\n\n**¶2** Two.',
      footer: { text: 'Server note · by Alice · 2026-01-15' },
      fields: [
        { name: 'Comments on', value: 'Deploy U.S. Diplomats Quietly To Seek Iranian Deal ¶4\ngone/doc' },
        { name: 'Tags', value: 'IAEA, Qom', inline: true },
        { name: 'Source', value: '[https://example.org/f](https://example.org/f)', inline: true },
      ],
    });
  });

  it('renders everything a moderator typed literally, and keeps a display name from pinging', () => {
    const embed = renderNote(
      note({ title: '# Big *title*', body: '> quote @here <@&12345678901234567>', createdBy: { id: '1', displayName: '@everyone' } }),
      documents,
    );
    expect(embed.title).toBe('\\# Big \\*title\\*');
    expect(embed.description).toBe('**¶1** \\> quote @\u200bhere <\u200b@&12345678901234567>');
    expect(embed.footer?.text).toBe('Server note · by @\u200beveryone · 2026-01-15');
  });

  it('cuts a note whose escaped text outgrows an embed, saying where the whole text is', () => {
    const embed = renderNote(note({ body: '*_'.repeat(2000) }), documents);
    expect(embed.description!.length).toBeLessThanOrEqual(LIMITS.embedDescription);
    expect(embed.description).toMatch(/\*\(Cut to fit a message: \/note export has the whole text\.\)\*$/);
  });
});

describe('renderNoteList', () => {
  const page = (p: number, pageCount: number) => ({ notes: [note()], page: p, pageCount, total: pageCount * 10 - 9 });

  it('has no buttons for a single page (their custom_ids would be the same)', () => {
    expect(renderNoteList(page(1, 1), 0).components).toEqual([]);
  });

  it('pages with Previous and Next, each disabled at its end', () => {
    const [first] = rows(renderNoteList(page(1, 3), 2).components);
    expect(first!.components).toEqual([
      expect.objectContaining({ custom_id: 'notes:1', label: 'Previous', disabled: true }),
      expect.objectContaining({ custom_id: 'notes:2', label: 'Next', disabled: false }),
    ]);
    const [last] = rows(renderNoteList(page(3, 3), 0).components);
    expect(last!.components.map((b) => [b.custom_id, b.disabled])).toEqual([
      ['notes:2', false],
      ['notes:3', true],
    ]);
    expect(renderNoteList(page(1, 3), 2).embeds[0]!.footer!.text).toBe('Page 1 of 3 · 21 notes · 2 removed (see /note restore)');
  });
});

describe('renderHistory', () => {
  const entry = (revision: number, diff: string[]): Extract<HistoryEntry, { kind: 'revision' }> => ({
    kind: 'revision',
    revision,
    author: { id: '1', displayName: 'Alice' },
    at: Date.UTC(2026, 0, 15, 12, 30),
    caseNumber: revision,
    changes: ['text: 1 paragraph new or changed'],
    diff,
    omittedLines: 0,
  });

  it('fits many long revisions within a message, whole entries only, saying how many are shown', () => {
    const entries = Array.from({ length: 40 }, (_, i) =>
      entry(
        40 - i,
        Array.from({ length: 8 }, () => `+ ¶1 ${'x```'.repeat(25)}`),
      ),
    );
    const embed = renderHistory(note({ revision: 40 }), entries);
    expect(embedLength([embed])).toBeLessThanOrEqual(LIMITS.embedsTotal);
    for (const field of embed.fields ?? []) {
      expect(field.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
      expect((field.value.match(/```/g) ?? []).length).toBe(2);
    }
    expect(embed.footer?.text).toBe(`${embed.fields!.length} most recent of 40 changes shown`);
    expect(embed.fields![0]!.name).toBe('Revision 40 · Alice · 2026-01-15 12:30 UTC · case 40');
  });

  it('says how many diff lines it left out', () => {
    const embed = renderHistory(note(), [{ ...entry(2, ['- ¶1 a', '+ ¶1 b']), omittedLines: 3 }]);
    expect(embed.fields![0]!.value).toBe(
      'text: 1 paragraph new or changed\n```diff\n- ¶1 a\n+ ¶1 b\n```\n*3 more changed lines not shown*',
    );
  });
});

describe('text given back', () => {
  const fields = (values: Record<string, string>) => new Map(Object.entries(values));

  it('writes the note form as a corpus Markdown file, YAML quoting what needs it', () => {
    expect(formAsMarkdown(fields({ title: 'A: "quoted"', text: 'Body.\n', tags: 'x, y', source: ' https://e.org ' }))).toBe(
      '---\ntitle: \'A: "quoted"\'\nsource: https://e.org\nkind: note\ntags:\n  - x\n  - y\n---\n\nBody.\n',
    );
  });

  it('gives the text in a code block when it fits, else attached whole as note.md', () => {
    const short = withTextBack('Nope.', fields({ title: 'T', text: 'Short.' }));
    expect(short).toEqual({
      content:
        'Nope.\n\nNothing was saved. Here is what you wrote, so that nothing is lost:\n```md\n---\ntitle: T\nkind: note\n---\n\nShort.\n```',
    });
    const long = withTextBack('Nope.', fields({ title: 'T', text: 'x'.repeat(3000) }));
    expect(long.content).toBe('Nope.\n\nNothing was saved. What you wrote is attached as note.md, so that nothing is lost.');
    expect(long.files?.[0]?.name).toBe('note.md');
    const fenced = withTextBack('Nope.', fields({ title: 'T', text: '```\ncode\n```' }));
    expect(fenced.files?.[0]?.attachment).toEqual(Buffer.from('---\ntitle: T\nkind: note\n---\n\n```\ncode\n```\n'));
  });

  it('says nothing more when nothing was typed', () => {
    expect(withTextBack('Nope.', fields({ title: ' ', text: '' }))).toEqual({ content: 'Nope.' });
  });
});

describe('renderGaps and the import views', () => {
  it('gives each gap a Write a note button, at most 25, within the message limits', () => {
    const gaps = Array.from({ length: 30 }, (_, i) => ({
      question: `${'Why '.repeat(70)}${i}?`,
      unanswered: 30 - i,
      notHelpful: 1,
      lastAskedAt: 0,
      answerId: i + 1,
    }));
    const reply = renderGaps(gaps);
    expect(reply.embeds![0]!.fields).toHaveLength(25);
    expect(embedLength(reply.embeds!)).toBeLessThanOrEqual(LIMITS.embedsTotal);
    const buttons = rows(reply.components).flatMap((r) => r.components);
    expect(buttons.map((b) => b.custom_id)).toEqual(Array.from({ length: 25 }, (_, i) => `gap:${i + 1}`));
    expect(buttons[24]!.label).toBe('Write a note #25');
  });

  const plan = (extra: Partial<ImportPlan>): ImportPlan => ({
    guildId: '1',
    archiveName: 'n.zip',
    add: [],
    change: [],
    unchanged: [],
    problems: [],
    ignored: [],
    ...extra,
  });

  it('lists what an import would add within a field, with Confirm and Cancel carrying the plan id', () => {
    const add = Array.from({ length: 100 }, (_, i) => ({
      file: `note-${i}.md`,
      content: { title: `Note ${i}`, body: 'x', tags: [], source: null, about: [] },
    }));
    const reply = renderPlan(plan({ add }), 12, Date.UTC(2026, 0, 1));
    const [field] = reply.embeds![0]!.fields!;
    expect(field!.name).toBe('Add (100)');
    expect(field!.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
    expect(field!.value).toMatch(/\n… and \d+ more$/);
    expect(rows(reply.components)[0]!.components.map((b) => [b.label, b.custom_id])).toEqual([
      ['Confirm', 'import:12:1'],
      ['Cancel', 'import:12:0'],
    ]);
  });

  it('escapes file names and messages of problems', () => {
    const reply = renderProblems(plan({ problems: [{ file: '*bold*.md', line: 2, message: 'title: "[x](https://e)"' }] }));
    expect(reply.embeds![0]!.description).toBe('• \\*bold\\*.md:2: title: "\\[x](https://e)"');
  });
});
