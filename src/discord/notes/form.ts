// The note form: one modal for adding, editing, "Save as note" and "Write a note", built with Label components, and
// the reading of what comes back.
import { LabelBuilder, ModalBuilder, type ModalSubmitInteraction, TextDisplayBuilder, TextInputBuilder, TextInputStyle } from 'discord.js';
import { z } from 'zod';
import { UserError } from '../../errors.js';
import { NOTE_LIMITS } from '../../notes/index.js';
import { encodeModalId, type ModalId } from '../components/ids.js';
import { escapeText, truncate } from '../respond.js';

/** The form's text inputs by custom id, with the label moderators see. */
export const NOTE_FORM_FIELDS = { title: 'Title', text: 'Text', tags: 'Tags', source: 'Source link' } as const;
export type NoteFormField = keyof typeof NOTE_FORM_FIELDS;
export type NoteFormValues = Record<NoteFormField, string>;

/** Discord's limits for a modal: its title, a label, a label's description. */
const MODAL_TITLE_MAX = 45;
/** Room for ten tags of 40 characters and their commas. */
const TAGS_MAX = 500;

export interface NoteFormOptions {
  id: ModalId;
  /** The modal's heading (cut to Discord's 45 characters). */
  heading: string;
  values?: Partial<NoteFormValues>;
  /** Shown above the fields, e.g. the passage a new note comments on (markdown, already escaped). */
  intro?: string;
}

/** The note modal. Pre-filled values are cut to the fields' limits, which Discord enforces on them too. */
export function noteForm(options: NoteFormOptions): ModalBuilder {
  const value = (field: NoteFormField, max: number) => {
    const text = options.values?.[field] ?? '';
    return text === '' ? {} : { value: text.slice(0, max) };
  };
  const input = (field: NoteFormField, style: TextInputStyle, max: number, required: boolean, placeholder: string) =>
    new TextInputBuilder({ custom_id: field, style, max_length: max, required, placeholder, ...value(field, max) });
  const modal = new ModalBuilder().setCustomId(encodeModalId(options.id)).setTitle(truncate(options.heading, MODAL_TITLE_MAX));
  if (options.intro) modal.addTextDisplayComponents(new TextDisplayBuilder().setContent(options.intro));
  return modal.addLabelComponents(
    new LabelBuilder()
      .setLabel(NOTE_FORM_FIELDS.title)
      .setDescription(`Up to ${NOTE_LIMITS.title} characters, not the title of another note of this server`)
      .setTextInputComponent(input('title', TextInputStyle.Short, NOTE_LIMITS.title, true, 'What the note is about')),
    new LabelBuilder()
      .setLabel(NOTE_FORM_FIELDS.text)
      .setDescription('A blank line starts a new paragraph; each paragraph is cited on its own')
      .setTextInputComponent(input('text', TextInputStyle.Paragraph, NOTE_LIMITS.text, true, 'The explanation members will see cited')),
    new LabelBuilder()
      .setLabel(NOTE_FORM_FIELDS.tags)
      .setDescription(`Optional: up to ${NOTE_LIMITS.tags} words or names, separated by commas`)
      .setTextInputComponent(input('tags', TextInputStyle.Short, TAGS_MAX, false, 'IAEA, Fordow')),
    new LabelBuilder()
      .setLabel(NOTE_FORM_FIELDS.source)
      .setDescription('Optional: an http(s) link to where this comes from')
      .setTextInputComponent(input('source', TextInputStyle.Short, NOTE_LIMITS.source, false, 'https://')),
  );
}

/** Every text input of a submitted modal, custom id → value, in the order of the form. */
export function submittedFields(interaction: ModalSubmitInteraction): Map<string, string> {
  const out = new Map<string, string>();
  for (const [customId, field] of interaction.fields.fields) {
    if ('value' in field && typeof field.value === 'string') out.set(customId, field.value);
  }
  return out;
}

const valuesSchema = z.object({
  title: z.string({ error: 'is missing from the form' }),
  text: z.string({ error: 'is missing from the form' }),
  tags: z.string().default(''),
  source: z.string().default(''),
});

/** The note form's values; a form without its title or text (not one the bot drew) is a UserError. */
export function readNoteForm(interaction: ModalSubmitInteraction): NoteFormValues {
  const parsed = valuesSchema.safeParse(Object.fromEntries(submittedFields(interaction)));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = String(issue?.path[0] ?? 'a field') as NoteFormField;
  throw new UserError(
    `This form is not the bot's note form (${NOTE_FORM_FIELDS[field] ?? field} ${issue?.message ?? 'is invalid'}): run the command again.`,
  );
}

/**
 * Text cut to `max` characters at the last paragraph break, else the last line break, else the last space, else
 * hard: what "Save as note" puts in the form from a long message.
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max);
  for (const boundary of ['\n\n', '\n', ' ']) {
    const at = head.lastIndexOf(boundary);
    // Only a boundary in the second half is worth keeping: otherwise too much would be lost.
    if (at >= max / 2) return head.slice(0, at).trimEnd();
  }
  return head;
}

/** A title guessed from a message: its first line without markdown marks, cut at a word within `max` characters. */
export function guessTitle(text: string, max: number = NOTE_LIMITS.title): string {
  const first =
    text
      .split('\n')
      .map((line) =>
        line
          .replace(/^\s*(?:#{1,3}\s+|>\s*|[-*+]\s+|\d+[.)]\s+)/, '')
          .replace(/[*_~`|]/g, '')
          .replace(/\s+/g, ' ')
          .trim(),
      )
      .find((line) => line.length > 0) ?? '';
  if (first.length <= max) return first;
  const space = first.lastIndexOf(' ', max);
  return (space >= max / 2 ? first.slice(0, space) : first.slice(0, max)).trim();
}

/** "Deploy U.S. Diplomats… ¶4" in a form's intro, escaped. */
export function passageLine(title: string, paragraph: number | undefined): string {
  return `Comments on: **${escapeText(truncate(title, 150))}**${paragraph === undefined ? ' (the whole document)' : ` ¶${paragraph}`}`;
}
