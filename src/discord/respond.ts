import {
  type APIEmbed,
  type AttachmentPayload,
  type BaseMessageOptions,
  type InteractionReplyOptions,
  type MessageComponentInteraction,
  MessageFlags,
  type RepliableInteraction,
} from 'discord.js';
import type { Logger } from '../log.js';

/** Discord's message limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  fields: 25,
  embedsTotal: 6000,
  embeds: 10,
  choices: 25,
  choiceLength: 100,
  customId: 100,
  buttonLabel: 80,
} as const;

/** No reply may ping anyone: not @everyone quoted from the corpus, not a role, not a user named in a question. */
const NO_PINGS = { parse: [] as [] };

/** Cuts text to `max` characters, ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}

/**
 * A URL as Discord autolinks it. It renders as the address it visibly is, so it is left alone: a backslash inside
 * it would become part of the link. Markup characters within it are part of the link too, not markup.
 */
const BARE_URL = /https?:\/\/[^\s<]+[^<.,:;"')\]\s]/g;
/**
 * Characters that open or close markup anywhere in a line: bold, italics, underline, strikethrough, spoiler, code,
 * and the `[` that opens a masked link (a `]` closes nothing without it, and escaped right after a URL it would
 * be read as part of the URL).
 */
const INLINE_MARKUP = /[\\*_~`|[]/g;
/** Markup that counts only at the start of a line: heading, subtext (`-#`), block quote, bulleted and numbered list. */
const LINE_MARKUP = /^([ \t]*)(-#|#|>|[-+](?=\s)|\d+(?=\.))/gm;

/**
 * Makes text inert where Discord does not render markdown (footers, button labels, autocomplete choices) and is the
 * first step where it does: `@everyone` and `@here`, and every `<...>` markup (user, role and channel mentions,
 * custom emoji, timestamps, slash-command mentions), get a zero-width space that breaks them and stays invisible.
 */
export function inertText(text: string): string {
  // `<https://...>` is a link without preview, harmless and still readable: it keeps working.
  return text.replace(/@(everyone|here)/g, '@\u200b$1').replace(/<(?!https?:\/\/)(?=\S)/g, '<\u200b');
}

/**
 * Escapes quoted text (corpus, questions, notes, names) so that it renders literally in message content, embed
 * titles, descriptions and fields: no formatting, code, spoiler, masked link, heading, subtext, quote or list, and no
 * mention. discord.js's `escapeMarkdown` is not enough, even with its heading, list and masked-link options: it
 * leaves subtext, block quotes, every masked link of a line but the first, and `_italics_` after a custom emoji,
 * and it cannot see a link whose label an excerpt's bold marks split in two. Here each markup character is escaped
 * on its own, so text escaped in pieces (see renderExcerpt) is as safe as text escaped whole.
 */
export function escapeText(text: string): string {
  const inert = inertText(text);
  let out = '';
  let at = 0;
  for (const url of inert.matchAll(BARE_URL)) {
    out += escapeMarkup(inert.slice(at, url.index));
    out += url[0];
    at = url.index + url[0].length;
  }
  return out + escapeMarkup(inert.slice(at));
}

function escapeMarkup(text: string): string {
  return text
    .replace(INLINE_MARKUP, '\\$&')
    .replace(LINE_MARKUP, (_, indent: string, mark: string) => (/^\d/.test(mark) ? `${indent}${mark}\\` : `${indent}\\${mark}`));
}

/** A masked link `[label](url)` whose label renders literally and whose URL can neither end the link early nor add to it. */
export function maskedLink(label: string, url: string): string {
  // Discord's link pattern may end a label at an escaped "](" as well: no bracket stays in it.
  const text = escapeText(label.replace(/\[/g, '(').replace(/\]/g, ')'));
  return `[${text}](${url.replace(/[\s()<>\\]/g, percentEncode)})`;
}

function percentEncode(character: string): string {
  return Array.from(new TextEncoder().encode(character), (byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

/**
 * A code block whose text cannot end it early: Discord closes a block at the first three backticks, whatever fence
 * opened it, so a zero-width space goes between backticks that follow one another. `language` colours it (`diff`).
 */
export function codeBlock(text: string, language = ''): string {
  return `\`\`\`${language}\n${text.replace(/`(?=`)/g, '`\u200b')}\n\`\`\``;
}

/** Fits embeds into Discord's limits: each part truncated, then trailing fields dropped until the total fits. */
export function fitEmbeds(embeds: APIEmbed[]): APIEmbed[] {
  const fitted = embeds.slice(0, LIMITS.embeds).map((embed) => {
    const out: APIEmbed = { ...embed };
    if (out.title) out.title = truncate(out.title, LIMITS.embedTitle);
    if (out.description) out.description = truncate(out.description, LIMITS.embedDescription);
    if (out.footer) out.footer = { ...out.footer, text: truncate(out.footer.text, LIMITS.footer) };
    if (out.fields)
      out.fields = out.fields
        .slice(0, LIMITS.fields)
        .map((f) => ({ ...f, name: truncate(f.name, LIMITS.fieldName), value: truncate(f.value, LIMITS.fieldValue) }));
    return out;
  });
  while (embedLength(fitted) > LIMITS.embedsTotal) {
    const last = [...fitted].reverse().find((e) => (e.fields?.length ?? 0) > 0);
    if (!last?.fields) {
      const longest = fitted.reduce((a, b) => ((a.description?.length ?? 0) >= (b.description?.length ?? 0) ? a : b));
      longest.description = truncate(
        longest.description ?? '',
        Math.max(0, (longest.description?.length ?? 0) - (embedLength(fitted) - LIMITS.embedsTotal)),
      );
      break;
    }
    last.fields = last.fields.slice(0, -1);
  }
  return fitted;
}

/** Characters Discord counts towards the 6000 per message. */
export function embedLength(embeds: APIEmbed[]): number {
  return embeds.reduce(
    (sum, e) =>
      sum +
      (e.title?.length ?? 0) +
      (e.description?.length ?? 0) +
      (e.footer?.text.length ?? 0) +
      (e.author?.name.length ?? 0) +
      (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0),
    0,
  );
}

export interface Reply {
  content?: string;
  embeds?: APIEmbed[];
  components?: BaseMessageOptions['components'];
  /** Attached files (an export, the text of a note that could not be saved). */
  files?: AttachmentPayload[];
  ephemeral?: boolean;
}

/** Applies the rules every message obeys: no pings, limits, ephemeral flag. */
export function toMessage(reply: Reply): InteractionReplyOptions {
  const message: InteractionReplyOptions = { allowedMentions: NO_PINGS };
  if (reply.content !== undefined) message.content = truncate(reply.content, LIMITS.content);
  if (reply.embeds) message.embeds = fitEmbeds(reply.embeds);
  if (reply.components) message.components = reply.components;
  if (reply.files) message.files = reply.files;
  if (reply.ephemeral) return { ...message, flags: MessageFlags.Ephemeral };
  return message;
}

/** Defers `deferIfSlow` has sent that Discord has not acknowledged yet. */
const pendingDefers = new WeakMap<object, Promise<void>>();
/** Timers of `deferIfSlow` that have not fired yet. */
const deferTimers = new WeakMap<object, ReturnType<typeof setTimeout>>();

/**
 * When a slow answer is deferred: half of Discord's 3 seconds, so the defer itself arrives in time even over a slow
 * link, while a normal answer (a few milliseconds) is still one direct reply.
 */
export const DEFER_AFTER_MS = 1500;

/**
 * Makes an interaction's state final before responding: stops a defer that has not started (the answer is in time)
 * and waits for one in flight, so a response never races a defer (Discord: 40060 "already acknowledged").
 */
export async function settle(interaction: RepliableInteraction | MessageComponentInteraction): Promise<void> {
  // Synchronous, before any await: from here on the timer cannot fire, whatever the callers do next.
  clearTimeout(deferTimers.get(interaction));
  deferTimers.delete(interaction);
  await pendingDefers.get(interaction);
}

/** Replies, or completes a deferred reply, or follows up: whichever the interaction's state allows. */
export async function send(interaction: RepliableInteraction, reply: Reply): Promise<void> {
  await settle(interaction);
  const message = toMessage(reply);
  if (interaction.deferred && !interaction.replied) {
    // A deferred reply's visibility was fixed when deferring; editReply cannot change it.
    const { flags: _flags, ...edit } = message;
    await interaction.editReply(edit);
  } else if (interaction.replied) {
    await interaction.followUp(message);
  } else {
    await interaction.reply(message);
  }
}

/** Replaces the message a button sits on (Discord's "update message" callback). */
export async function update(interaction: MessageComponentInteraction, reply: Omit<Reply, 'ephemeral'>): Promise<void> {
  await settle(interaction);
  const { flags: _flags, ...message } = toMessage(reply);
  if (interaction.deferred || interaction.replied) await interaction.editReply(message);
  else await interaction.update(message);
}

/**
 * Defers the reply (or, with `update`, the button's message) if no response has started after `afterMs`, so a slow
 * answer never misses Discord's 3-second window. `send` and `update` stop the timer or wait for the defer; the
 * returned function stops the timer when the handler ends without responding (it threw).
 */
export function deferIfSlow(
  interaction: RepliableInteraction,
  log: Logger,
  options: { ephemeral: boolean; update?: boolean },
  afterMs = DEFER_AFTER_MS,
): () => void {
  const timer = setTimeout(() => {
    deferTimers.delete(interaction);
    if (interaction.deferred || interaction.replied) return;
    const deferring =
      options.update && interaction.isMessageComponent()
        ? interaction.deferUpdate()
        : interaction.deferReply(options.ephemeral ? { flags: MessageFlags.Ephemeral } : {});
    // Responses wait for this: discord.js marks the interaction deferred only once Discord has answered.
    pendingDefers.set(
      interaction,
      deferring.then(
        () => undefined,
        (error: unknown) => log.warn({ err: error }, 'could not defer a slow reply'),
      ),
    );
  }, afterMs);
  deferTimers.set(interaction, timer);
  return () => {
    clearTimeout(timer);
    if (deferTimers.get(interaction) === timer) deferTimers.delete(interaction);
  };
}
