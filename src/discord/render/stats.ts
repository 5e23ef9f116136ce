import type { APIEmbed } from 'discord.js';
import type { RankedQuestion, StatsFigures } from '../../stats/figures.js';
import { escapeText, type Reply, truncate } from '../respond.js';

/** The chart's file name: the embed shows it as its image. */
export const CHART_FILE = 'questions-per-day.png';

const STATS_COLOR = 0x5865f2;
/** Longest question shown in a list: five of them and their counts stay well within a field's 1,024 characters. */
const QUESTION_SHOWN = 150;

function percent(share: number | null): string {
  return share === null ? '-' : `${Math.round(share * 100)}%`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `27 Nov 2026`, the UTC day of a time. */
function dayOf(time: number): string {
  return new Date(time).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

function questionList(questions: readonly RankedQuestion[]): string {
  return questions.map((q, i) => `${i + 1}. ${escapeText(truncate(q.question, QUESTION_SHOWN))} (×${q.count})`).join('\n');
}

function hourRange(hour: number): string {
  const pad = (h: number) => `${String(h % 24).padStart(2, '0')}:00`;
  return `${pad(hour)}-${pad(hour + 1)}`;
}

/** The chart's title, also its alternative text. */
export function chartTitle(figures: StatsFigures): string {
  return `Questions per day in the last ${figures.periodDays} days (UTC)`;
}

/** The headline figures of the other period, in one line: an admin sees the last 7 and the last 30 days at once. */
function summary(figures: StatsFigures): string {
  if (figures.asked === 0) return `No questions; notes: ${figures.notes.added} added, ${figures.notes.edited} edited`;
  const rated = figures.helpfulShare === null ? 'no ratings' : `${percent(figures.helpfulShare)} rated helpful`;
  return (
    `${plural(figures.asked, 'question')} by ${plural(figures.members, 'member')}, ${percent(figures.answeredShare)} answered, ` +
    `${rated}; notes: ${figures.notes.added} added, ${figures.notes.edited} edited`
  );
}

/**
 * `/stats`: a server's figures over the period as one embed, with the chart attached as its image, and the headline
 * figures of the other period (`other`) beside them. Public questions are quoted; private ones are only counted.
 */
export function renderStats(figures: StatsFigures, chart: Buffer, other?: StatsFigures): Reply {
  const period = `${dayOf(figures.since)} to ${dayOf(figures.until - 1)}, in UTC days, today included`;
  const empty = figures.asked === 0;
  const fields: NonNullable<APIEmbed['fields']> = [
    {
      name: 'Questions asked',
      value:
        `${figures.asked}` +
        (figures.privateAsked > 0 ? ` (${figures.privateAsked} private)` : '') +
        ` by ${plural(figures.members, 'member')}`,
      inline: true,
    },
    {
      name: 'Answered',
      value: empty ? '-' : `${percent(figures.answeredShare)}: ${figures.answered} of ${figures.asked} (${figures.refused} refused)`,
      inline: true,
    },
    {
      name: 'Rated helpful',
      value:
        figures.helpfulShare === null
          ? 'no ratings yet'
          : `${percent(figures.helpfulShare)}: ${figures.ratings.helpful} of ${plural(figures.ratings.helpful + figures.ratings.notHelpful, 'rating')}`,
      inline: true,
    },
    {
      name: 'Most asked (public questions)',
      value: figures.mostAsked.length > 0 ? questionList(figures.mostAsked) : 'none yet',
    },
    {
      name: 'Most refused (public questions)',
      value:
        figures.mostRefused.length > 0
          ? `${questionList(figures.mostRefused)}\nWrite the missing notes from \`/note gaps\`.`
          : 'none: every public question was answered',
    },
    { name: 'Notes', value: `${figures.notes.added} added, ${figures.notes.edited} edited`, inline: true },
    {
      name: 'Busiest hours (UTC)',
      value: figures.busiestHours.length > 0 ? figures.busiestHours.map((h) => `${hourRange(h.hour)} (${h.count})`).join(', ') : '-',
      inline: true,
    },
  ];
  if (other) fields.push({ name: `Last ${other.periodDays} days`, value: summary(other) });
  const embed: APIEmbed = {
    title: `Questions in this server: last ${figures.periodDays} days`,
    color: STATS_COLOR,
    description: empty
      ? `No questions yet in this server from ${period}. Figures appear here once members use \`/ask\` or **Ask the corpus**.`
      : `From ${period}.`,
    fields,
    image: { url: `attachment://${CHART_FILE}` },
    footer: {
      text:
        "Rated helpful: of the ratings given to this period's answers (one per member and answer). Members are counted by " +
        'a keyed hash, never by name; private questions are counted but never shown.',
    },
  };
  return { embeds: [embed], files: [{ attachment: chart, name: CHART_FILE, description: chartTitle(figures) }], ephemeral: true };
}
