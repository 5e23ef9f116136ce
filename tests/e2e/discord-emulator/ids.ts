import { randomBytes } from 'node:crypto';

/** Discord's epoch (2015-01-01T00:00:00.000Z); discord.js derives `createdAt` from it. */
const DISCORD_EPOCH = 1_420_070_400_000n;

let increment = 0n;

/**
 * Returns a snowflake carrying the current time, so `createdTimestamp` on anything discord.js builds from it is
 * plausible. The increment keeps ids generated in the same millisecond unique and ordered.
 */
export function snowflake(at: number = Date.now()): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment).toString();
}

/** An opaque, URL-safe token like the ones Discord issues for interactions and sessions. */
export function opaqueToken(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString('base64url')}`;
}
