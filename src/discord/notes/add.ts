import { ApplicationCommandOptionType } from 'discord.js';
import { z } from 'zod';
import { matchDocuments, resolveDocument } from '../../corpus/find.js';
import type { Corpus, CorpusDocument } from '../../corpus/types.js';
import { UserError } from '../../errors.js';
import { checkAbout, parseAboutRef } from '../../notes/index.js';
import type { AboutRef } from '../../storage/types.js';
import type { ModalId } from '../components/ids.js';
import { parseOptions } from '../options.js';
import { escapeText, inertText, LIMITS, truncate } from '../respond.js';
import { noteForm, passageLine } from './form.js';
import { visibleCorpus } from '../settings.js';
import type { NoteSubcommand } from './subcommand.js';

const optionsSchema = z.object({
  about: z
    .string({ error: 'must be text: pick a passage from the list' })
    .trim()
    .max(200, 'is too long: pick a passage from the list')
    .optional(),
});

/** A trailing paragraph number typed after a title: "deploy 4", "adler ¶4", "notes/iaea#2". */
const TRAILING_PARAGRAPH = /^(.*?)(?:\s*[#¶]\s*|\s+)(\d{1,4})$/;

/** A title cut at a word within `max` characters, so that a paragraph's opening words fit beside it. */
function shortTitle(title: string, max: number): string {
  if (title.length <= max) return title;
  const space = title.lastIndexOf(' ', max - 1);
  return `${title.slice(0, space > max / 2 ? space : max - 1)}…`;
}

/**
 * Choices for `about`: with a paragraph number typed ("deploy 4"), that paragraph of each matching document;
 * otherwise each matching document as a whole, then the paragraphs of the best match with their opening words.
 */
export function aboutChoices(corpus: Corpus, typed: string): Array<{ name: string; value: string }> {
  const trimmed = typed.trim();
  const numbered = TRAILING_PARAGRAPH.exec(trimmed);
  const paragraph = numbered ? Number(numbered[2]) : undefined;
  const documents = matchDocuments(corpus, numbered ? numbered[1]!.trim() : trimmed);
  const name = (d: CorpusDocument, n?: number) => {
    const head =
      n === undefined ? `${shortTitle(d.title, 75)} (whole document)` : `${shortTitle(d.title, 45)} ¶${n}: ${d.paragraphs[n - 1] ?? ''}`;
    return truncate(inertText(head.replace(/\s+/g, ' ')), LIMITS.choiceLength);
  };
  if (paragraph !== undefined) {
    return documents
      .filter((d) => paragraph >= 1 && paragraph <= d.paragraphs.length)
      .slice(0, LIMITS.choices)
      .map((d) => ({ name: name(d, paragraph), value: `${d.id}#${paragraph}` }));
  }
  const choices = documents.map((d) => ({ name: name(d), value: d.id }));
  const [best] = documents;
  if (best) choices.push(...best.paragraphs.map((_, i) => ({ name: name(best, i + 1), value: `${best.id}#${i + 1}` })));
  return choices.slice(0, LIMITS.choices);
}

/** What `about` names: a reference picked from the list, or a document's exact title typed instead. */
export function resolveAbout(corpus: Corpus, value: string): { ref: AboutRef; document: CorpusDocument } {
  const byId = new Map(corpus.documents.map((d) => [d.id, d]));
  const parsed = parseAboutRef(value);
  // A bare word reads as a document id too ("deploy"): only an id the library has counts as one.
  const typed = parsed && byId.has(parsed.documentId) ? parsed : undefined;
  const titled = typed ? undefined : resolveDocument(corpus, value);
  const ref: AboutRef | undefined = typed ?? (titled && { documentId: titled.id });
  const document = ref && byId.get(ref.documentId);
  if (!ref || !document) {
    throw new UserError(
      `Option \`about\`: no passage of the library matches "${escapeText(truncate(value, 100))}". Pick one from the list as you type.`,
    );
  }
  const problems = checkAbout([ref], corpus);
  if (problems.length > 0) throw new UserError(`Option \`about\`: ${escapeText(problems.join('; '))}.`);
  return { ref, document };
}

/** `/note add [about]`: opens the note form; with `about`, for a note commenting on that passage. */
export const add: NoteSubcommand = {
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'add',
    description: 'Write a new note for this server: members will see it cited in answers.',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'about',
        description: 'The passage it comments on (start typing a document)',
        required: false,
        autocomplete: true,
        max_length: 200,
      },
    ],
  },
  async execute(interaction, options, _who, context) {
    const { about } = parseOptions(options, optionsSchema);
    if (about === undefined || about === '') {
      await interaction.showModal(noteForm({ id: { kind: 'note-add' }, heading: 'New server note' }));
      return;
    }
    const { ref, document } = resolveAbout(visibleCorpus(context), about);
    const id: ModalId =
      ref.paragraph === undefined
        ? { kind: 'note-about', documentId: ref.documentId }
        : { kind: 'note-about', documentId: ref.documentId, paragraph: ref.paragraph };
    const heading = ref.paragraph === undefined ? `Note on ${document.title}` : `Note on ¶${ref.paragraph} of ${document.title}`;
    await interaction.showModal(noteForm({ id, heading, intro: passageLine(document.title, ref.paragraph) }));
  },
  async autocomplete(interaction, focused, _guildId, context) {
    if (focused.name !== 'about') return interaction.respond([]);
    await interaction.respond(aboutChoices(visibleCorpus(context), focused.value));
  },
};
