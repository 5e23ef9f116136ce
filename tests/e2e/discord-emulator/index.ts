/** The Discord emulator for end-to-end tests: start it, point a discord.js Client at `apiBase`, drive interactions. */
export {
  type AttachmentOptions,
  type CommandExtras,
  DiscordEmulator,
  startEmulator,
  type EmulatorOptions,
  type FailureOptions,
  type InteractionExtras,
  type RequestPredicate,
  type SentInteraction,
} from './emulator.js';
export type { DropMode } from './gateway.js';
export type { CapturedFile, CapturedRequest, IncomingRequest, Reply, RouteMatcher } from './http.js';
export type { ChannelSeed, GuildSeed, MessageInit, RoleSeed } from './fixtures.js';
export type { CommandOptions, InteractionInit, ModalLayout, OptionValue } from './interactions.js';
export { LIMITS } from './limits.js';
