// Rate limits on new answers: a cooldown between a member's questions and a ceiling of answers per minute for a whole
// server. The decision and the taking are one synchronous step, so two questions arriving together can never both
// pass a limit that has room for one; a refused attempt changes nothing, so retrying early never extends a wait.
import type { CooldownEntry } from '../storage/types.js';

/** A server's limits, as its settings give them. */
export interface AskLimits {
  /** Seconds between a member's questions (0: none). */
  cooldownSeconds: number;
  /** New answers a server may get in any 60 seconds (null: no ceiling). */
  answersPerMinute: number | null;
}

/** One attempt to get a new answer. */
export interface LimitRequest {
  guildId: string;
  member: string;
  limits: AskLimits;
  /**
   * Whether the member's cooldown applies: a new question (`/ask`, "Ask the corpus"). "Post to channel" counts toward
   * the server's ceiling only, since it posts an answer the member already got.
   */
  question: boolean;
}

/** What an allowed attempt counted, to give it back if it produced no answer. */
export interface LimitTicket {
  /** Unique to the limiter that gave it: tells this attempt from another counted in the same millisecond. */
  id: number;
  guildId: string;
  member: string;
  /** When it was counted (Unix ms). */
  at: number;
  /** Counted toward the member's cooldown: their question before it (Unix ms), or null when there was none. */
  previousQuestion?: number | null;
  /** Counted toward the server's answers per minute. */
  inWindow: boolean;
}

/** Allowed (with what was counted, when anything was), or refused with when to try again (Unix ms). */
export type LimitVerdict = { allowed: true; ticket?: LimitTicket } | { allowed: false; reason: 'cooldown' | 'ceiling'; retryAt: number };

/**
 * What the handlers ask before an answer. An interface so that a bot spread over several processes (shards, HTTP
 * interactions) can use a shared store instead; an implementation must decide and take without interleaving.
 */
export interface AskLimiter {
  /** Allows the attempt and counts it, or refuses it and counts nothing, saying when to try again (Unix ms). */
  take(request: LimitRequest): Promise<LimitVerdict>;
  /**
   * Uncounts an allowed attempt that produced no answer (a question with nothing to search for, a failure on the
   * bot's side), so that the member may ask again at once: what they got was no answer. Once per ticket.
   */
  giveBack(ticket: LimitTicket): Promise<void>;
}

export const MINUTE_MS = 60_000;

export interface MemoryLimiterOptions {
  /** The clock (default `Date.now`). */
  now?: () => number;
  /** Members' last questions from before (the database, at start-up): their cooldowns go on. */
  remembered?: Iterable<CooldownEntry>;
  /** Hears of every question counted toward a cooldown, to keep it (it must handle its own errors). */
  onQuestion?: (entry: CooldownEntry) => void;
  /** Past this age a member's last question no longer matters to any cooldown (the longest cooldown allowed). */
  forgetAfterMs: number;
}

/**
 * The limits of one process, in memory. Cooldowns: each member's last accepted question per server (kept through
 * `onQuestion`, loaded again through `remembered`). The ceiling: a sliding window, the times of the server's answers
 * in the last 60 seconds, so no 60 seconds ever hold more than the ceiling (fixed buckets would allow twice as many
 * across a bucket's edge); it is not kept across a restart.
 */
export class MemoryAskLimiter implements AskLimiter {
  /** Each member's last counted question, and the ticket that counted it. */
  private readonly lastQuestion = new Map<string, { at: number; ticket: number }>();
  private tickets = 0;
  private readonly windows = new Map<string, number[]>();
  private readonly now: () => number;
  private lastSweep: number;

  constructor(private readonly options: MemoryLimiterOptions) {
    this.now = options.now ?? Date.now;
    this.lastSweep = this.now();
    for (const entry of options.remembered ?? []) {
      const key = memberKey(entry.guildId, entry.member);
      const at = Math.max(entry.askedAt, this.lastQuestion.get(key)?.at ?? -Infinity);
      this.lastQuestion.set(key, { at, ticket: 0 });
    }
  }

  take(request: LimitRequest): Promise<LimitVerdict> {
    return Promise.resolve(this.takeNow(request));
  }

  giveBack(ticket: LimitTicket): Promise<void> {
    this.giveBackNow(ticket);
    return Promise.resolve();
  }

  /**
   * `giveBack`, synchronously. The member's cooldown goes back to their question before, unless a later one has been
   * counted since; the kept time is left as it is (see `openAskLimiter`).
   */
  giveBackNow(ticket: LimitTicket): void {
    const key = memberKey(ticket.guildId, ticket.member);
    if (ticket.previousQuestion !== undefined && this.lastQuestion.get(key)?.ticket === ticket.id) {
      if (ticket.previousQuestion === null) this.lastQuestion.delete(key);
      else this.lastQuestion.set(key, { at: ticket.previousQuestion, ticket: 0 });
    }
    const window = this.windows.get(ticket.guildId);
    const index = ticket.inWindow && window ? window.lastIndexOf(ticket.at) : -1;
    if (index >= 0) window!.splice(index, 1);
  }

  /** `take`, synchronously: nothing can run between the check and the count. */
  takeNow(request: LimitRequest): LimitVerdict {
    const { guildId, member, limits } = request;
    const cooldownMs = request.question ? limits.cooldownSeconds * 1000 : 0;
    const ceiling = limits.answersPerMinute;
    // No limit set: nothing to check, nothing to remember.
    if (cooldownMs === 0 && ceiling === null) return { allowed: true };
    const now = this.now();
    this.sweep(now);
    const key = memberKey(guildId, member);
    const last = this.lastQuestion.get(key)?.at;
    if (cooldownMs > 0 && last !== undefined && now < last + cooldownMs) {
      return { allowed: false, reason: 'cooldown', retryAt: last + cooldownMs };
    }
    if (ceiling !== null) {
      const window = this.window(guildId, now);
      // A ceiling lowered meanwhile may leave more in the window than it allows: the wait lasts until enough expire.
      if (window.length >= ceiling) return { allowed: false, reason: 'ceiling', retryAt: window[window.length - ceiling]! + MINUTE_MS };
      window.push(now);
    }
    this.tickets += 1;
    const ticket: LimitTicket = { id: this.tickets, guildId, member, at: now, inWindow: ceiling !== null };
    if (cooldownMs > 0) {
      ticket.previousQuestion = last ?? null;
      this.lastQuestion.set(key, { at: now, ticket: ticket.id });
      this.options.onQuestion?.({ guildId, member, askedAt: now });
    }
    return { allowed: true, ticket };
  }

  /** The server's answers in the last minute, oldest first (expired ones dropped). */
  private window(guildId: string, now: number): number[] {
    let window = this.windows.get(guildId);
    if (!window) {
      window = [];
      this.windows.set(guildId, window);
    }
    let expired = 0;
    while (expired < window.length && window[expired]! <= now - MINUTE_MS) expired += 1;
    if (expired > 0) window.splice(0, expired);
    return window;
  }

  /** Once a minute, forgets what no limit can still need, so memory follows the recent activity, not every member ever seen. */
  private sweep(now: number): void {
    if (now - this.lastSweep < MINUTE_MS) return;
    this.lastSweep = now;
    for (const [key, last] of this.lastQuestion) if (last.at <= now - this.options.forgetAfterMs) this.lastQuestion.delete(key);
    for (const [guildId, window] of this.windows)
      if ((window[window.length - 1] ?? -Infinity) <= now - MINUTE_MS) this.windows.delete(guildId);
  }
}

function memberKey(guildId: string, member: string): string {
  return `${guildId}/${member}`;
}
