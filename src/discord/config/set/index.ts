import type { ConfigSubcommand } from '../subcommand.js';
import { answersPerMinute } from './answers-per-minute.js';
import { askChannels } from './ask-channels.js';
import { command } from './command.js';
import { cooldown } from './cooldown.js';
import { document } from './document.js';
import { logChannel } from './log-channel.js';
import { moderatorRole } from './moderator-role.js';
import { passages } from './passages.js';
import { visibility } from './visibility.js';

/** `/config set ...`: one subcommand per setting, in the order `/config show` lists them. */
export const setSubcommands: readonly ConfigSubcommand[] = [
  visibility,
  passages,
  askChannels,
  moderatorRole,
  command,
  document,
  logChannel,
  cooldown,
  answersPerMinute,
];
