import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ComponentId, decodeId, decodeModalId, encodeId, encodeModalId, type ModalId } from '../../../src/discord/components/ids.js';
import { UserError } from '../../../src/errors.js';

const STALE = 'This button is from an older version of the bot and no longer works: run the command again.';
const STALE_FORM = 'This form is from an older version of the bot and no longer works: run the command again.';

/** Runs `decodeId`; anything thrown must be the stale-button UserError (returned as `undefined`). */
function decodeOrStale(customId: string): ComponentId | undefined {
  try {
    return decodeId(customId);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe(STALE);
    return undefined;
  }
}

describe('component ids', () => {
  const samples: ComponentId[] = [
    { kind: 'more', answerId: 42, offset: 3 },
    { kind: 'post', answerId: 7, offset: 0 },
    { kind: 'rate', answerId: 9, helpful: true },
    { kind: 'rate', answerId: 9, helpful: false },
    { kind: 'full', documentId: 'articles/adler-2012-deploy-us-diplomats-quietly', paragraph: 11 },
    { kind: 'quote', documentId: 'notes/iaea', paragraph: 1 },
    { kind: 'notes', page: 2 },
    { kind: 'import', pendingId: 12, confirm: true },
    { kind: 'import', pendingId: 12, confirm: false },
    { kind: 'gap', answerId: 77 },
    { kind: 'restore', noteId: 5 },
  ];
  it.each(samples)('round-trips %o', (id) => {
    const text = encodeId(id);
    expect(text.length).toBeLessThanOrEqual(100);
    expect(decodeId(text)).toEqual(id);
  });

  it("refuses an id over Discord's 100 characters", () => {
    expect(() => encodeId({ kind: 'full', documentId: 'x'.repeat(120), paragraph: 1 })).toThrow(/custom_id too long/);
  });

  it('refuses to encode a payload it would not decode (a bug, not a stale button)', () => {
    expect(() => encodeId({ kind: 'quote', documentId: 'notes/a:b', paragraph: 1 })).toThrow(/would not decode/);
    expect(() => encodeId({ kind: 'more', answerId: 0, offset: 0 })).toThrow(/would not decode/);
    expect(() => encodeId({ kind: 'more', answerId: 1, offset: -3 })).toThrow(/would not decode/);
  });

  it.each(['', 'nope:1:2', 'more:abc:1', 'rate:1:2', 'full:0:notes/x', 'quote:1:', 'more:-1:0'])('rejects %j as a user error', (text) => {
    expect(() => decodeId(text)).toThrow(UserError);
    expect(() => decodeId(text)).toThrow(STALE);
  });

  it.each([
    // Names every plain object inherits: a lookup by kind must not find them.
    'constructor:1:x',
    'constructor:1:1',
    '__proto__:1:1',
    'toString:1:1',
    'hasOwnProperty:1:1',
    'valueOf:1:1',
    'isPrototypeOf:1:1',
    '__defineGetter__:1:1',
    // Wrong arity and empty parts.
    'more',
    'more:1',
    'more:1:',
    'more::3',
    'more:1:3:',
    'more:1:3:4',
    'rate:1:1:1',
    'full:1:notes/iaea:extra',
    '::',
    ':',
    // Numbers the bot never writes.
    'more:0:3',
    'more:01:3',
    'more:1:03',
    'more:+1:3',
    'more:1e3:3',
    'more:0x10:3',
    'more:1.0:3',
    'more: 1:3',
    'more:1 :3',
    'more:Infinity:3',
    'more:NaN:3',
    'more:9007199254740992:0',
    `more:${'9'.repeat(40)}:0`,
    'rate:1:true',
    'rate:1:01',
    'quote:-1:notes/iaea',
    // The note buttons: their own arity, and no zero or negative ids.
    'notes:0',
    'notes:1:2',
    'notes:',
    'import:1',
    'import:1:yes',
    'import:0:1',
    'import:1:1:1',
    'gap:0',
    'gap:1:1',
    'restore:',
    'restore:-2',
    'restore:1.5',
    // A modal's id is not a button's.
    'note-add',
    'note-edit:1:1',
    // Document ids with characters the corpus never allows, or too long.
    'full:1:notes/iaea?x=1',
    'full:1:notes/ia ea',
    'full:1:notes/iaéa',
    'full:1:notes\\iaea',
    `full:1:${'a'.repeat(81)}`,
    // Over Discord's 100 characters.
    `full:1:notes/${'a'.repeat(90)}`,
    `more:1:${'0'.repeat(200)}`,
  ])('rejects the forged custom_id %j with the stale-button message', (text) => {
    expect(decodeOrStale(text)).toBeUndefined();
  });
});

