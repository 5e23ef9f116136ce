import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { CorpusDocument } from '../../corpus/types.js';
import {
  COMMAND_LABELS,
  DEFAULT_SETTINGS,
  type GuildSettings,
  type LoadedSettings,
  SETTING_KEYS,
  SETTING_LABELS,
  type SettingKey,
  type SettingProblem,
  settingsSchema,
} from '../../settings/index.js';
import { escapeText, LIMITS, truncate } from '../respond.js';

export const SETTINGS_COLOR = 0x7a5cb8;

type Documents = readonly Pick<CorpusDocument, 'id' | 'title'>[];

// Ids reach these mentions only after the settings schema checked them: digits only, nothing else can render.
const channel = (id: string) => `<#${id}>`;
const role = (id: string) => `<@&${id}>`;

/** A duration in seconds as people say it: "45 seconds", "2 minutes", "1 minute 30 seconds". */
export function seconds(total: number): string {
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const minutes = Math.floor(total / 60);
  const rest = total % 60;
  if (minutes === 0) return unit(rest, 'second');
  return rest === 0 ? unit(minutes, 'minute') : `${unit(minutes, 'minute')} ${unit(rest, 'second')}`;
}

function documentName(id: string, documents: Documents): string {
  const document = documents.find((d) => d.id === id);
  return document ? `${escapeText(truncate(document.title, 80))} (\`${id}\`)` : `\`${id}\``;
}

/** A valid setting's value as admins read it: channels and roles as mentions (they render, never ping), titles escaped. */
export function formatValue<K extends SettingKey>(key: K, value: GuildSettings[K], documents: Documents): string {
  const v: GuildSettings[SettingKey] = value;
  switch (key) {
    case 'answerVisibility':
      return v === 'private' ? 'private (only the asker sees answers)' : 'public (the channel sees answers)';
    case 'passagesPerAnswer':
      return String(v);
    case 'askChannels': {
      const ids = v as string[];
      return ids.length === 0 ? 'every channel' : ids.map(channel).join(', ');
    }
    case 'moderatorRole':
      return v === null ? 'none (Manage Messages only)' : role(v as string);
    case 'disabledCommands': {
      const names = v as Array<keyof typeof COMMAND_LABELS>;
      return names.length === 0 ? 'none: everything is on' : names.map((c) => `**${COMMAND_LABELS[c]}**`).join(', ');
    }
    case 'excludedDocuments': {
      const ids = v as string[];
      return ids.length === 0 ? 'none: every document answers' : ids.map((id) => documentName(id, documents)).join(', ');
    }
    case 'logChannel':
      return v === null ? 'none (changes are not posted)' : channel(v as string);
    case 'askCooldown':
      return v === 0 ? 'none (members may ask again at once)' : `${seconds(v as number)} between a member's questions`;
    case 'answersPerMinute':
      return v === null ? 'no limit' : `${String(v)} a minute in this server`;
  }
  return String(v);
}

/**
 * A value as the audit table keeps it: null is "the default" (named, since it may change), anything else is shown
 * when it passes the rules, and quoted as stored when it does not (a row edited by hand).
 */
export function formatStored(key: SettingKey, stored: unknown, documents: Documents): string {
  if (stored === null || stored === undefined) return `default: ${formatValue(key, DEFAULT_SETTINGS[key], documents)}`;
  const parsed = settingsSchema.shape[key].safeParse(stored);
  if (parsed.success) return formatValue(key, parsed.data, documents);
  return `\`${truncate(JSON.stringify(stored).replace(/`/g, "'"), 200)}\``;
}

/** What went wrong with a stored value, and what the bot does instead. */
export function problemText(problem: SettingProblem): string {
  switch (problem.kind) {
    case 'missing-channel':
      return problem.key === 'logChannel'
        ? `The log channel (id ${problem.id}) no longer exists: nothing is posted until you choose another.`
        : `A channel for questions (id ${problem.id}) no longer exists: it is left out.`;
    case 'missing-role':
      return `The moderator role (id ${problem.id}) no longer exists: only Manage Messages lets members manage notes.`;
    case 'missing-document':
      return `\`${problem.id}\` is no longer in the library: it is no longer left out.`;
    case 'invalid':
      return `The stored value ${problem.message}: the default applies.`;
    case 'unreadable':
      return "The settings could not be read from the bot's database: the defaults apply until its operator fixes it.";
  }
}

/** A problem with the log channel that only Discord knows: the bot cannot post there, or its last post failed. */
export interface LogChannelStatus {
  /** The permissions the bot lacks in the log channel, by name. */
  missing?: string[];
  lastFailure?: { at: number; reason: string };
}

/** `/config show`: every setting with its value, its default, and what is wrong with it, if anything. */
export function renderSettings(loaded: LoadedSettings, documents: Documents, log: LogChannelStatus = {}): APIEmbed {
  const fields: APIEmbedField[] = SETTING_KEYS.map((key) => {
    const value = formatValue(key, loaded.values[key], documents);
    const isDefault = !loaded.custom.has(key);
    const lines = [isDefault ? `${value} (default)` : `${value}\nDefault: ${formatValue(key, DEFAULT_SETTINGS[key], documents)}`];
    for (const problem of loaded.problems) if (problem.key === key) lines.push(`⚠️ ${problemText(problem)}`);
    if (key === 'logChannel' && loaded.values.logChannel !== null) {
      if (log.missing && log.missing.length > 0) lines.push(`⚠️ The bot lacks ${log.missing.join(', ')} there: it cannot post.`);
      if (log.lastFailure) {
        const when = `<t:${Math.floor(log.lastFailure.at / 1000)}:R>`;
        lines.push(`⚠️ The last post failed ${when}: ${escapeText(log.lastFailure.reason)}.`);
      }
    }
    return { name: SETTING_LABELS[key], value: truncate(lines.join('\n'), LIMITS.fieldValue) };
  });
  const general = loaded.problems.filter((p) => p.key === null).map((p) => `⚠️ ${problemText(p)}`);
  return {
    title: 'Settings for this server',
    color: SETTINGS_COLOR,
    description: [
      'Change them with `/config set`, or put one back with `/config reset`. Who may see each command is set in Discord: Server Settings > Integrations.',
      ...general,
    ].join('\n'),
    fields,
  };
}
