import type { Storage } from '../storage/types.js';

/** The periods `/stats` offers, in days. */
export const STATS_PERIODS = [7, 30] as const;
export type StatsPeriod = (typeof STATS_PERIODS)[number];

const DAY_MS = 24 * 60 * 60 * 1000;
/** How many questions "most asked" and "most refused" list, and how many hours "busiest hours". */
const TOP = 5;
const TOP_HOURS = 3;
/** Audit cases read per page while counting note changes. */
const AUDIT_PAGE = 200;

/** Questions of one UTC day, answered and refused: one bar of the chart. */
export interface DayCount {
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  answered: number;
  refused: number;
}

/** A public question and how many times it was asked (or refused). */
export interface RankedQuestion {
  question: string;
  count: number;
}

/** A server's figures over one period: what `/stats` shows. Shares are 0..1, or null when there is nothing to divide. */
export interface StatsFigures {
  guildId: string;
  periodDays: StatsPeriod;
  /** Start of the first day (UTC midnight), and the end of today (next UTC midnight), Unix ms. */
  since: number;
  until: number;
  /** Questions asked, public and private. */
  asked: number;
  answered: number;
  refused: number;
  /** Of `asked`, how many were private (counted, never shown). */
  privateAsked: number;
  /** `answered / asked`. */
  answeredShare: number | null;
  /**
   * Ratings given to the answers of the period's questions, one per member and answer. `helpfulShare` is helpful
   * ratings over all ratings: answers nobody rated are not in the denominator.
   */
  ratings: { helpful: number; notHelpful: number };
  helpfulShare: number | null;
  /** Public questions only, most asked first (ties: the most recent first). */
  mostAsked: RankedQuestion[];
  /** Public questions the library did not answer, most refused first. */
  mostRefused: RankedQuestion[];
  /** Note changes recorded in the audit log during the period (imports included). */
  notes: { added: number; edited: number };
  /** The hours (UTC, 0-23) with the most questions, busiest first; only hours with questions. */
  busiestHours: Array<{ hour: number; count: number }>;
  /** Distinct members who asked (distinct keyed hashes: no one is identified). */
  members: number;
  /** One entry per day of the period, oldest first, today last. */
  perDay: DayCount[];
}

/** The UTC day of a time, as `YYYY-MM-DD`. */
export function utcDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/**
 * A server's figures over the last `periodDays` UTC days, today included, from the question log and the audit log.
 * Every read names the server, so another server's questions and notes never count.
 */
export async function computeStats(
  storage: Pick<Storage, 'questionLog' | 'audit'>,
  guildId: string,
  periodDays: StatsPeriod,
  now: number,
): Promise<StatsFigures> {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const since = today - (periodDays - 1) * DAY_MS;
  const until = today + DAY_MS;
  const questions = await storage.questionLog.list(guildId, since, until);

  const perDay: DayCount[] = Array.from({ length: periodDays }, (_, i) => ({ day: utcDay(since + i * DAY_MS), answered: 0, refused: 0 }));
  const hours = new Array<number>(24).fill(0);
  const members = new Set<string>();
  const asked = new Map<string, { count: number; last: number }>();
  const refusedQuestions = new Map<string, { count: number; last: number }>();
  let answered = 0;
  let privateAsked = 0;
  let helpful = 0;
  let notHelpful = 0;
  for (const q of questions) {
    const bar = perDay[Math.floor((q.askedAt - since) / DAY_MS)];
    if (bar) {
      if (q.answered) bar.answered += 1;
      else bar.refused += 1;
    }
    hours[new Date(q.askedAt).getUTCHours()]! += 1;
    members.add(q.memberHash);
    if (q.answered) answered += 1;
    if (q.isPrivate) privateAsked += 1;
    helpful += q.helpful;
    notHelpful += q.notHelpful;
    // A private question's text is not even stored; the check stands in case a backend keeps it.
    if (q.isPrivate || q.question === null || q.question === '') continue;
    tally(asked, q.question, q.askedAt);
    if (!q.answered) tally(refusedQuestions, q.question, q.askedAt);
  }

  const total = questions.length;
  const rated = helpful + notHelpful;
  return {
    guildId,
    periodDays,
    since,
    until,
    asked: total,
    answered,
    refused: total - answered,
    privateAsked,
    answeredShare: total === 0 ? null : answered / total,
    ratings: { helpful, notHelpful },
    helpfulShare: rated === 0 ? null : helpful / rated,
    mostAsked: ranked(asked),
    mostRefused: ranked(refusedQuestions),
    notes: await noteChanges(storage, guildId, since, until),
    busiestHours: hours
      .map((count, hour) => ({ hour, count }))
      .filter((h) => h.count > 0)
      .sort((a, b) => b.count - a.count || a.hour - b.hour)
      .slice(0, TOP_HOURS),
    members: members.size,
    perDay,
  };
}

function tally(counts: Map<string, { count: number; last: number }>, question: string, at: number): void {
  const entry = counts.get(question);
  if (entry) {
    entry.count += 1;
    entry.last = Math.max(entry.last, at);
  } else counts.set(question, { count: 1, last: at });
}

function ranked(counts: Map<string, { count: number; last: number }>): RankedQuestion[] {
  return [...counts]
    .sort(([qa, a], [qb, b]) => b.count - a.count || b.last - a.last || qa.localeCompare(qb))
    .slice(0, TOP)
    .map(([question, { count }]) => ({ question, count }));
}

/** Notes added and edited in the period, read from the audit log newest first until the period's start. */
async function noteChanges(
  storage: Pick<Storage, 'audit'>,
  guildId: string,
  since: number,
  until: number,
): Promise<{ added: number; edited: number }> {
  let added = 0;
  let edited = 0;
  let beforeCase: number | undefined;
  for (;;) {
    const page = await storage.audit.list(guildId, { limit: AUDIT_PAGE, ...(beforeCase === undefined ? {} : { beforeCase }) });
    for (const entry of page) {
      if (entry.createdAt < since || entry.createdAt >= until) continue;
      if (entry.action === 'note.add') added += 1;
      else if (entry.action === 'note.edit') edited += 1;
    }
    const oldest = page[page.length - 1];
    // Cases are numbered in commit order, so once one predates the period every later page does too.
    if (!oldest || page.length < AUDIT_PAGE || oldest.createdAt < since) return { added, edited };
    beforeCase = oldest.caseNumber;
  }
}