/** Kinds the bot uses, and names that are not kinds but resolve on a plain object. */
const kindLike = fc.constantFrom(
  'more',
  'post',
  'rate',
  'full',
  'quote',
  'notes',
  'import',
  'gap',
  'restore',
  'note-add',
  'note-edit',
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'prototype',
  '',
  'MORE',
);
/** Parts that look like what the bot writes, and the near misses. */
const partLike = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.stringMatching(/^-?\d{1,25}$/),
  fc.stringMatching(/^[\w./:-]{0,100}$/),
  fc.constantFrom(
    '0',
    '1',
    '-0',
    '01',
    '1e3',
    '0x1',
    '1.0',
    ' 1',
    'NaN',
    'Infinity',
    '9007199254740991',
    '9007199254740992',
    'notes/iaea',
    'true',
    '',
  ),
);
const adversarial = fc.oneof(
  fc.string({ maxLength: 120 }),
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.tuple(kindLike, fc.array(partLike, { maxLength: 4 })).map(([kind, parts]) => [kind, ...parts].join(':')),
);

const answerId = fc.maxSafeNat().filter((n) => n > 0);
// Up to 13 digits: with the longest document id (80 characters) the custom_id stays within Discord's 100.
const paragraph = fc.oneof(
  fc.integer({ min: 1, max: 1000 }),
  fc.maxSafeNat().map((n) => (n % 9_999_999_999_999) + 1),
);
const documentId = fc.stringMatching(/^[\w./-]{1,80}$/);
const validPayload: fc.Arbitrary<ComponentId> = fc.oneof(
  fc.record({ kind: fc.constantFrom('more' as const, 'post' as const), answerId, offset: fc.maxSafeNat() }),
  fc.record({ kind: fc.constant('rate' as const), answerId, helpful: fc.boolean() }),
  fc.record({ kind: fc.constantFrom('full' as const, 'quote' as const), documentId, paragraph }),
  fc.record({ kind: fc.constant('notes' as const), page: answerId }),
  fc.record({ kind: fc.constant('import' as const), pendingId: answerId, confirm: fc.boolean() }),
  fc.record({ kind: fc.constant('gap' as const), answerId }),
  fc.record({ kind: fc.constant('restore' as const), noteId: answerId }),
);

