import { DiscordAPIError, type Interaction, MessageFlags, type RepliableInteraction } from 'discord.js';
import { UserError } from '../errors.js';
import type { Logger } from '../log.js';
import { commands as defaultCommands } from './commands/index.js';
import type { Command } from './commands/types.js';
import { StorageBusyError, StorageUnavailableError } from '../storage/errors.js';
import { componentHandlers } from './components/handlers.js';
import { type ComponentId, decodeId, decodeModalId, type ModalId } from './components/ids.js';
import { modalHandlers } from './components/modals.js';
import type { BotContext } from './context.js';
import { submittedFields } from './notes/form.js';
import { withTextBack } from './render/text-back.js';
import { loadServerSettings } from './settings.js';
import { escapeText, type Reply, send, settle } from './respond.js';

export const BUG_MESSAGE = 'Sorry, something went wrong on my side while answering. It has been logged; please try again.';

/**
 * Routes every interaction to its command or button handler, inside the bot's one error boundary: a user's
 * mistake is shown to them, a bug gets an apology and a logged stack, and nothing escapes to crash the process.
 */
export function createDispatcher(
  base: Omit<BotContext, 'log' | 'serverSettings'> & { log: Logger },
  commands: readonly Command[] = defaultCommands,
) {
  const byName = new Map(commands.map((c) => [c.data.name, c]));

  return async function dispatch(interaction: Interaction): Promise<void> {
    const started = performance.now();
    const log = base.log.child({
      interactionId: interaction.id,
      guildId: interaction.guildId,
      userId: interaction.user.id,
      type: interaction.type,
    });
    try {
      // One read of the server's settings per interaction: a change made by `/config` applies to the very next one.
      const context: BotContext = { ...base, log, serverSettings: await loadServerSettings(interaction, base.settings, log) };
      if (interaction.isAutocomplete()) {
        const command = byName.get(interaction.commandName);
        if (command?.kind !== 'slash' || !command.autocomplete) return await interaction.respond([]);
        return await command.autocomplete(interaction, context);
      }
      if (interaction.isChatInputCommand() || interaction.isMessageContextMenuCommand()) {
        const command = byName.get(interaction.commandName);
        log.info({ command: interaction.commandName }, 'command');
        if (!command)
          throw new UserError(
            `This bot has no command "${escapeText(interaction.commandName)}" any more: its command list may be out of date.`,
          );
        if (command.kind === 'slash' && interaction.isChatInputCommand()) return await command.execute(interaction, context);
        if (command.kind === 'message' && interaction.isMessageContextMenuCommand()) return await command.execute(interaction, context);
        throw new UserError(`"${escapeText(interaction.commandName)}" cannot be used that way.`);
      }
      if (interaction.isButton()) {
        const payload = decodeId(interaction.customId);
        log.info({ button: payload.kind }, 'button');
        const handler = componentHandlers[payload.kind] as (i: typeof interaction, p: ComponentId, c: BotContext) => Promise<void>;
        return await handler(interaction, payload, context);
      }
      if (interaction.isModalSubmit()) {
        const payload = decodeModalId(interaction.customId);
        log.info({ modal: payload.kind }, 'modal');
        const handler = modalHandlers[payload.kind] as (i: typeof interaction, p: ModalId, c: BotContext) => Promise<void>;
        return await handler(interaction, payload, context);
      }
      if (interaction.isRepliable()) throw new UserError('This bot does not handle that kind of interaction.');
    } catch (error) {
      await reportError(interaction, error, log);
    } finally {
      log.debug({ ms: Math.round((performance.now() - started) * 100) / 100 }, 'handled');
    }
  };
}

async function reportError(interaction: Interaction, error: unknown, log: Logger): Promise<void> {
  // The database faults are shown to the user like their own mistakes, but only the operator can fix them.
  if (error instanceof StorageUnavailableError)
    log.error({ err: error, reason: error.reason }, 'database cannot be written: operator action needed');
  else if (error instanceof StorageBusyError) log.warn({ err: error }, 'database busy: another process holds the write lock');
  else if (error instanceof UserError) log.info({ reason: error.message }, 'user error');
  else if (error instanceof DiscordAPIError && error.code === 10062)
    log.warn({ err: error }, 'interaction expired before the reply (took over 3 s?)');
  else log.error({ err: error }, 'handler failed');
  if (interaction.isAutocomplete()) {
    // Autocomplete cannot show a message; an empty list is the honest fallback.
    if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
    return;
  }
  if (!interaction.isRepliable()) return;
  const content = error instanceof UserError ? error.message : BUG_MESSAGE;
  // Whatever went wrong, what a member typed into a form is given back: it exists nowhere else.
  const reply: Reply = interaction.isModalSubmit() ? withTextBack(content, submittedFields(interaction)) : { content };
  try {
    await sendError(interaction, reply);
  } catch (replyError) {
    // Discord refused even the error message (expired token, outage): the log is all that is left.
    log.warn({ err: replyError }, 'could not tell the user about the error');
  }
}

async function sendError(interaction: RepliableInteraction, reply: Reply): Promise<void> {
  // A defer may still be on its way: which way to answer depends on where it leaves the interaction.
  await settle(interaction);
  if (interaction.deferred && !interaction.replied && !interaction.ephemeral && interaction.isMessageComponent()) {
    // After a deferred update the original message belongs to the button's owner: say it privately instead.
    await interaction.followUp({ content: reply.content ?? '', flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
    return;
  }
  await send(interaction, { ...reply, ephemeral: true });
}
