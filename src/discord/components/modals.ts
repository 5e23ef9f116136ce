import type { ModalSubmitInteraction } from 'discord.js';
import type { BotContext } from '../context.js';
import { saveNoteForm } from '../notes/save.js';
import type { ModalId } from './ids.js';

type Handler<K extends ModalId['kind']> = (
  interaction: ModalSubmitInteraction,
  payload: Extract<ModalId, { kind: K }>,
  context: BotContext,
) => Promise<void>;

/** What each submitted modal does, by kind: one table, as for buttons. Every kind is the note form. */
export const modalHandlers: { [K in ModalId['kind']]: Handler<K> } = {
  'note-add': saveNoteForm,
  'note-about': saveNoteForm,
  'note-edit': saveNoteForm,
  'note-message': saveNoteForm,
  'note-gap': saveNoteForm,
};
