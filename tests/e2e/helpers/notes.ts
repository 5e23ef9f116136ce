/** Driving `/note`, its forms and its buttons through the emulator, and reading what the bot answered. */
import {
  type APIApplicationCommandInteractionDataBasicOption,
  type APIEmbed,
  ApplicationCommandOptionType,
  ComponentType,
  InteractionResponseType,
  MessageFlags,
  PermissionFlagsBits,
} from 'discord.js';
import { expect } from 'vitest';
import type {
  CapturedFile,
  CapturedRequest,
  CommandExtras,
  DiscordEmulator,
  InteractionExtras,
  SentInteraction,
} from '../discord-emulator/index.js';
import { type CallbackBody, isEphemeral, type MessageBody } from './discord.js';

/** A member who may see and use /note: Manage Messages (and the basics). */
export const MODERATOR = (
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.UseApplicationCommands |
  PermissionFlagsBits.ManageMessages
).toString();
/** An ordinary member: everything a study group member needs, not Manage Messages. */
export const MEMBER = (
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.UseApplicationCommands
).toString();

type OptionValue = string | number | boolean;

function subOptions(options: Record<string, OptionValue>, focused?: string): APIApplicationCommandInteractionDataBasicOption[] {
  return Object.entries(options).map(([name, value]) => {
    const type =
      typeof value === 'number'
        ? ApplicationCommandOptionType.Integer
        : typeof value === 'boolean'
          ? ApplicationCommandOptionType.Boolean
          : ApplicationCommandOptionType.String;
    return { name, type, value, ...(name === focused ? { focused: true } : {}) } as APIApplicationCommandInteractionDataBasicOption;
  });
}

/** `/note <sub> options...` as a member types it. */
export function note(
  emu: DiscordEmulator,
  sub: string,
  options: Record<string, OptionValue> = {},
  extra: CommandExtras = {},
): SentInteraction {
  return emu.command('note', [{ type: ApplicationCommandOptionType.Subcommand, name: sub, options: subOptions(options) }], extra);
}

/** Autocomplete while typing option `focused` of `/note <sub>`. */
export function noteAutocomplete(
  emu: DiscordEmulator,
  sub: string,
  options: Record<string, OptionValue>,
  focused: string,
  extra: InteractionExtras = {},
): SentInteraction {
  return emu.autocomplete(
    'note',
    [{ type: ApplicationCommandOptionType.Subcommand, name: sub, options: subOptions(options, focused) }],
    focused,
    extra,
  );
}

/** `/note import file:<attachment>`. */
export function noteImport(
  emu: DiscordEmulator,
  file: ReturnType<DiscordEmulator['attachment']>,
  extra: InteractionExtras = {},
): SentInteraction {
  return emu.command(
    'note',
    [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'import',
        options: [{ name: 'file', type: ApplicationCommandOptionType.Attachment, value: file.id }],
      },
    ],
    { ...extra, attachments: [file] },
  );
}

/** The choices an autocomplete got. */
export async function choicesOf(sent: SentInteraction): Promise<Array<{ name: string; value: string | number }>> {
  const body = (await sent.response).body as CallbackBody;
  expect(body.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
  return body.data?.choices ?? [];
}

/** Waits for the modal the bot opened, and returns its data. */
export async function modalOf(emu: DiscordEmulator, sent: SentInteraction) {
  const body = (await sent.response).body as { type: number };
  expect(body.type, 'the bot opened a modal').toBe(InteractionResponseType.Modal);
  return emu.openedModal(sent)!;
}

/** A modal's text inputs, custom id → the value the bot filled in. */
export function modalValues(modal: NonNullable<ReturnType<DiscordEmulator['openedModal']>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const component of modal.components) {
    if (component.type === ComponentType.Label && component.component.type === ComponentType.TextInput)
      out[component.component.custom_id] = component.component.value ?? '';
  }
  return out;
}

export interface FinalReply {
  message: MessageBody;
  ephemeral: boolean;
  files: CapturedFile[];
  request: CapturedRequest;
}

/**
 * The message that finally answers an interaction, however it was sent (reply, update, or the edit or follow-up
 * after a deferral), with any files it carried.
 */
export async function finalReply(emu: DiscordEmulator, sent: SentInteraction, timeoutMs = 8000): Promise<FinalReply> {
  const first = await sent.response;
  const body = first.body as CallbackBody;
  if (body.type === InteractionResponseType.ChannelMessageWithSource || body.type === InteractionResponseType.UpdateMessage) {
    const message = body.data ?? {};
    return { message, ephemeral: isEphemeral(message), files: first.files, request: first };
  }
  const webhook = `/webhooks/${emu.applicationId}/${sent.token}`;
  const later = await emu.waitForRequest(
    (r) => r.status < 300 && (r.path === webhook || r.path === `${webhook}/messages/@original`),
    timeoutMs,
  );
  const message = later.body as MessageBody;
  const deferredFlags = body.data?.flags ?? 0;
  const ephemeral =
    later.method === 'PATCH' ? (deferredFlags & MessageFlags.Ephemeral) !== 0 || isEphemeral(message) : isEphemeral(message);
  return { message, ephemeral, files: later.files, request: later };
}

/** The first embed of a reply. */
export function embedIn(reply: FinalReply): APIEmbed {
  const embed = reply.message.embeds?.[0];
  expect(embed, 'the reply has an embed').toBeDefined();
  return embed!;
}

/** Opens `/note add`, types `fields` into the form and submits it; resolves with the submission. */
export async function addNote(emu: DiscordEmulator, fields: Record<string, string>, extra: CommandExtras = {}): Promise<SentInteraction> {
  const opened = note(emu, 'add', {}, extra);
  await modalOf(emu, opened);
  return emu.submitModal(opened, fields);
}

/** The note id in a "Saved note #12" confirmation. */
export function savedId(reply: FinalReply): number {
  const match = /Saved note #(\d+)/.exec(reply.message.content ?? '');
  expect(match, `a confirmation, not: ${reply.message.content ?? ''}`).not.toBeNull();
  return Number(match![1]);
}
