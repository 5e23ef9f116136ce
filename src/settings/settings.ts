// Per-server settings as plain functions over `Storage`: the one way handlers read them (`getSettings`) and the
// one way admins change them (`changeSetting`, `setSetting`, `resetSetting`), each change a numbered audit case.
import type { z } from 'zod';
import type { CorpusDocument } from '../corpus/types.js';
import { UserError } from '../errors.js';
import type { Actor, AuditEntry, Storage, StoredSettings } from '../storage/types.js';
import { DEFAULT_SETTINGS, type GuildSettings, SETTING_KEYS, SETTING_LABELS, type SettingKey, settingsSchema } from './schema.js';

/** What the settings functions work with. */
export interface SettingsDeps {
  storage: Storage;
  /** The shipped library: the documents a server may leave out, and against which stored ids are checked. */
  documents: readonly Pick<CorpusDocument, 'id' | 'title'>[];
  /**
   * Called after every committed change (the log channel hears of it here). It must handle its own errors: the
   * change is already saved when it runs.
   */
  onChange?: (guildId: string, audit: AuditEntry) => void | Promise<void>;
}

/**
 * A stored value the bot no longer uses, and why: a channel, role or document that no longer exists (it is left out,
 * the rest of the setting applies), or a value that fails the rules (the default applies).
 */
export type SettingProblem =
  | { key: SettingKey; kind: 'missing-channel' | 'missing-role' | 'missing-document'; id: string }
  | { key: SettingKey; kind: 'invalid'; message: string }
  | { key: null; kind: 'unreadable' };

/** A server's settings as they apply now, and what was dropped to make them so. */
export interface LoadedSettings {
  /** null outside a server (a DM): the defaults. */
  guildId: string | null;
  values: GuildSettings;
  /** Settings the server has chosen; the others are at their default. */
  custom: ReadonlySet<SettingKey>;
  problems: SettingProblem[];
}

/** A committed change (`audit` null when the value was already so and nothing was written) and the settings after it. */
export interface SettingsChange {
  audit: AuditEntry | null;
  settings: LoadedSettings;
}

/** What a server can see of Discord right now, to drop channels and roles that have been deleted. */
export interface GuildPresence {
  hasChannel(id: string): boolean;
  hasRole(id: string): boolean;
}

/** The defaults, for a DM or a server that never changed anything. */
export function defaultSettings(guildId: string | null, problems: SettingProblem[] = []): LoadedSettings {
  return { guildId, values: { ...DEFAULT_SETTINGS }, custom: new Set(), problems };
}

/** Every stored value checked against the rules and the library: what the server's interactions follow. */
export function readSettings(guildId: string, stored: StoredSettings, documents: SettingsDeps['documents']): LoadedSettings {
  const values: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  const custom = new Set<SettingKey>();
  const problems: SettingProblem[] = [];
  for (const key of SETTING_KEYS) {
    const raw = stored[key];
    if (raw === null) continue;
    const parsed = settingsSchema.shape[key].safeParse(raw);
    if (!parsed.success) {
      problems.push({ key, kind: 'invalid', message: firstIssue(parsed.error) });
      continue;
    }
    values[key] = parsed.data;
    custom.add(key);
  }
  const loaded = { guildId, values: values as GuildSettings, custom, problems };
  // A document removed from the corpus since it was left out: nothing to leave out any more.
  const known = new Set(documents.map((d) => d.id));
  for (const id of loaded.values.excludedDocuments)
    if (!known.has(id)) problems.push({ key: 'excludedDocuments', kind: 'missing-document', id });
  loaded.values.excludedDocuments = loaded.values.excludedDocuments.filter((id) => known.has(id));
  return loaded;
}

/** A server's settings, validated; read once per interaction (one row by key), so every change applies at once. */
export async function getSettings(deps: SettingsDeps, guildId: string): Promise<LoadedSettings> {
  return readSettings(guildId, await deps.storage.settings.get(guildId), deps.documents);
}

