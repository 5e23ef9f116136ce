import { ChannelType, type ChatInputCommandInteraction } from 'discord.js';
import { z } from 'zod';
import { SETTING_LABELS, type SettingKey, type SettingsChange } from '../../settings/index.js';
import type { BotContext } from '../context.js';
import { formatStored, formatValue } from '../render/settings.js';
import { send } from '../respond.js';

/** Channels a question can be asked in: text, announcement, the text chat of voice channels, forum posts. */
export const QUESTION_CHANNEL_TYPES = [
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
  ChannelType.GuildVoice,
  ChannelType.GuildForum,
] as const;
/** Channels the bot can post its log in. */
export const LOG_CHANNEL_TYPES = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

const snowflake = z.string().regex(/^[1-9]\d{16,19}$/);

/**
 * A channel option as zod checks it: the id, and the type from the channel Discord resolved in the payload (see
 * `parseOptions`). A channel that is not resolved (an id sent by a client that is not Discord's) is refused.
 */
export function channelSchema(types: readonly ChannelType[], wrongType: string) {
  const missing = 'is not a channel of this server (it may have just been deleted): pick one from the list';
  return z.object(
    {
      id: snowflake,
      type: z.number({ error: missing }).refine((type) => types.includes(type), wrongType),
    },
    { error: missing },
  );
}

/** A role option as zod checks it, from the role Discord resolved in the payload (see `parseOptions`). */
export const roleSchema = z.object(
  { id: snowflake, name: z.string() },
  { error: 'is not a role of this server (it may have just been deleted): pick one from the list' },
);

/** Tells the admin, privately, what changed: the setting, before and after, and the case that records it. */
export async function confirmChange(
  interaction: ChatInputCommandInteraction,
  context: BotContext,
  key: SettingKey,
  change: SettingsChange,
  note?: string,
): Promise<void> {
  const label = SETTING_LABELS[key];
  const documents = context.library.corpus.documents;
  const now = formatValue(key, change.settings.values[key], documents);
  let content: string;
  if (!change.audit) {
    content = `Nothing changed: **${label}** is already ${now}.`;
  } else {
    const before = ((change.audit.before ?? {}) as Record<string, unknown>)[key];
    content = `**${label}**: ${formatStored(key, before, documents)} → ${now}. It applies from the next interaction (case #${change.audit.caseNumber}).`;
  }
  await send(interaction, { ephemeral: true, content: note ? `${content}\n${note}` : content });
}
