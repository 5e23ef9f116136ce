import { ApplicationCommandOptionType, type CommandInteractionOption } from 'discord.js';
import type { z } from 'zod';
import { UserError } from '../errors.js';

/**
 * Validates a command's options with a zod schema where they enter. discord.js's own getters throw bare
 * TypeErrors on a missing or mistyped option; this turns every such case into a message the user can act on.
 */
export function parseOptions<T extends z.ZodType>(options: readonly CommandInteractionOption[], schema: T): z.infer<T> {
  const raw: Record<string, unknown> = {};
  // An attachment, channel or role option's value is only its id: the object Discord resolved in the payload is what
  // handlers need (a channel's type, say). Without one (a forged id) the bare id is left for the schema to refuse.
  for (const option of options) raw[option.name] = option.attachment ?? option.channel ?? option.role ?? option.value;
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = issue?.path[0];
  throw new UserError(
    name === undefined
      ? `Invalid options: ${issue?.message ?? 'unknown problem'}.`
      : `Option \`${String(name)}\`: ${issue?.message ?? 'invalid'}.`,
  );
}

/** The subcommand used (`/note add` → `add`) and its options; undefined for a command without subcommands. */
export function subcommandOf(
  options: readonly CommandInteractionOption[],
): { name: string; options: readonly CommandInteractionOption[] } | undefined {
  const [first] = options;
  if (first?.type !== ApplicationCommandOptionType.Subcommand) return undefined;
  return { name: first.name, options: first.options ?? [] };
}
