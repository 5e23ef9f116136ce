import { askMessage } from './ask-message.js';
import { ask } from './ask.js';
import { config } from './config.js';
import { help } from './help.js';
import { note } from './note.js';
import { quote } from './quote.js';
import { saveAsNote } from './save-as-note.js';
import { sources } from './sources.js';
import { stats } from './stats.js';
import type { Command } from './types.js';

/** Every command the bot has: the dispatcher routes by name, deploy-commands registers this list. */
export const commands: readonly Command[] = [ask, quote, sources, help, askMessage, note, saveAsNote, config, stats];
