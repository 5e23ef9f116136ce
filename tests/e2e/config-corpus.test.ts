/**
 * A document a server left out, then removed from the corpus: after the restart the setting stays valid, the id is
 * dropped and `/config show` says so, and the next change of the list stores it without the stale id.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscordEmulator } from './discord-emulator/index.js';
import { type Harness, startHarness } from './helpers/bot.js';
import { config, configAutocomplete } from './helpers/config.js';
import { copyCorpusWith, note as corpusNote } from './helpers/corpus.js';
import { choicesOf, embedIn, finalReply } from './helpers/notes.js';

const EXTRA = 'notes/zz-temporary-handout';

describe('a left-out document removed from the corpus', () => {
  let h: Harness;
  let emu: DiscordEmulator;
  let corpusDir: string;

  beforeAll(async () => {
    corpusDir = await copyCorpusWith({
      [`${EXTRA}.md`]: corpusNote('Temporary handout on centrifuge cascades', ['Cascades of centrifuges enrich uranium in stages.']),
    });
    h = await startHarness({ corpusDir });
    emu = h.emu;
  });

  afterAll(async () => {
    await h?.close();
    await rm(corpusDir, { recursive: true, force: true });
  });

  const documentsField = async () =>
    embedIn(await finalReply(emu, config(emu, 'show'))).fields?.find((f) => f.name === 'Documents left out')?.value;

  it('is dropped and reported after the restart, and cleaned from the setting at its next change', async () => {
    await finalReply(emu, config(emu, 'set document', { document: EXTRA, answers: false }));
    await finalReply(emu, config(emu, 'set document', { document: 'notes/iaea', answers: false }));
    expect(await documentsField()).toMatch(
      /\(`notes\/zz-temporary-handout`\), .*\(`notes\/iaea`\)\nDefault: none: every document answers$/,
    );

    await rm(path.join(corpusDir, `${EXTRA}.md`));
    await h.restart();
    expect(await documentsField()).toBe(
      'The International Atomic Energy Agency (IAEA) (`notes/iaea`)\nDefault: none: every document answers\n' +
        '⚠️ `notes/zz-temporary-handout` is no longer in the library: it is no longer left out.',
    );
    // The rest of the setting still applies.
    const sources = JSON.stringify(embedIn(await finalReply(emu, emu.command('sources'))));
    expect(sources).not.toContain('`notes/iaea`');
    expect((await choicesOf(configAutocomplete(emu, 'set document', { document: 'handout' }, 'document'))).map((c) => c.value)).toEqual([]);

    const changed = await finalReply(emu, config(emu, 'set document', { document: 'notes/iaea', answers: true }));
    expect(changed.message.content).toMatch(/→ none: every document answers\./);
    const stored = h.bot.db.prepare('SELECT excluded_documents FROM guild_settings WHERE guild_id = ?').pluck().get(emu.guildId);
    expect(stored).toBe('[]');
    expect(await documentsField()).toBe('none: every document answers\nDefault: none: every document answers');
  });
});
