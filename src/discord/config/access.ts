import { type Interaction, PermissionFlagsBits } from 'discord.js';
import { UserError } from '../../errors.js';
import { actorOf, type ModeratorAction } from '../notes/access.js';

/** Where an admin acts and as whom: what every settings change needs. */
export type AdminAction = ModeratorAction;

/**
 * Whether the member may change the bot's settings here: Manage Server, read from the interaction's own permissions
 * (the payload's `member.permissions`). Discord hides `/config` from everyone else, but hiding is not security.
 */
export function canConfigure(interaction: Interaction): boolean {
  return interaction.inGuild() && (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false);
}

/** The server and admin of an interaction, or a UserError telling the member why they cannot change settings. */
export function requireAdmin(interaction: Interaction): AdminAction {
  if (!interaction.inGuild()) throw new UserError('Settings belong to a server: use `/config` in the server whose settings you change.');
  if (!canConfigure(interaction)) {
    throw new UserError("Only the server's admins can see and change the bot's settings: it takes the Manage Server permission.");
  }
  return { guildId: interaction.guildId, actor: actorOf(interaction) };
}

/**
 * The server whose usage figures the member asks for, or a UserError: `/stats` takes Manage Server, like the
 * settings, and is checked from the payload for the same reason.
 */
export function requireStatsViewer(interaction: Interaction): string {
  if (!interaction.inGuild()) throw new UserError('Usage figures belong to a server: use `/stats` in the server you want figures for.');
  if (!canConfigure(interaction)) {
    throw new UserError("Only the server's admins can see its usage figures: it takes the Manage Server permission.");
  }
  return interaction.guildId;
}
