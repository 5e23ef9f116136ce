// The server's rate limits as they apply to one interaction: checked by the handlers that produce a new answer, after
// the channel check and before the search, so a refused attempt costs no search and leaves no trace.
import type { Interaction } from 'discord.js';
import { UserError } from '../errors.js';
import type { LimitTicket, LimitVerdict } from '../limits/index.js';
import type { BotContext } from './context.js';
import { memberHash } from '../stats/member.js';
import { seconds } from './render/settings.js';

/** A member over a limit: told privately when to try again (UserErrors are answered ephemerally and logged at info). */
export class RateLimitedError extends UserError {}

/**
 * Counts a new answer against the server's limits, or refuses it with when to try again. `question`: a new question
 * (`/ask`, "Ask the corpus"), which the member's cooldown applies to; "Post to channel" counts toward the server's
 * ceiling only. Admins are not exempt: the ceiling protects the channel and the bot whoever asks, and an admin who
 * wants more can change the setting. Outside a server there are no limits.
 */
export async function requireWithinLimits(
  interaction: Interaction,
  context: BotContext,
  kind: 'question' | 'post',
): Promise<LimitTicket | undefined> {
  if (!interaction.inGuild()) return undefined;
  const { askCooldown, answersPerMinute } = context.serverSettings.values;
  const verdict = await context.limits.take({
    guildId: interaction.guildId,
    // Keyed like the question log: the cooldowns table never holds a member's raw id.
    member: memberHash(context.questionLog.key, interaction.guildId, interaction.user.id),
    limits: { cooldownSeconds: askCooldown, answersPerMinute },
    question: kind === 'question',
  });
  if (!verdict.allowed) throw new RateLimitedError(refusal(verdict, askCooldown, answersPerMinute));
  return verdict.ticket;
}

/**
 * Produces the answer an attempt was counted for; when that fails (a question with nothing to search for, a failure
 * on the bot's side), gives the count back before the error goes on to the member: no answer, nothing to wait for.
 */
export async function answerCounted<T>(context: BotContext, ticket: LimitTicket | undefined, produce: () => Promise<T>): Promise<T> {
  try {
    return await produce();
  } catch (error) {
    if (ticket) await context.limits.giveBack(ticket);
    throw error;
  }
}

function refusal(verdict: Extract<LimitVerdict, { allowed: false }>, cooldown: number, ceiling: number | null): string {
  // A Discord timestamp shows each member the time in their own zone and counts down ("in 25 seconds").
  const when = `<t:${Math.ceil(verdict.retryAt / 1000)}:R>`;
  return verdict.reason === 'cooldown'
    ? `In this server, members wait ${seconds(cooldown)} between questions. You can ask again ${when}.`
    : `This server has had its ${String(ceiling)} answers for this minute, a limit its admins set. Please try again ${when}.`;
}
