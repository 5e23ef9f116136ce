import { ApplicationCommandType } from 'discord.js';
import { COLORS } from '../render/answer.js';
import { send } from '../respond.js';
import type { SlashCommand } from './types.js';

/** `/help`: every command in one embed, shown only to the asker. */
export const help: SlashCommand = {
  kind: 'slash',
  data: { type: ApplicationCommandType.ChatInput, name: 'help', description: 'What this bot does and how to use it.' },
  async execute(interaction) {
    await send(interaction, {
      ephemeral: true,
      embeds: [
        {
          title: 'Study bot: answers cited from the library',
          color: COLORS.quote,
          description:
            'Every answer quotes the passages it comes from, cited by document and paragraph, so you can ' +
            'check it against the text. When the library does not cover a question, the bot says so instead ' +
            'of guessing.',
          fields: [
            {
              name: '/ask question [private]',
              value:
                'The passages that answer your question, best first, matched words in bold. Buttons: **More ' +
                'results**, **Full paragraph**, **Post to channel** (for private answers), **Helpful** / **Not ' +
                'helpful**.',
            },
            { name: '/quote document paragraph', value: 'A whole paragraph, with **Previous** / **Next** to read on.' },
            { name: '/sources', value: 'The documents the bot answers from, with authors, dates and links.' },
            {
              name: 'Apps > Ask the corpus',
              value:
                'Right-click (or long-press) a message, then Apps > **Ask the corpus**: its text becomes the ' +
                'question, and only you see the answer.',
            },
            {
              name: 'Moderators: /note',
              value:
                "With Manage Messages: write this server's own notes, which answers here cite (`/note add`, " +
                'or Apps > **Save as note** on a message), then `/note edit`, `remove`, `restore`, `list`, ' +
                '`show`, `history`, `export`, `import`, and `/note gaps` for the questions the library did ' +
                'not answer.',
            },
            {
              name: 'Admins: /config',
              value:
                "With Manage Server: `/config show` lists this server's settings; `/config set` changes who " +
                'sees answers by default, passages per answer, the channels for questions, a moderator role ' +
                'for `/note`, which commands are on, which documents answer, a log channel for every change, and ' +
                "limits on questions (a member's cooldown, the server's answers per minute); " +
                '`/config reset` puts one back.',
            },
            {
              name: 'Admins: /stats',
              value:
                'With Manage Server: how the bot serves this server over the last 7 or 30 days: questions asked and ' +
                'answered, ratings, the most asked and most refused public questions, note changes, busy hours, ' +
                'and a chart of questions per day. Nobody is named, and private questions are only counted.',
            },
            {
              name: 'Tips',
              value:
                'Ask in your own words; names, acronyms (IAEA, P5+1) and small typos are understood. Paragraph ' +
                'numbers are stable: cite them in discussion.',
            },
          ],
        },
      ],
    });
  },
};
