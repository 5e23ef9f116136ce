import { describe, expect, it } from 'vitest';
import { type ComponentId, decodeId, encodeId } from '../../../src/discord/components/ids.js';
import { UserError } from '../../../src/errors.js';

describe('component ids', () => {
  const samples: ComponentId[] = [
    { kind: 'more', answerId: 42, offset: 3 },
    { kind: 'post', answerId: 7, offset: 0 },
    { kind: 'rate', answerId: 9, helpful: true },
    { kind: 'rate', answerId: 9, helpful: false },
    { kind: 'full', documentId: 'articles/adler-2012-deploy-us-diplomats-quietly', paragraph: 11 },
    { kind: 'quote', documentId: 'notes/iaea', paragraph: 1 },
  ];
  it.each(samples)('round-trips %o', (id) => {
    const text = encodeId(id);
    expect(text.length).toBeLessThanOrEqual(100);
    expect(decodeId(text)).toEqual(id);
  });

  it('refuses an id over Discord\'s 100 characters', () => {
    expect(() => encodeId({ kind: 'full', documentId: 'x'.repeat(120), paragraph: 1 })).toThrow(/custom_id too long/);
  });

  it.each(['', 'nope:1:2', 'more:abc:1', 'rate:1:2', 'full:0:notes/x', 'quote:1:', 'more:-1:0'])('rejects %j as a user error', (text) => {
    expect(() => decodeId(text)).toThrow(UserError);
    expect(() => decodeId(text)).toThrow('This button is from an older version of the bot and no longer works: run the command again.');
  });
});
