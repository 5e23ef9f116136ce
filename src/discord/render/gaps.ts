import { type APIEmbed, ActionRowBuilder, ButtonBuilder, ButtonStyle } from 'discord.js';
import type { Gap } from '../../storage/types.js';
import { encodeId } from '../components/ids.js';
import { escapeText, type Reply, truncate } from '../respond.js';
import { day, NOTE_COLOR } from './note.js';

/** As many gaps as one message has buttons for: 5 rows of 5. */
export const MAX_GAPS = 25;

function times(n: number, what: string): string {
  return `${what} ${n === 1 ? 'once' : `${n} times`}`;
}

/** `/note gaps`: the questions the library served badly, most frequent first, each with a button to write the note. */
export function renderGaps(gaps: readonly Gap[]): Reply {
  if (gaps.length === 0) {
    return {
      content:
        'No gaps: every public question asked in this server recently was answered, and none was rated "Not helpful". Questions are kept 7 days.',
    };
  }
  const shown = gaps.slice(0, MAX_GAPS);
  const embed: APIEmbed = {
    title: 'Questions the library did not answer well',
    color: NOTE_COLOR,
    description: 'Most frequent first. **Write a note** opens a new note with the question as its title.',
    fields: shown.map((gap, i) => ({
      // 25 fields of this size stay within a message's 6,000 characters.
      name: truncate(`${i + 1}. ${escapeText(gap.question)}`, 150),
      value: [
        gap.unanswered > 0 ? times(gap.unanswered, 'not answered') : '',
        gap.notHelpful > 0 ? times(gap.notHelpful, 'rated "Not helpful"') : '',
        `last asked ${day(gap.lastAskedAt)}`,
      ]
        .filter(Boolean)
        .join(' · '),
    })),
    footer: { text: 'Questions asked privately are not listed. Questions are kept 7 days.' },
  };
  const rows: Array<ActionRowBuilder<ButtonBuilder>> = [];
  for (let i = 0; i < shown.length; i += 5) {
    rows.push(
      new ActionRowBuilder<ButtonBuilder>().addComponents(
        shown.slice(i, i + 5).map((gap, k) =>
          new ButtonBuilder()
            .setCustomId(encodeId({ kind: 'gap', answerId: gap.answerId }))
            .setLabel(`Write a note #${i + k + 1}`)
            .setStyle(ButtonStyle.Primary),
        ),
      ),
    );
  }
  return { embeds: [embed], components: rows };
}
