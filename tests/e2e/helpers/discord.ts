/**
 * Reading what the bot sent: callback bodies, the messages they carry, their buttons, and the no-pings rule that
 * every message must obey.
 */
import {
  type APIActionRowComponent,
  type APIAllowedMentions,
  type APIApplicationCommandOptionChoice,
  type APIButtonComponentWithCustomId,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  ComponentType,
  InteractionResponseType,
  MessageFlags,
} from 'discord.js';
import { expect } from 'vitest';
import type { CapturedRequest, DiscordEmulator, SentInteraction } from '../discord-emulator/index.js';

/** The message part of a callback or webhook body, as the bot sent it. */
export interface MessageBody {
  content?: string;
  embeds?: APIEmbed[];
  components?: Array<APIActionRowComponent<APIComponentInMessageActionRow>>;
  flags?: number;
  allowed_mentions?: APIAllowedMentions;
}

export interface CallbackBody {
  type: InteractionResponseType;
  data?: MessageBody & { choices?: APIApplicationCommandOptionChoice[] };
}

/** The body of the first accepted callback of an interaction. */
export async function callback(sent: SentInteraction): Promise<CallbackBody> {
  return (await sent.response).body as CallbackBody;
}

/**
 * The message that answers an interaction, whichever way the bot sent it: in the callback itself (4, 7) or, after a
 * deferral (5, 6), in the edit of @original or a follow-up. Tests use it where a slow machine could make the bot defer.
 */
export async function answerOf(
  emu: DiscordEmulator,
  sent: SentInteraction,
): Promise<{ type: InteractionResponseType; message: MessageBody; ephemeral: boolean }> {
  const first = await callback(sent);
  if (first.type === InteractionResponseType.ChannelMessageWithSource || first.type === InteractionResponseType.UpdateMessage) {
    const message = first.data ?? {};
    return { type: first.type, message, ephemeral: isEphemeral(message) };
  }
  const webhook = `/webhooks/${emu.applicationId}/${sent.token}`;
  const later = await emu.waitForRequest((r) => r.status < 300 && (r.path === webhook || r.path === `${webhook}/messages/@original`));
  const message = later.body as MessageBody;
  // After a deferral the visibility was fixed by the deferring callback.
  const deferredFlags = first.data?.flags ?? 0;
  const ephemeral = later.method === 'PATCH' ? (deferredFlags & MessageFlags.Ephemeral) !== 0 : isEphemeral(message);
  return { type: first.type, message, ephemeral };
}

export function isEphemeral(message: MessageBody): boolean {
  return ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
}

/** The first embed, which must exist. */
export function embedOf(message: { embeds?: readonly APIEmbed[] | undefined }): APIEmbed {
  const embed = message.embeds?.[0];
  expect(embed, 'the message has an embed').toBeDefined();
  return embed!;
}

/** Anything with message components: a body the bot sent, or a message as the emulator stores it. */
export type WithComponents = { components?: readonly unknown[] | undefined };

/** Every button with a custom_id (all the bot sends), row by row. */
export function buttonsOf(message: WithComponents): APIButtonComponentWithCustomId[] {
  const rows = (message.components ?? []) as Array<{ components?: unknown[] }>;
  return rows
    .flatMap((row) => (row.components ?? []) as Array<{ type: ComponentType }>)
    .filter((c): c is APIButtonComponentWithCustomId => c.type === ComponentType.Button && 'custom_id' in c);
}

/** The button labelled `label` (exactly, or matching a RegExp); fails the test when there is none. */
export function buttonOf(message: WithComponents, label: string | RegExp): APIButtonComponentWithCustomId {
  const buttons = buttonsOf(message);
  const found = buttons.find((b) => typeof b.label === 'string' && (typeof label === 'string' ? b.label === label : label.test(b.label)));
  expect(found, `a button labelled ${String(label)} among ${buttons.map((b) => b.label).join(', ')}`).toBeDefined();
  return found!;
}

/** Callback bodies that carry a message (4 reply, 7 update) and every webhook message the bot posted or edited. */
export function messageRequests(emu: DiscordEmulator): Array<{ request: CapturedRequest; message: MessageBody }> {
  const out: Array<{ request: CapturedRequest; message: MessageBody }> = [];
  for (const request of emu.requests) {
    if (request.method === 'POST' && /^\/interactions\/[^/]+\/[^/]+\/callback$/.test(request.path)) {
      const body = request.body as CallbackBody | undefined;
      if (body?.type === InteractionResponseType.ChannelMessageWithSource || body?.type === InteractionResponseType.UpdateMessage) {
        out.push({ request, message: body.data ?? {} });
      }
    } else if (request.path.startsWith('/webhooks/') && (request.method === 'POST' || request.method === 'PATCH')) {
      out.push({ request, message: request.body ?? {} });
    }
  }
  return out;
}

/**
 * Every message the bot sent through this emulator carries `allowed_mentions: { parse: [] }` and stays within
 * Discord's custom_id limit. Called at the end of each file; `atLeast` guards against a vacuous pass.
 */
export function expectNoPingsOnEveryMessage(emu: DiscordEmulator, atLeast = 1): void {
  const sent = messageRequests(emu);
  expect(sent.length).toBeGreaterThanOrEqual(atLeast);
  for (const { request, message } of sent) {
    expect(message.allowed_mentions, `${request.method} ${request.path}`).toEqual({ parse: [] });
    for (const b of buttonsOf(message)) expect(b.custom_id.length).toBeLessThanOrEqual(100);
  }
}

/** Fields named "<n>. <title> - paragraph <p>" (or with the closest-passage label) as label, title and paragraph. */
export function citationsOf(embed: APIEmbed): Array<{ label: string; title: string; paragraph: number }> {
  return (embed.fields ?? []).map((field) => {
    const match = /^(\d+\. |Closest passage \(not an answer\): )?(.+) - paragraph (\d+)$/.exec(field.name);
    expect(match, `field name "${field.name}" cites "<title> - paragraph N"`).not.toBeNull();
    const [, label = '', title = '', paragraph = '0'] = match!;
    return { label, title, paragraph: Number(paragraph) };
  });
}
