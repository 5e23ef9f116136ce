import { GuildMember, type Interaction, PermissionFlagsBits } from 'discord.js';
import { UserError } from '../../errors.js';
import type { Actor } from '../../storage/types.js';
import type { BotContext } from '../context.js';

/** Where a moderator acts and as whom: what every note change needs. */
export interface ModeratorAction {
  guildId: string;
  /** The member, with the display name they have now: audit rows and notes keep it as it was. */
  actor: Actor;
}

/**
 * Whether the member may manage this server's notes. Read from the interaction's own permissions (the payload's
 * `member.permissions`), never from a cache. Discord hides /note from members without Manage Messages, but hiding is
 * not security: every handler asks again. The admin-settings work adds a moderator role here.
 */
export function canModerate(interaction: Interaction, _context: BotContext): boolean {
  return interaction.inGuild() && (interaction.memberPermissions?.has(PermissionFlagsBits.ManageMessages) ?? false);
}

/** The member's name as the server shows it: server nickname, else global display name, else username. */
export function actorOf(interaction: Interaction): Actor {
  const { member, user } = interaction;
  const displayName = member instanceof GuildMember ? member.displayName : (member?.nick ?? user.globalName ?? user.username);
  return { id: user.id, displayName };
}

/** The server and moderator of an interaction, or a UserError telling the member why they cannot manage notes. */
export function requireModerator(interaction: Interaction, context: BotContext): ModeratorAction {
  if (!interaction.inGuild()) throw new UserError('Notes belong to a server: use this in the server whose notes you manage.');
  if (!canModerate(interaction, context)) {
    throw new UserError("Only moderators can manage this server's notes: it takes the Manage Messages permission.");
  }
  return { guildId: interaction.guildId, actor: actorOf(interaction) };
}
