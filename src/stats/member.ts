import { createHmac } from 'node:crypto';

/**
 * The member as the question log keeps them: HMAC-SHA256 of the server and user ids under the bot's stats key. The
 * same member gets the same value within a server (so distinct askers can be counted) and unrelated values in two
 * servers; without the key, nobody can tell whose it is by hashing every member id they know.
 */
export function memberHash(key: Buffer, guildId: string, userId: string): string {
  return createHmac('sha256', key).update(`${guildId}:${userId}`).digest('hex');
}