/**
 * Drops channels and roles the server no longer has (deleted since they were chosen), reporting each. Without a view
 * of the server (not in the bot's cache) nothing can be checked and everything is kept.
 */
export function withPresence(loaded: LoadedSettings, presence: GuildPresence | undefined): LoadedSettings {
  if (!presence) return loaded;
  const problems = [...loaded.problems];
  const values = { ...loaded.values };
  const gone = values.askChannels.filter((id) => !presence.hasChannel(id));
  for (const id of gone) problems.push({ key: 'askChannels', kind: 'missing-channel', id });
  values.askChannels = values.askChannels.filter((id) => presence.hasChannel(id));
  if (values.moderatorRole !== null && !presence.hasRole(values.moderatorRole)) {
    problems.push({ key: 'moderatorRole', kind: 'missing-role', id: values.moderatorRole });
    values.moderatorRole = null;
  }
  if (values.logChannel !== null && !presence.hasChannel(values.logChannel)) {
    problems.push({ key: 'logChannel', kind: 'missing-channel', id: values.logChannel });
    values.logChannel = null;
  }
  return { ...loaded, values, problems };
}

/** Thrown for a value that breaks a setting's rules; the message names the setting and the rule. */
export class SettingValidationError extends UserError {}

/**
 * Changes one setting to `next(current value)`, validated, with its audit case, in one transaction: `next` sees
 * the value committed last, so two admins adding to a list at once both count. Throws `SettingValidationError`.
 */
export async function changeSetting<K extends SettingKey>(
  deps: SettingsDeps,
  guildId: string,
  actor: Actor,
  key: K,
  next: (current: GuildSettings[K]) => unknown,
): Promise<SettingsChange> {
  const audit = await deps.storage.settings.update(guildId, actor, 'settings.set', (stored) => {
    const current = readSettings(guildId, stored, deps.documents).values[key];
    return { [key]: validate(deps, key, next(current)) };
  });
  return settled(deps, guildId, audit);
}

/** Sets one setting to `value` (anything: it is validated here). Throws `SettingValidationError`. */
export function setSetting<K extends SettingKey>(
  deps: SettingsDeps,
  guildId: string,
  actor: Actor,
  key: K,
  value: unknown,
): Promise<SettingsChange> {
  return changeSetting(deps, guildId, actor, key, () => value);
}

/** Puts one setting back to its default (and follows the default from then on), with its audit case. */
export async function resetSetting(deps: SettingsDeps, guildId: string, actor: Actor, key: SettingKey): Promise<SettingsChange> {
  const audit = await deps.storage.settings.update(guildId, actor, 'settings.reset', () => ({ [key]: null }));
  return settled(deps, guildId, audit);
}

async function settled(deps: SettingsDeps, guildId: string, audit: AuditEntry | null): Promise<SettingsChange> {
  if (audit) await deps.onChange?.(guildId, audit);
  return { audit, settings: await getSettings(deps, guildId) };
}

function validate<K extends SettingKey>(deps: SettingsDeps, key: K, value: unknown): GuildSettings[K] {
  const parsed = settingsSchema.shape[key].safeParse(value);
  if (!parsed.success) throw new SettingValidationError(`${SETTING_LABELS[key]} ${firstIssue(parsed.error)}.`);
  const valid = parsed.data as GuildSettings[K];
  if (key === 'excludedDocuments') {
    const excluded = valid as GuildSettings['excludedDocuments'];
    const known = new Set(deps.documents.map((d) => d.id));
    const unknown = excluded.find((id) => !known.has(id));
    if (unknown !== undefined)
      throw new SettingValidationError(`There is no document \`${unknown}\` in the library: pick one from the list.`);
    if (excluded.length >= known.size) {
      throw new SettingValidationError('At least one document must answer in this server: the library would have nothing left to cite.');
    }
  }
  return valid;
}

function firstIssue(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'is not valid';
}
