import { ApplicationCommandOptionType, ApplicationCommandType, InteractionContextType, PermissionFlagsBits } from 'discord.js';
import { z } from 'zod';
import { computeStats, STATS_PERIODS } from '../../stats/figures.js';
import { renderQuestionsChart } from '../../stats/chart.js';
import { requireStatsViewer } from '../config/access.js';
import { parseOptions } from '../options.js';
import { chartTitle, renderStats } from '../render/stats.js';
import { deferIfSlow, send } from '../respond.js';
import type { SlashCommand } from './types.js';

const optionsSchema = z.object({
  period: z
    .union(
      STATS_PERIODS.map((days) => z.literal(days)),
      { error: `must be one of ${STATS_PERIODS.join(' or ')} days` },
    )
    .default(7),
});

/**
 * `/stats [period]`: how the bot serves this server, for its admins: questions, answers, ratings, the most asked and
 * refused questions, note changes, busy hours, and a chart for the period chosen, with the other period's headline
 * figures beside them. Registered for Manage Server, checked again here.
 */
export const stats: SlashCommand = {
  kind: 'slash',
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'stats',
    description: 'How the bot serves this server: questions, answers, ratings and a chart (admins).',
    default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
    contexts: [InteractionContextType.Guild],
    options: [
      {
        type: ApplicationCommandOptionType.Integer,
        name: 'period',
        description: 'How many days to cover, today included (default 7)',
        required: false,
        choices: STATS_PERIODS.map((days) => ({ name: `the last ${days} days`, value: days })),
      },
    ],
  },
  async execute(interaction, context) {
    const guildId = requireStatsViewer(interaction);
    const { period } = parseOptions(interaction.options.data, optionsSchema);
    const done = deferIfSlow(interaction, context.log, { ephemeral: true });
    try {
      const now = (context.questionLog.now ?? Date.now)();
      const figures = await computeStats(context.questionLog.storage, guildId, period, now);
      // The other period's headline figures come too, so one reply covers the last 7 and the last 30 days.
      const otherPeriod = STATS_PERIODS.find((days) => days !== period)!;
      const other = await computeStats(context.questionLog.storage, guildId, otherPeriod, now);
      const started = performance.now();
      const chart = renderQuestionsChart(figures.perDay, chartTitle(figures));
      context.log.debug({ ms: Math.round((performance.now() - started) * 10) / 10, bytes: chart.length }, 'stats chart rendered');
      await send(interaction, renderStats(figures, chart, other));
    } finally {
      done();
    }
  },
};
