import { describe, expect, it } from 'vitest';
import { renderStats } from '../../../src/discord/render/stats.js';
import type { StatsFigures, StatsPeriod } from '../../../src/stats/figures.js';

const DAY = 24 * 60 * 60 * 1000;
const UNTIL = Date.UTC(2026, 10, 28);

function figures(periodDays: StatsPeriod, extra: Partial<StatsFigures>): StatsFigures {
  return {
    guildId: '700000000000000001',
    periodDays,
    since: UNTIL - periodDays * DAY,
    until: UNTIL,
    asked: 0,
    answered: 0,
    refused: 0,
    privateAsked: 0,
    answeredShare: null,
    ratings: { helpful: 0, notHelpful: 0 },
    helpfulShare: null,
    mostAsked: [],
    mostRefused: [],
    notes: { added: 0, edited: 0 },
    busiestHours: [],
    members: 0,
    perDay: [],
    ...extra,
  };
}

const fieldOf = (reply: ReturnType<typeof renderStats>, name: string) => reply.embeds?.[0]?.fields?.find((f) => f.name === name)?.value;

describe('/stats reply', () => {
  const week = figures(7, { asked: 4, answered: 3, refused: 1, answeredShare: 0.75, members: 2, notes: { added: 1, edited: 0 } });
  const month = figures(30, {
    asked: 20,
    answered: 10,
    refused: 10,
    answeredShare: 0.5,
    members: 1,
    ratings: { helpful: 1, notHelpful: 3 },
    helpfulShare: 0.25,
    notes: { added: 5, edited: 2 },
  });

  it("shows the chosen period in full and the other period's headline figures beside it", () => {
    const reply = renderStats(week, Buffer.from('png'), month);
    expect(reply.embeds?.[0]?.title).toBe('Questions in this server: last 7 days');
    expect(fieldOf(reply, 'Questions asked')).toBe('4 by 2 members');
    expect(fieldOf(reply, 'Last 30 days')).toBe('20 questions by 1 member, 50% answered, 25% rated helpful; notes: 5 added, 2 edited');
    const other = renderStats(month, Buffer.from('png'), week);
    expect(fieldOf(other, 'Questions asked')).toBe('20 by 1 member');
    expect(fieldOf(other, 'Last 7 days')).toBe('4 questions by 2 members, 75% answered, no ratings; notes: 1 added, 0 edited');
  });

  it('leaves the comparison out when there is no other period', () => {
    expect(fieldOf(renderStats(week, Buffer.from('png')), 'Last 30 days')).toBeUndefined();
  });
});
