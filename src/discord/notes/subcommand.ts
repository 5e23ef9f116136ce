import type {
  APIApplicationCommandSubcommandOption,
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  CommandInteractionOption,
} from 'discord.js';
import type { BotContext } from '../context.js';
import type { ModeratorAction } from './access.js';

/** One `/note` subcommand: its registration data and handlers, in one small module. */
export interface NoteSubcommand {
  data: APIApplicationCommandSubcommandOption;
  /** Runs once the member is known to be a moderator of this server (`who`). */
  execute(
    interaction: ChatInputCommandInteraction,
    options: readonly CommandInteractionOption[],
    who: ModeratorAction,
    context: BotContext,
  ): Promise<void>;
  /** Choices for the option being typed, for a moderator of `guildId`. */
  autocomplete?(
    interaction: AutocompleteInteraction,
    focused: { name: string; value: string },
    guildId: string,
    context: BotContext,
  ): Promise<void>;
}
