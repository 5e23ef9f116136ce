import type {
  APIApplicationCommandSubcommandOption,
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  CommandInteractionOption,
} from 'discord.js';
import type { BotContext } from '../context.js';
import type { AdminAction } from './access.js';

/** One `/config` subcommand (`show`, `reset`, or one of `set`'s): its registration data and handlers. */
export interface ConfigSubcommand {
  data: APIApplicationCommandSubcommandOption;
  /** Runs once the member is known to be an admin of this server (`who`). */
  execute(
    interaction: ChatInputCommandInteraction,
    options: readonly CommandInteractionOption[],
    who: AdminAction,
    context: BotContext,
  ): Promise<void>;
  /** Choices for the option being typed, for an admin. */
  autocomplete?(interaction: AutocompleteInteraction, focused: { name: string; value: string }, context: BotContext): Promise<void>;
}
