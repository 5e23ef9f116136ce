import { type APIEmbed, type APIMessage, DiscordAPIError, type REST, RESTJSONErrorCodes, Routes } from 'discord.js';
import type { Logger } from '../log.js';
import { noteHistory, type NotesDeps } from '../notes/index.js';
import { getSettings, type SettingsDeps } from '../settings/index.js';
import type { AuditEntry } from '../storage/types.js';
import { type CaseView, messageUrl, renderCase, renderCaseSummary } from './render/case.js';
import { fitEmbeds } from './respond.js';

/** Why the last post to a server's log channel failed, for `/config show`. */
export interface ModlogFailure {
  at: number;
  channelId: string;
  reason: string;
}

/**
 * The log channel: every note and settings change of a server posted as a numbered case, the way moderation bots
 * keep a case log. Posting never fails or delays what caused it: it runs after the change is committed, in the
 * background, in case order per server; a channel that is gone or closed to the bot is logged and reported.
 */
export interface Modlog {
  /** Queues the posts of committed cases. */
  record(guildId: string, cases: readonly AuditEntry[]): void;
  /** The last failed post in this server since the bot started; cleared by the next post that succeeds. */
  lastFailure(guildId: string): ModlogFailure | undefined;
  /** Resolves once every queued post has been tried (at shutdown, and in tests). */
  idle(): Promise<void>;
}

export interface ModlogDeps {
  /** The bot's REST client: posts are the bot's own channel messages, not interaction replies. */
  rest: Pick<REST, 'post' | 'patch'>;
  notes: NotesDeps;
  settings: SettingsDeps;
  log: Logger;
  now?: () => number;
}

/** More cases than this committed at once (an import) share one post, a line each. */
export const SUMMARY_AFTER = 3;
/** Diff lines a note case shows. */
const CASE_DIFF_LINES = 12;

const GONE: readonly number[] = [RESTJSONErrorCodes.UnknownMessage, RESTJSONErrorCodes.UnknownChannel];
const NO_ACCESS: readonly number[] = [RESTJSONErrorCodes.MissingAccess, RESTJSONErrorCodes.MissingPermissions];

interface Posted {
  channelId: string;
  messageId: string;
}

