import { MessageFlags, type ModalSubmitInteraction } from 'discord.js';
import { addNote, editNote, formatAboutRef, type NoteInput, showNote } from '../../notes/index.js';
import type { ModalId } from '../components/ids.js';
import type { BotContext } from '../context.js';
import { renderNote } from '../render/note.js';
import { escapeText, send, truncate } from '../respond.js';
import { requireModerator } from './access.js';
import { fromNotes } from './errors.js';
import { readNoteForm } from './form.js';

/**
 * A submitted note form, whatever opened it: validated, saved, and confirmed with the note as members will see it
 * cited. Any failure (a bad field, a title taken, a database fault) reaches the dispatcher, which gives the moderator
 * their text back with the reason: nothing typed is lost.
 */
export async function saveNoteForm(interaction: ModalSubmitInteraction, payload: ModalId, context: BotContext): Promise<void> {
  const who = requireModerator(interaction, context);
  const values = readNoteForm(interaction);
  // SQLite waits for a lock synchronously, so a slow save could not defer in time: acknowledge before writing.
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const input: NoteInput = { title: values.title, text: values.text, tags: values.tags, source: values.source };
  const documents = context.library.corpus.documents;

  if (payload.kind === 'note-edit') {
    const current = await fromNotes(showNote(context.notes, who.guildId, payload.noteId));
    // The form has no field for `about`: an edit keeps what the note comments on.
    const result = await fromNotes(
      editNote(
        context.notes,
        who.guildId,
        who.actor,
        payload.noteId,
        { ...input, about: current.about.map(formatAboutRef) },
        { expectedRevision: payload.revision },
      ),
    );
    context.log.info({ noteId: result.note.id, revision: result.note.revision, changed: result.audit !== null }, 'note edited');
    const title = escapeText(truncate(result.note.title, 100));
    const content = result.audit
      ? `Saved revision ${result.note.revision} of note #${result.note.id} "${title}" (the earlier ` +
        `ones are kept: \`/note history\`). Members will see it cited like this:`
      : `Nothing changed: note #${result.note.id} "${title}" was already exactly so.`;
    return send(interaction, { content, embeds: [renderNote(result.note, documents)] });
  }

  if (payload.kind === 'note-about') input.about = formatAboutRef(payload);
  const { note } = await fromNotes(addNote(context.notes, who.guildId, who.actor, input));
  context.log.info({ noteId: note.id, from: payload.kind }, 'note added');
  await send(interaction, {
    content: `Saved note #${note.id} "${escapeText(truncate(note.title, 100))}". Members will see it cited like this:`,
    embeds: [renderNote(note, documents)],
  });
}
