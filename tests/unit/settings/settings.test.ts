import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  changeSetting,
  DEFAULT_SETTINGS,
  getSettings,
  readSettings,
  resetSetting,
  setSetting,
  type SettingsDeps,
  SettingValidationError,
  withPresence,
} from '../../../src/settings/index.js';
import { openSqliteStorage, type SqliteStorage } from '../../../src/storage/sqlite.js';
import type { Actor, AuditEntry, StoredSettings } from '../../../src/storage/types.js';

const G1 = '200000000000000001';
const G2 = '200000000000000002';
const C1 = '310000000000000001';
const C2 = '310000000000000002';
const ROLE = '320000000000000001';
const admin: Actor = { id: '100000000000000001', displayName: 'Admin' };
const documents = [
  { id: 'articles/adler', title: 'Deploy diplomats' },
  { id: 'notes/iaea', title: 'The IAEA' },
  { id: 'notes/p5', title: 'The P5+1' },
];
const none: StoredSettings = {
  answerVisibility: null,
  passagesPerAnswer: null,
  askChannels: null,
  moderatorRole: null,
  disabledCommands: null,
  excludedDocuments: null,
  logChannel: null,
  askCooldown: null,
  answersPerMinute: null,
};

describe('settings', () => {
  let storage: SqliteStorage;
  let deps: SettingsDeps;
  let heard: Array<{ guildId: string; audit: AuditEntry }>;

  beforeEach(() => {
    storage = openSqliteStorage(':memory:');
    heard = [];
    deps = { storage, documents, onChange: (guildId, audit) => void heard.push({ guildId, audit }) };
  });
  afterEach(async () => {
    await storage.close();
  });

  it('gives every default to a server that never chose anything', async () => {
    const loaded = await getSettings(deps, G1);
    expect(loaded).toEqual({ guildId: G1, values: DEFAULT_SETTINGS, custom: new Set(), problems: [] });
    expect(DEFAULT_SETTINGS).toEqual({
      answerVisibility: 'public',
      passagesPerAnswer: 3,
      askChannels: [],
      moderatorRole: null,
      disabledCommands: [],
      excludedDocuments: [],
      logChannel: null,
      askCooldown: 0,
      answersPerMinute: null,
    });
  });

  it('sets a value, applies it at the next read, records who changed what from what, and tells the log', async () => {
    const change = await setSetting(deps, G1, admin, 'passagesPerAnswer', 5);
    expect(change.audit).toMatchObject({
      caseNumber: 1,
      action: 'settings.set',
      actor: admin,
      before: { passagesPerAnswer: null },
      after: { passagesPerAnswer: 5 },
    });
    expect(change.settings.values.passagesPerAnswer).toBe(5);
    expect((await getSettings(deps, G1)).values.passagesPerAnswer).toBe(5);
    expect([...(await getSettings(deps, G1)).custom]).toEqual(['passagesPerAnswer']);
    expect(heard).toEqual([{ guildId: G1, audit: change.audit }]);
  });

  it('resets a value to the default, with its own case, and nothing when it already is', async () => {
    await setSetting(deps, G1, admin, 'answerVisibility', 'private');
    const reset = await resetSetting(deps, G1, admin, 'answerVisibility');
    expect(reset.audit).toMatchObject({
      caseNumber: 2,
      action: 'settings.reset',
      before: { answerVisibility: 'private' },
      after: { answerVisibility: null },
    });
    expect(reset.settings.values.answerVisibility).toBe('public');
    expect(reset.settings.custom.has('answerVisibility')).toBe(false);
    expect((await resetSetting(deps, G1, admin, 'answerVisibility')).audit).toBeNull();
    expect(heard).toHaveLength(2);
  });

  it('writes nothing and logs nothing when the value is already so', async () => {
    await setSetting(deps, G1, admin, 'disabledCommands', ['quote']);
    const again = await setSetting(deps, G1, admin, 'disabledCommands', ['quote', 'quote']);
    expect(again.audit).toBeNull();
    expect(await storage.audit.list(G1)).toHaveLength(1);
    expect(heard).toHaveLength(1);
  });

  it.each([
    ['passagesPerAnswer', 0, 'Passages per answer must be a whole number from 1 to 5.'],
    ['passagesPerAnswer', 6, 'Passages per answer must be a whole number from 1 to 5.'],
    ['passagesPerAnswer', 2.5, 'Passages per answer must be a whole number from 1 to 5.'],
    ['passagesPerAnswer', '3', 'Passages per answer must be a whole number from 1 to 5.'],
    ['answerVisibility', 'secret', 'Answer visibility must be public or private.'],
    ['askChannels', ['#general'], 'Channels for questions must be a Discord id.'],
    [
      'askChannels',
      Array.from({ length: 26 }, (_, i) => `3100000000000001${String(i).padStart(2, '0')}`),
      'Channels for questions can list at most 25 channels.',
    ],
    ['moderatorRole', '@mods', 'Moderator role must be a Discord id.'],
    ['disabledCommands', ['ask'], 'Turned-off commands must each be one of quote, post, ask-menu, gaps.'],
    ['excludedDocuments', ['notes/gone'], 'There is no document `notes/gone` in the library: pick one from the list.'],
    [
      'excludedDocuments',
      documents.map((d) => d.id),
      'At least one document must answer in this server: the library would have nothing left to cite.',
    ],
    ['logChannel', 42, 'Log channel must be a Discord id.'],
    ['askCooldown', -1, 'Cooldown between questions must be a whole number of seconds from 0 to 600.'],
    ['askCooldown', 601, 'Cooldown between questions must be a whole number of seconds from 0 to 600.'],
    ['askCooldown', 1.5, 'Cooldown between questions must be a whole number of seconds from 0 to 600.'],
    ['askCooldown', null, 'Cooldown between questions must be a whole number of seconds from 0 to 600.'],
    ['answersPerMinute', 0, 'Answers per minute must be a whole number from 1 to 600.'],
    ['answersPerMinute', 601, 'Answers per minute must be a whole number from 1 to 600.'],
    ['answersPerMinute', '10', 'Answers per minute must be a whole number from 1 to 600.'],
  ] as const)('refuses %s = %j with a clear message and writes nothing', async (key, value, message) => {
    const attempt = setSetting(deps, G1, admin, key, value);
    await expect(attempt).rejects.toThrow(SettingValidationError);
    await expect(attempt).rejects.toThrow(message);
    expect(await storage.settings.get(G1)).toEqual(none);
    expect(await storage.audit.list(G1)).toEqual([]);
    expect(heard).toEqual([]);
  });

  it('changes a list from its committed value, so two changes made at once both count', async () => {
    await Promise.all([
      changeSetting(deps, G1, admin, 'askChannels', (current) => [...current, C1]),
      changeSetting(deps, G1, admin, 'askChannels', (current) => [...current, C2]),
    ]);
    expect((await getSettings(deps, G1)).values.askChannels).toEqual([C1, C2]);
    const removed = await changeSetting(deps, G1, admin, 'askChannels', (current) => current.filter((id) => id !== C1));
    expect(removed.audit).toMatchObject({ before: { askChannels: [C1, C2] }, after: { askChannels: [C2] } });
  });

  it('sets the limits within their ranges, records them, and turns the ceiling off at a reset', async () => {
    expect((await setSetting(deps, G1, admin, 'askCooldown', 600)).settings.values.askCooldown).toBe(600);
    expect((await setSetting(deps, G1, admin, 'answersPerMinute', 1)).audit).toMatchObject({
      before: { answersPerMinute: null },
      after: { answersPerMinute: 1 },
    });
    expect((await resetSetting(deps, G1, admin, 'answersPerMinute')).settings.values.answersPerMinute).toBeNull();
    expect(await storage.settings.get(G1)).toEqual({ ...none, askCooldown: 600 });
  });

  it("keeps one server's settings out of another's", async () => {
    await setSetting(deps, G1, admin, 'passagesPerAnswer', 1);
    await setSetting(deps, G1, admin, 'excludedDocuments', ['notes/iaea']);
    expect((await getSettings(deps, G2)).values).toEqual(DEFAULT_SETTINGS);
    expect((await setSetting(deps, G2, admin, 'passagesPerAnswer', 4)).audit?.caseNumber).toBe(1);
    expect((await getSettings(deps, G1)).values.passagesPerAnswer).toBe(1);
  });

  it('drops a left-out document the library no longer has, reports it, and cleans it at the next change', async () => {
    await setSetting(deps, G1, admin, 'excludedDocuments', ['notes/iaea', 'notes/p5']);
    const smaller = { ...deps, documents: documents.filter((d) => d.id !== 'notes/p5') };
    const loaded = await getSettings(smaller, G1);
    expect(loaded.values.excludedDocuments).toEqual(['notes/iaea']);
    expect(loaded.problems).toEqual([{ key: 'excludedDocuments', kind: 'missing-document', id: 'notes/p5' }]);
    const change = await changeSetting(smaller, G1, admin, 'excludedDocuments', (current) => [...current]);
    expect(change.audit?.after).toEqual({ excludedDocuments: ['notes/iaea'] });
    expect(change.settings.problems).toEqual([]);
  });

  it('uses the default for a stored value that breaks the rules (a row edited by hand), and says so', () => {
    const loaded = readSettings(G1, { ...none, passagesPerAnswer: 40, answerVisibility: 'private', disabledCommands: ['nope'] }, documents);
    expect(loaded.values).toEqual({ ...DEFAULT_SETTINGS, answerVisibility: 'private' });
    expect(loaded.custom).toEqual(new Set(['answerVisibility']));
    expect(loaded.problems).toEqual([
      { key: 'passagesPerAnswer', kind: 'invalid', message: 'must be a whole number from 1 to 5' },
      { key: 'disabledCommands', kind: 'invalid', message: 'must each be one of quote, post, ask-menu, gaps' },
    ]);
  });

  it('drops channels and a role the server no longer has, and keeps everything when it cannot see the server', () => {
    const loaded = readSettings(G1, { ...none, askChannels: [C1, C2], moderatorRole: ROLE, logChannel: C2 }, documents);
    const presence = { hasChannel: (id: string) => id === C1, hasRole: () => false };
    const present = withPresence(loaded, presence);
    expect(present.values).toMatchObject({ askChannels: [C1], moderatorRole: null, logChannel: null });
    expect(present.problems).toEqual([
      { key: 'askChannels', kind: 'missing-channel', id: C2 },
      { key: 'moderatorRole', kind: 'missing-role', id: ROLE },
      { key: 'logChannel', kind: 'missing-channel', id: C2 },
    ]);
    expect(loaded.values.askChannels).toEqual([C1, C2]);
    expect(withPresence(loaded, undefined)).toBe(loaded);
  });
});
