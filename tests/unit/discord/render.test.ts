import { beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../src/answer/answer.js';
import { loadCorpus } from '../../../src/corpus/load.js';
import { renderAnswer } from '../../../src/discord/render/answer.js';
import { renderParagraph } from '../../../src/discord/render/paragraph.js';
import { embedLength, LIMITS, toMessage } from '../../../src/discord/respond.js';
import { NOTE_COLOR } from '../../../src/discord/render/note.js';
import { noteToDocument } from '../../../src/notes/document.js';
import { analyseDocument, buildLibrary, extendLibrary, type Library } from '../../../src/search/library.js';
import { expectAnswered } from '../helpers/answers.js';
import { serverNote } from '../helpers/server-notes.js';

let library: Library;
beforeAll(async () => {
  library = buildLibrary(await loadCorpus('corpus'));
});

type Row = { components: Array<{ custom_id?: string; label?: string; disabled?: boolean }> };
const rows = (components: readonly unknown[]) => components.map((c) => (c as { toJSON(): Row }).toJSON());

describe('renderAnswer', () => {
  it('cites each passage by title and paragraph, with bold matched words and the source link', () => {
    const answer = expectAnswered(answerQuestion('Why did Susan Rice warn the Iranian ambassador?', { library }));
    const { embeds, components } = renderAnswer({ answer, answerId: 5, offset: 0, isPrivate: false });
    const embed = embeds[0]!;
    expect(embed.fields).toHaveLength(answer.passages.length);
    const first = answer.passages[0]!;
    expect(embed.fields![0]!.name).toBe(`1. ${first.title} - paragraph ${first.paragraph}`);
    expect(embed.fields![0]!.value).toMatch(/\*\*[^*]+\*\*/);
    if (first.url) expect(embed.fields![0]!.value).toContain(`[Source](${first.url})`);
    expect(embed.footer!.text).toBe(`Corpus ${library.version} · ${library.passageCount} passages searched`);
    const [full, actions] = rows(components);
    expect(full!.components.map((b) => b.label)).toEqual(answer.passages.map((_, i) => `Full paragraph #${i + 1}`));
    expect(actions!.components.map((b) => b.label)).toEqual(['More results', 'Helpful', 'Not helpful']);
    for (const row of rows(components)) for (const b of row.components) expect(b.custom_id!.length).toBeLessThanOrEqual(LIMITS.customId);
  });

  it('shows notes that discuss a passage as "Commentary:" lines under it, escaped, within the field limit', () => {
    const answer = expectAnswered(answerQuestion('Who wrote the op-ed?', { library }));
    const index = answer.passages.findIndex((p) => (p.commentary?.length ?? 0) > 0);
    expect(index).toBeGreaterThanOrEqual(0);
    const passage = answer.passages[index]!;
    const { embeds } = renderAnswer({ answer, answerId: 5, offset: 0, isPrivate: false });
    // The card comes first, so passage n is field n + 1.
    const value = embeds[0]!.fields![index + 1]!.value;
    for (const note of passage.commentary!) expect(value).toContain(`\nCommentary: ${note.title} - paragraph ${note.paragraph}`);
    expect(value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
    expect(embedLength(embeds)).toBeLessThanOrEqual(LIMITS.embedsTotal);
  });

  it('shows the document\'s details first for "who wrote it", with its link and no paragraph button', () => {
    const answer = expectAnswered(answerQuestion('Who wrote the op-ed?', { library }));
    const { embeds, components } = renderAnswer({ answer, answerId: 5, offset: 0, isPrivate: false });
    expect(embeds[0]!.fields![0]!.name).toBe(
      'Deploy U.S. Diplomats Quietly To Seek Iranian Deal - Michael Adler, 15 February 2012, Breaking Defense',
    );
    expect(embeds[0]!.fields![0]!.value).toContain('[Source](https://breakingdefense.com/');
    expect(embeds[0]!.fields).toHaveLength(answer.passages.length + 1);
    expect(rows(components)[0]!.components).toHaveLength(answer.passages.length);
  });

  it('offers "Post to channel" only for a private answer, and disables "More" on the last page', () => {
    const answer = expectAnswered(answerQuestion('Khamenei', { library, offset: 0, limit: 3 }));
    const last = answerQuestion('Khamenei', { library, offset: Math.max(0, answer.total - 1) });
    const view = renderAnswer({ answer: last, answerId: 1, offset: Math.max(0, answer.total - 1), isPrivate: true });
    const actions = rows(view.components)[1]!;
    expect(actions.components.map((b) => b.label)).toContain('Post to channel');
    expect(actions.components[0]).toMatchObject({ label: 'No more results', disabled: true });
  });

  it('says plainly when the library does not answer, with at most two closest passages labelled as such', () => {
    const answer = answerQuestion('What is the capital of Australia?', { library });
    expect(answer.answered).toBe(false);
    const { embeds } = renderAnswer({ answer, answerId: 2, offset: 0, isPrivate: false });
    expect(embeds[0]!.description).toMatch(/^The library does not answer this question\./);
    expect(embeds[0]!.fields!.length).toBeLessThanOrEqual(2);
    for (const field of embeds[0]!.fields!) expect(field.name).toMatch(/^Closest passage \(not an answer\): /);
  });

  it('stays within every Discord limit even for the longest passages and a maximal question', () => {
    const question = `${'diplomats channel Iran '.repeat(13)}`.slice(0, 300);
    for (let offset = 0; offset < 12; offset += 3) {
      const answer = answerQuestion(question, { library, offset });
      const message = toMessage(renderAnswer({ answer, answerId: 99999999, offset, isPrivate: true }));
      const embeds = message.embeds as Parameters<typeof embedLength>[0];
      expect(embedLength(embeds)).toBeLessThanOrEqual(LIMITS.embedsTotal);
      for (const e of embeds) {
        expect((e.title ?? '').length).toBeLessThanOrEqual(LIMITS.embedTitle);
        for (const f of e.fields ?? []) expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
      }
    }
  });
});

describe('renderParagraph', () => {
  it('shows the whole paragraph with Previous disabled on the first and Next disabled on the last', () => {
    const doc = library.corpus.documents.find((d) => d.kind === 'article')!;
    const first = renderParagraph(doc, 1, true);
    expect(first.embeds[0]!.title).toBe(`${doc.title} - paragraph 1`);
    expect(first.embeds[0]!.description).toContain(doc.paragraphs[0]!.slice(0, 40));
    const [nav] = rows(first.components);
    expect(nav!.components.map((b) => [b.label, Boolean(b.disabled)])).toEqual([
      ['Previous', true],
      ['Next', false],
    ]);
    const last = renderParagraph(doc, doc.paragraphs.length, true);
    expect(rows(last.components)[0]!.components.map((b) => Boolean(b.disabled))).toEqual([false, true]);
  });

  it('has no navigation for a one-paragraph document (two buttons would share one custom_id)', () => {
    const doc = { id: 'notes/one', title: 'One', kind: 'note' as const, tags: [], paragraphs: ['Only paragraph.'] };
    expect(renderParagraph(doc, 1, true).components).toEqual([]);
  });
});

describe('server notes in answers', () => {
  const ARTICLE = 'articles/adler-2012-deploy-us-diplomats-quietly';
  const vienna = serverNote(
    7,
    'Corridors of Vienna',
    'In the corridors of the IAEA in Vienna, envoys who rub shoulders with Iranian counterparts can build trust quietly.',
    { about: [{ documentId: ARTICLE, paragraph: 2 }] },
  );
  const fordow = serverNote(8, 'Fordow', 'Fordow is an enrichment plant dug into a mountain near Qom.', {
    createdBy: { id: '100000000000000002', displayName: '**Bob** @everyone <@123>' },
  });
  const arak = serverNote(9, 'Heavy water reactor at Arak', 'The reactor at Arak was redesigned under the 2015 deal.');
  let withNotes: Library;
  beforeAll(() => {
    const documents = [vienna, fordow, arak].map(noteToDocument);
    withNotes = extendLibrary(
      library,
      library.index.toJSON(),
      documents.map((d) => analyseDocument(d, library)),
    );
  });

  it('cites a server note as one, with who wrote it and when, escaped, apart from the shipped documents', () => {
    const answer = expectAnswered(answerQuestion('What is Fordow?', { library: withNotes }));
    const { embeds, components } = renderAnswer({ answer, answerId: 5, offset: 0, isPrivate: false });
    const field = embeds[0]!.fields![0]!;
    expect(field.name).toBe('1. Server note: Fordow - paragraph 1');
    expect(field.value).toMatch(/^\*\*Fordow\*\* is an enrichment plant/);
    expect(field.value).toContain('\nby \\*\\*Bob\\*\\* @\u200beveryone <\u200b@123>, 2026-01-15\n`server/8`');
    for (const other of embeds[0]!.fields!.slice(1)) expect(other.name).not.toContain('Server note');
    expect(rows(components)[0]!.components[0]!.custom_id).toBe('full:1:server/8');
  });

  it('shows a server note with `about` as commentary under the passage it discusses, saying whose it is', () => {
    const answer = expectAnswered(answerQuestion('envoys in Vienna building trust with Iranian counterparts', { library: withNotes }));
    expect(answer.passages[0]).toMatchObject({ documentId: ARTICLE, paragraph: 2 });
    const value = renderAnswer({ answer, answerId: 5, offset: 0, isPrivate: false }).embeds[0]!.fields![0]!.value;
    expect(value).toContain('\nCommentary: Server note: Corridors of Vienna - paragraph 1 · by Alice Moderator, 2026-01-15');
    expect(value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
  });

  it("labels a server note's details as a server note's, for who wrote it and when", () => {
    const answer = expectAnswered(answerQuestion('Who wrote the note on the heavy water reactor at Arak?', { library: withNotes }));
    expect(answer.card).toMatchObject({ documentId: 'server/9', origin: 'server', author: 'Alice Moderator' });
    const { embeds } = renderAnswer({ answer, answerId: 5, offset: 0, isPrivate: false });
    expect(embeds[0]!.fields![0]).toEqual({
      name: 'Server note: Heavy water reactor at Arak - Alice Moderator, 15 January 2026',
      value: "From the document's details. `server/9`",
    });
    // A shipped document's details are labelled as before.
    const shippedCard = expectAnswered(answerQuestion('Who wrote the op-ed?', { library: withNotes }));
    expect(renderAnswer({ answer: shippedCard, answerId: 5, offset: 0, isPrivate: false }).embeds[0]!.fields![0]!.name).toMatch(
      /^Deploy U\.S\./,
    );
  });

  it('shows a whole paragraph of a server note as one, without navigation', () => {
    const { embeds, components } = renderParagraph(noteToDocument(fordow), 1, false);
    expect(embeds[0]).toMatchObject({
      title: 'Server note: Fordow - paragraph 1',
      description: 'Fordow is an enrichment plant dug into a mountain near Qom.',
      color: NOTE_COLOR,
      footer: { text: 'server/8 · paragraph 1 of 1 · Server note · by **Bob** @\u200beveryone <\u200b@123>, 2026-01-15' },
    });
    expect(components).toEqual([]);
  });
});