describe('component ids, property-based', () => {
  it('decoding any string either gives back a payload that encodes to exactly that string, or the stale-button UserError', () => {
    fc.assert(
      fc.property(adversarial, (customId) => {
        const decoded = decodeOrStale(customId);
        // Only ids the bot itself would write are accepted: anything else is forged or from an older version.
        if (decoded !== undefined) expect(encodeId(decoded)).toBe(customId);
      }),
      { numRuns: 5000 },
    );
  });

  it("round-trips every valid payload within Discord's 100 characters", () => {
    fc.assert(
      fc.property(validPayload, (payload) => {
        const text = encodeId(payload);
        expect(text.length).toBeLessThanOrEqual(100);
        expect(decodeId(text)).toEqual(payload);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('modal ids', () => {
  const samples: ModalId[] = [
    { kind: 'note-add' },
    { kind: 'note-about', documentId: 'articles/adler-2012-deploy-us-diplomats-quietly', paragraph: 4 },
    { kind: 'note-about', documentId: 'notes/iaea' },
    { kind: 'note-edit', noteId: 12, revision: 3 },
    { kind: 'note-message', channelId: '123456789012345678', messageId: '12345678901234567890' },
    { kind: 'note-gap', answerId: 9 },
  ];
  it.each(samples)('round-trips %o', (id) => {
    const text = encodeModalId(id);
    expect(text.length).toBeLessThanOrEqual(100);
    expect(decodeModalId(text)).toEqual(id);
  });

  it('spells each purpose as the bot writes it', () => {
    expect(samples.map(encodeModalId)).toEqual([
      'note-add',
      'note-about:4:articles/adler-2012-deploy-us-diplomats-quietly',
      'note-about:0:notes/iaea',
      'note-edit:12:3',
      'note-message:123456789012345678:12345678901234567890',
      'note-gap:9',
    ]);
  });

  it('fits the longest document id and paragraph within 100 characters', () => {
    expect(encodeModalId({ kind: 'note-about', documentId: 'a'.repeat(80), paragraph: 9999 })).toHaveLength(96);
  });

  it('refuses to encode what it would not decode', () => {
    expect(() => encodeModalId({ kind: 'note-about', documentId: 'notes/iaea', paragraph: 10_000 })).toThrow(/would not decode/);
    expect(() => encodeModalId({ kind: 'note-edit', noteId: 0, revision: 1 })).toThrow(/would not decode/);
    expect(() => encodeModalId({ kind: 'note-message', channelId: '12', messageId: '123456789012345678' })).toThrow(/would not decode/);
  });

  it.each([
    '',
    'unknown-modal',
    'note-add:1',
    'note-add:',
    'note-about:1',
    'note-about:00:notes/iaea',
    'note-about:-1:notes/iaea',
    'note-about:1:notes/ia ea',
    'note-about:1:notes/iaea:2',
    'note-edit:1',
    'note-edit:1:0',
    'note-edit:01:1',
    'note-message:1:2',
    'note-message:023456789012345678:123456789012345678',
    'note-message:123456789012345678',
    'note-gap:0',
    'constructor',
    '__proto__:1',
    'more:1:0',
    `note-about:1:${'a'.repeat(90)}`,
  ])('rejects %j with the stale-form message', (text) => {
    expect(() => decodeModalId(text)).toThrow(UserError);
    expect(() => decodeModalId(text)).toThrow(STALE_FORM);
  });
});

const snowflake = fc.bigInt({ min: 10n ** 16n, max: 10n ** 20n - 1n }).map(String);
const validModal: fc.Arbitrary<ModalId> = fc.oneof(
  fc.constant({ kind: 'note-add' as const }),
  fc.record({ kind: fc.constant('note-about' as const), documentId, paragraph: fc.integer({ min: 1, max: 9999 }) }),
  fc.record({ kind: fc.constant('note-about' as const), documentId }),
  fc.record({ kind: fc.constant('note-edit' as const), noteId: answerId, revision: answerId }),
  fc.record({ kind: fc.constant('note-message' as const), channelId: snowflake, messageId: snowflake }),
  fc.record({ kind: fc.constant('note-gap' as const), answerId }),
);
const modalKindLike = fc.constantFrom(
  'note-add',
  'note-about',
  'note-edit',
  'note-message',
  'note-gap',
  'more',
  'constructor',
  '__proto__',
  '',
);

describe('modal ids, property-based', () => {
  it('decoding any string either gives back a payload that encodes to exactly that string, or the stale-form UserError', () => {
    const strings = fc.oneof(
      adversarial,
      fc.tuple(modalKindLike, fc.array(fc.oneof(partLike, snowflake), { maxLength: 3 })).map(([kind, parts]) => [kind, ...parts].join(':')),
    );
    fc.assert(
      fc.property(strings, (customId) => {
        let decoded: ModalId | undefined;
        try {
          decoded = decodeModalId(customId);
        } catch (error) {
          expect((error as Error).message).toBe(STALE_FORM);
        }
        if (decoded !== undefined) expect(encodeModalId(decoded)).toBe(customId);
      }),
      { numRuns: 5000 },
    );
  });

  it("round-trips every valid payload within Discord's 100 characters", () => {
    fc.assert(
      fc.property(validModal, (payload) => {
        const text = encodeModalId(payload);
        expect(text.length).toBeLessThanOrEqual(100);
        expect(decodeModalId(text)).toEqual(payload);
      }),
      { numRuns: 5000 },
    );
  });
});