/** Starts the log channel service for the bot's REST client. */
export function createModlog(deps: ModlogDeps): Modlog {
  const now = deps.now ?? Date.now;
  const { storage } = deps.notes;
  const queues = new Map<string, Promise<void>>();
  const pending = new Set<Promise<void>>();
  const failures = new Map<string, ModlogFailure>();

  const fail = (guildId: string, channelId: string, error: unknown) => {
    const reason = reasonOf(error);
    failures.set(guildId, { at: now(), channelId, reason });
    deps.log.warn({ err: error, guildId, channelId, reason }, 'log channel post failed');
  };

  const body = (embed: APIEmbed) => ({ embeds: fitEmbeds([embed]), allowed_mentions: { parse: [] } });

  /** Edits the case's earlier post; posts anew where the log is now when there was none, or it was deleted. */
  async function upsert(guildId: string, channelId: string, embed: APIEmbed, earlier: Posted | undefined): Promise<Posted | undefined> {
    if (earlier) {
      try {
        await deps.rest.patch(Routes.channelMessage(earlier.channelId, earlier.messageId), { body: body(embed) });
        failures.delete(guildId);
        return earlier;
      } catch (error) {
        if (!(error instanceof DiscordAPIError && typeof error.code === 'number' && GONE.includes(error.code))) {
          fail(guildId, earlier.channelId, error);
          return undefined;
        }
      }
    }
    try {
      const message = (await deps.rest.post(Routes.channelMessages(channelId), { body: body(embed) })) as APIMessage;
      failures.delete(guildId);
      return { channelId, messageId: message.id };
    } catch (error) {
      fail(guildId, channelId, error);
      return undefined;
    }
  }

  async function viewOf(guildId: string, entry: AuditEntry, undoneBy?: AuditEntry): Promise<CaseView> {
    const view: CaseView = { entry, documents: deps.settings.documents };
    if (undoneBy) view.undoneBy = undoneBy;
    if (entry.noteId === null) return view;
    const noteId = entry.noteId;
    const revisions = await storage.notes.revisions(guildId, noteId);
    const shown = revisions.find((r) => r.revision === entry.revisionAfter) ?? revisions[revisions.length - 1];
    if (!shown) return view;
    view.note = { noteId, title: shown.title, source: shown.source, revisions: revisions.length };
    if (entry.action === 'note.add' || entry.action === 'note.edit') {
      const history = await noteHistory(deps.notes, guildId, noteId, { maxDiffLines: CASE_DIFF_LINES });
      const made = history.find((h) => h.kind === 'revision' && h.revision === entry.revisionAfter);
      if (made) view.note.revision = made;
    }
    const [previous] = await storage.audit.list(guildId, { noteId, beforeCase: entry.caseNumber, limit: 1 });
    if (previous?.logMessageId && previous.logChannelId) {
      view.previous = { caseNumber: previous.caseNumber, url: messageUrl(guildId, previous.logChannelId, previous.logMessageId) };
    }
    return view;
  }

  async function postOne(guildId: string, channelId: string, entry: AuditEntry): Promise<void> {
    const earlier = entry.logMessageId && entry.logChannelId ? { channelId: entry.logChannelId, messageId: entry.logMessageId } : undefined;
    const posted = await upsert(guildId, channelId, renderCase(await viewOf(guildId, entry)), earlier);
    if (posted) await storage.audit.setLogMessage(guildId, entry.caseNumber, posted.messageId, posted.channelId);
  }

  /** A restore updates the post of the removal it undoes, so the log reads right from either case. */
  async function amendRemoval(guildId: string, restore: AuditEntry): Promise<void> {
    if (restore.noteId === null) return;
    const earlier = await storage.audit.list(guildId, { noteId: restore.noteId, beforeCase: restore.caseNumber, limit: 10 });
    const removal = earlier.find((c) => c.action === 'note.remove');
    if (!removal?.logMessageId || !removal.logChannelId) return;
    const embed = renderCase(await viewOf(guildId, removal, restore));
    try {
      await deps.rest.patch(Routes.channelMessage(removal.logChannelId, removal.logMessageId), { body: body(embed) });
    } catch (error) {
      // A deleted removal post stays deleted: the restore's own post says what happened.
      if (!(error instanceof DiscordAPIError && typeof error.code === 'number' && GONE.includes(error.code)))
        fail(guildId, removal.logChannelId, error);
    }
  }

  async function post(guildId: string, cases: readonly AuditEntry[]): Promise<void> {
    const settings = await getSettings(deps.settings, guildId);
    const channelId = settings.values.logChannel ?? formerLogChannel(cases);
    if (channelId === null) return;
    if (cases.length > SUMMARY_AFTER) {
      const titles = new Map<number, string>();
      for (const entry of cases) {
        if (entry.noteId === null || titles.has(entry.noteId)) continue;
        const note = await storage.notes.get(guildId, entry.noteId);
        if (note) titles.set(entry.noteId, note.title);
      }
      const posted = await upsert(guildId, channelId, renderCaseSummary(cases, titles), undefined);
      if (posted)
        for (const entry of cases) await storage.audit.setLogMessage(guildId, entry.caseNumber, posted.messageId, posted.channelId);
      return;
    }
    for (const entry of cases) {
      await postOne(guildId, channelId, entry);
      if (entry.action === 'note.restore') await amendRemoval(guildId, entry);
    }
  }

  return {
    record(guildId, cases) {
      if (cases.length === 0) return;
      const before = queues.get(guildId) ?? Promise.resolve();
      const next = before
        .then(() => post(guildId, cases))
        .catch((error: unknown) => deps.log.error({ err: error, guildId }, 'log channel post failed'));
      queues.set(guildId, next);
      pending.add(next);
      void next.finally(() => {
        pending.delete(next);
        if (queues.get(guildId) === next) queues.delete(guildId);
      });
    },
    lastFailure: (guildId) => failures.get(guildId),
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}

/** Turning the log channel off is itself logged, in the channel it was. */
function formerLogChannel(cases: readonly AuditEntry[]): string | null {
  for (const entry of cases) {
    const before = (entry.before ?? {}) as Record<string, unknown>;
    const after = (entry.after ?? {}) as Record<string, unknown>;
    if (after['logChannel'] === null && typeof before['logChannel'] === 'string' && /^\d{17,20}$/.test(before['logChannel']))
      return before['logChannel'];
  }
  return null;
}

function reasonOf(error: unknown): string {
  if (error instanceof DiscordAPIError) {
    if (error.code === RESTJSONErrorCodes.UnknownChannel) return 'the channel no longer exists';
    if (typeof error.code === 'number' && NO_ACCESS.includes(error.code)) {
      return 'the bot may not post there (it needs View Channel, Send Messages and Embed Links)';
    }
    return `Discord refused the post (HTTP ${error.status}, code ${String(error.code)})`;
  }
  return 'Discord could not be reached';
}
