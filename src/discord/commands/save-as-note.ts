import { ApplicationCommandType, InteractionContextType, PermissionFlagsBits } from 'discord.js';
import { UserError } from '../../errors.js';
import { NOTE_LIMITS } from '../../notes/index.js';
import { requireModerator } from '../notes/access.js';
import { cutText, guessTitle, noteForm } from '../notes/form.js';
import type { MessageCommand } from './types.js';

/**
 * "Save as note" on a message's Apps menu (moderators): the note form filled with the message's text, a title
 * guessed from its first line, and the message's link as the source. The best explanations are written in chat.
 */
export const saveAsNote: MessageCommand = {
  kind: 'message',
  data: {
    type: ApplicationCommandType.Message,
    name: 'Save as note',
    default_member_permissions: PermissionFlagsBits.ManageMessages.toString(),
    contexts: [InteractionContextType.Guild],
  },
  async execute(interaction, context) {
    const who = requireModerator(interaction, context);
    const message = interaction.targetMessage;
    const text = message.content.replace(/\r\n?/g, '\n').trim();
    if (!text) throw new UserError('That message has no text to save (only attachments or embeds).');
    const link = `https://discord.com/channels/${who.guildId}/${message.channelId}/${message.id}`;
    await interaction.showModal(
      noteForm({
        id: { kind: 'note-message', channelId: message.channelId, messageId: message.id },
        heading: 'Save a message as a note',
        values: { title: guessTitle(text), text: cutText(text, NOTE_LIMITS.text), source: link },
      }),
    );
  },
};
