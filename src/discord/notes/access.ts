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
 * Whether the member may manage this server's notes: Manage Messages, or the moderator role the server's admins
 * chose. Both read from the interaction's own payload (`member.permissions`, `member.roles`), never from a cache.
 * Discord hides /note from members without Manage Messages, but hiding is not security: every handler asks again.
 */
export function canModerate(interaction: Interaction, context: BotContext): boolean {
  if (!interaction.inGuild()) return false;
  if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageMessages)) return true;
  const role = context.serverSettings.values.moderatorRole;
  return role !== null && memberRoleIds(interaction).includes(role);
}

/** The member's role ids as the payload lists them. */
function memberRoleIds(interaction: Interaction): readonly string[] {
  const { member } = interaction;
  if (member instanceof GuildMember) return [...member.roles.cache.keys()];
  return member?.roles ?? [];
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
    const role = context.serverSettings.values.moderatorRole;
    throw new UserError(
      `Only moderators can manage this server's notes: it takes the Manage Messages permission${role === null ? '' : ` or the <@&${role}> role`}.`,
    );
  }
  return { guildId: interaction.guildId, actor: actorOf(interaction) };
}
