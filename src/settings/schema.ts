// What each per-server setting may hold, its default and its name: the rules every value passes, whether an admin
// types it in `/config set` or it is read back from the database.
import { z } from 'zod';
import { DOCUMENT_ID_CHARS, MAX_ID_LENGTH } from '../corpus/load.js';
import type { StoredSettingKey } from '../storage/types.js';

/** Features an admin can turn off in their server: one command, button or menu each. */
export const TOGGLEABLE_COMMANDS = ['quote', 'post', 'ask-menu', 'gaps'] as const;
export type ToggleableCommand = (typeof TOGGLEABLE_COMMANDS)[number];

/** How members know each feature. */
export const COMMAND_LABELS: { readonly [C in ToggleableCommand]: string } = {
  quote: '/quote',
  post: 'Post to channel',
  'ask-menu': 'Ask the corpus',
  gaps: '/note gaps',
};

/** Answers per page when a server has not chosen (what every server had before settings existed). */
export const DEFAULT_PASSAGES = 3;
export const MAX_PASSAGES = 5;
/** Channels `/ask` may be limited to: a pointer to them must fit in one message. */
export const MAX_ASK_CHANNELS = 25;

const snowflake = z.string({ error: 'must be a Discord id' }).regex(/^[1-9]\d{16,19}$/, 'must be a Discord id');
const documentId = z.string({ error: 'must be a document id' }).max(MAX_ID_LENGTH).regex(DOCUMENT_ID_CHARS, 'must be a document id');

/** A list without repeats, in the order given: adding what is already there changes nothing. */
function uniqueList<T extends z.ZodType<string>>(item: T) {
  return z.array(item, { error: 'must be a list' }).transform((values) => [...new Set(values)]);
}

const PASSAGES_MESSAGE = `must be a whole number from 1 to ${MAX_PASSAGES}`;

/** The longest cooldown between a member's questions: ten minutes, past which members would rather not ask at all. */
export const MAX_ASK_COOLDOWN = 600;
/** The highest ceiling of answers a minute: ten a second, past which a channel is unreadable anyway. */
export const MAX_ANSWERS_PER_MINUTE = 600;
const COOLDOWN_MESSAGE = `must be a whole number of seconds from 0 to ${MAX_ASK_COOLDOWN}`;
const CEILING_MESSAGE = `must be a whole number from 1 to ${MAX_ANSWERS_PER_MINUTE}`;

/** Every setting's rule. The messages complete a sentence that starts with the setting's label. */
export const settingsSchema = z.object({
  answerVisibility: z.enum(['public', 'private'], { error: 'must be public or private' }),
  passagesPerAnswer: z
    .number({ error: PASSAGES_MESSAGE })
    .int(PASSAGES_MESSAGE)
    .min(1, PASSAGES_MESSAGE)
    .max(MAX_PASSAGES, PASSAGES_MESSAGE),
  askChannels: uniqueList(snowflake).pipe(z.array(z.string()).max(MAX_ASK_CHANNELS, `can list at most ${MAX_ASK_CHANNELS} channels`)),
  moderatorRole: snowflake.nullable(),
  disabledCommands: uniqueList(z.enum(TOGGLEABLE_COMMANDS, { error: `must each be one of ${TOGGLEABLE_COMMANDS.join(', ')}` })),
  excludedDocuments: uniqueList(documentId),
  logChannel: snowflake.nullable(),
  /** Seconds a member waits after a question before the next one (0: no wait). */
  askCooldown: z.number({ error: COOLDOWN_MESSAGE }).int(COOLDOWN_MESSAGE).min(0, COOLDOWN_MESSAGE).max(MAX_ASK_COOLDOWN, COOLDOWN_MESSAGE),
  /** New answers the whole server gets in any 60 seconds (null: no ceiling). */
  answersPerMinute: z
    .number({ error: CEILING_MESSAGE })
    .int(CEILING_MESSAGE)
    .min(1, CEILING_MESSAGE)
    .max(MAX_ANSWERS_PER_MINUTE, CEILING_MESSAGE)
    .nullable(),
});

/** A server's settings, validated: what handlers read. */
export type GuildSettings = z.infer<typeof settingsSchema>;
export type SettingKey = keyof GuildSettings;

/** The keys in the order `/config show` lists them. */
export const SETTING_KEYS = Object.keys(settingsSchema.shape) as SettingKey[];

// The stored row must have a column for every setting and no other: `satisfies` checks both ways.
export const DEFAULT_SETTINGS: Readonly<GuildSettings> = Object.freeze({
  answerVisibility: 'public',
  passagesPerAnswer: DEFAULT_PASSAGES,
  askChannels: [],
  moderatorRole: null,
  disabledCommands: [],
  excludedDocuments: [],
  logChannel: null,
  askCooldown: 0,
  // No ceiling unless an admin sets one: the right number depends on the server's size and habits, and a default
  // ceiling would start refusing questions in busy servers that never chose it (as the bot never did before).
  answersPerMinute: null,
} satisfies GuildSettings & { [K in StoredSettingKey]: unknown });

/** How admins know each setting (`/config show`, `/config reset`, the log channel). */
export const SETTING_LABELS = {
  answerVisibility: 'Answer visibility',
  passagesPerAnswer: 'Passages per answer',
  askChannels: 'Channels for questions',
  moderatorRole: 'Moderator role',
  disabledCommands: 'Turned-off commands',
  excludedDocuments: 'Documents left out',
  logChannel: 'Log channel',
  askCooldown: 'Cooldown between questions',
  answersPerMinute: 'Answers per minute',
} as const satisfies { readonly [K in SettingKey]: string };
