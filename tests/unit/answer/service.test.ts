import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../src/answer/answer.js';
import { createSearchService, defaultSearchWorkers, type SearchService, type SearchServiceOptions } from '../../../src/answer/service.js';
import type { Answer } from '../../../src/answer/types.js';
import { createLogger } from '../../../src/log.js';
import { openSqliteStorage } from '../../../src/storage/sqlite.js';
import type { Library } from '../../../src/search/library.js';
import { openLibrary } from '../../../src/search/open.js';
import { makeFixtureCorpus, makeTempDir, removeDir } from '../helpers/fixture-corpus.js';

let corpusDir: string;
let dataDir: string;
let cacheDir: string;
let library: Library;
const services: SearchService[] = [];
const logLines: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  corpusDir = await makeFixtureCorpus();
  dataDir = await makeTempDir('search-service-');
  cacheDir = path.join(dataDir, 'index-cache');
  // As startBot does: the main thread opens the library first, which persists the index the threads read back.
  ({ library } = await openLibrary(corpusDir, cacheDir));
});

afterAll(async () => {
  for (const service of services) await service.close();
  await removeDir(corpusDir);
  await removeDir(dataDir);
});

async function start(options: Partial<SearchServiceOptions> = {}): Promise<SearchService> {
  const log = createLogger('debug', { write: (line: string) => void logLines.push(JSON.parse(line) as Record<string, unknown>) });
  const service = await createSearchService({ corpusDir, cacheDir, corpusVersion: library.version, workers: 1, log, ...options });
  services.push(service);
  return service;
}

describe('createSearchService', () => {
  it('answers exactly as answerQuestion does on the main thread, page by page', async () => {
    const service = await start({ workers: 2 });
    const cases = [
      { question: 'Who visited the enrichment plant?', offset: 0 },
      { question: 'IAEA report', offset: 0 },
      { question: 'IAEA report', offset: 1, limit: 1 },
      { question: 'What did Khamenei think?', offset: 0 },
      { question: 'the capital of Australia', offset: 0 },
      { question: '???', offset: 0 },
      // A server's left-out documents reach the search thread.
      { question: 'Who visited the enrichment plant?', offset: 0, exclude: ['articles/inspections'] },
    ];
    const answers = await Promise.all(
      cases.map(({ question, ...page }) => service.answer(question, { guildId: '123456789012345678', ...page })),
    );
    answers.forEach((answer, i) => {
      const { question, ...page } = cases[i]!;
      expect(answer).toEqual(answerQuestion(question, { library, ...page }));
    });
    expect(answers.some((a) => a.answered)).toBe(true);
    expect(answers.some((a) => !a.answered)).toBe(true);
  });

  it('keeps the event loop free while a search is slow', async () => {
    const service = await start({ test: { searchDelayMs: 1000 } });
    let longestGap = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 10);
    const started = performance.now();
    try {
      const answer = await service.answer('IAEA report', { guildId: null });
      expect(answer.answered).toBe(true);
    } finally {
      clearInterval(ticker);
    }
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    // The search blocked its own thread for a second; this one kept running its timers meanwhile.
    expect(longestGap).toBeLessThan(500);
  });

  it("rejects with the thread's error, stack included, when a search throws, and answers the next question", async () => {
    const service = await start();
    const error: unknown = await service.answer(undefined as unknown as string, { guildId: null }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).stack).toContain('answerQuestion');
    expect((await service.answer('IAEA report', { guildId: null })).answered).toBe(true);
  });

  it('replaces a thread that dies: its question fails, the next one is answered', async () => {
    const service = await start({ test: { exitOnQuestion: 'crash, please' } });
    await expect(service.answer('crash, please', { guildId: null })).rejects.toThrow('worker exited with code: 70');
    expect((await service.answer('IAEA report', { guildId: null })).answered).toBe(true);
    expect(logLines.filter((l) => l['msg'] === 'search thread failed')).toEqual([]);
  });

  it('refuses to start when its threads find another corpus than the main thread loaded', async () => {
    const log = createLogger('silent');
    await expect(createSearchService({ corpusDir, cacheDir, corpusVersion: 'a-former-version', workers: 1, log })).rejects.toThrow(
      `The corpus changed on disk while the bot was starting (a-former-version, then ${library.version}): start it again.`,
    );
  });

  it('close() ends the threads: an answer in progress rejects, and closing twice is harmless', async () => {
    const service = await start({ test: { searchDelayMs: 2000 } });
    const pending = expect(service.answer('IAEA report', { guildId: null })).rejects.toThrow('Terminating worker thread');
    const started = performance.now();
    await service.close();
    await pending;
    await service.close();
    // Terminating a thread does not wait for its search to end.
    expect(performance.now() - started).toBeLessThan(1500);
  });
});

describe('defaultSearchWorkers', () => {
  it('leaves a core to the event loop, uses at least one thread and at most four', () => {
    expect([1, 2, 3, 4, 8, 64].map((cores) => defaultSearchWorkers(cores))).toEqual([1, 1, 2, 3, 4, 4]);
  });
});

describe('createSearchService with server notes', () => {
  const G1 = '200000000000000001';
  const G2 = '200000000000000002';
  const alice = { id: '100000000000000001', displayName: 'Alice' };
  const content = (body: string) => ({ title: 'Fordow', body, tags: [], source: null, about: [] });

  it("searches the asking server's notes, read from the database by the thread, and only that server's", async () => {
    const storage = openSqliteStorage(dataDir);
    try {
      const service = await start({ workers: 2, notes: { dataDir, version: (guildId) => storage.notes.version(guildId) } });
      const question = 'enrichment plant inside a mountain';
      const shippedAnswer = answerQuestion(question, { library });
      const { note } = await storage.notes.create(G1, content('Fordow is an enrichment plant dug inside a mountain.'), alice);
      const cites = (answer: Answer) => (answer.answered ? answer.passages.map((p) => `${p.documentId}#${p.paragraph}`) : []);
      // Several at once, so that both threads take some.
      const ask = (q: string, guildId: string | null) => Promise.all(Array.from({ length: 4 }, () => service.answer(q, { guildId })));
      for (const answer of await ask(question, G1)) expect(cites(answer)[0]).toBe(`server/${note.id}#1`);
      for (const answer of [...(await ask(question, G2)), ...(await ask(question, null))]) expect(answer).toEqual(shippedAnswer);
      await storage.notes.update(G1, note.id, content('Fordow sits under a mountain.\n\nIts centrifuges spin in deep tunnels.'), alice);
      for (const answer of await ask('centrifuges in tunnels', G1)) expect(cites(answer)[0]).toBe(`server/${note.id}#2`);
      await storage.notes.setRemoved(G1, note.id, true, alice);
      expect(await service.answer(question, { guildId: G1 })).toEqual(shippedAnswer);
    } finally {
      await storage.close();
    }
  });

  it('gives a server without notes the same Answer JSON, byte for byte, before and after another server writes hundreds', async () => {
    const G3 = '200000000000000003';
    const storage = openSqliteStorage(dataDir);
    try {
      const service = await start({ workers: 2, notes: { dataDir, version: (guildId) => storage.notes.version(guildId) } });
      const questions = [
        'Who visited the enrichment plant?',
        'IAEA report',
        'What did Khamenei think?',
        'Geneva talks',
        'the capital of Australia',
      ];
      const askAll = (guildId: string) =>
        Promise.all(
          questions.flatMap((q) => [0, 1].map((offset) => service.answer(q, { guildId, offset, limit: 2 }).then((a) => JSON.stringify(a)))),
        );
      const before = await askAll(G3);
      const words = questions.join(' ').split(/\W+/).filter(Boolean);
      await storage.notes.writeBatch(
        G2,
        Array.from({ length: 300 }, (_, i) => ({
          kind: 'create' as const,
          content: { ...content(Array.from({ length: 30 }, (_, j) => words[(i + j * 7) % words.length]).join(' ')), title: `Bulk ${i}` },
        })),
        alice,
      );
      const elsewhere = await askAll(G2);
      expect(elsewhere.filter((answer, i) => answer !== before[i]).length).toBeGreaterThan(questions.length);
      expect(await askAll(G3)).toEqual(before);
    } finally {
      await storage.close();
    }
  });

  it('answers from the notes last indexed, and logs why, when the version cannot be read', async () => {
    const before = logLines.length;
    const service = await start({ notes: { dataDir, version: () => Promise.reject(new Error('database is locked')) } });
    expect(await service.answer('IAEA report', { guildId: G1 })).toEqual(answerQuestion('IAEA report', { library }));
    expect(
      logLines.slice(before).find((l) => l['msg'] === 'server notes version unreadable: answered from the notes last indexed'),
    ).toMatchObject({
      level: 40,
      guildId: G1,
      err: { message: 'database is locked' },
    });
  });
});

describe('createSearchService answering on the main thread', () => {
  const WITH_NOTES = '300000000000000001';
  const WITHOUT_NOTES = '300000000000000002';
  const QUESTION = 'Who visited the enrichment plant?';
  const alice = { id: '100000000000000001', displayName: 'Alice' };

  it('answers servers without notes and DMs itself, page by page, and sends servers with notes to the threads', async () => {
    const storage = openSqliteStorage(dataDir);
    try {
      await storage.notes.create(
        WITH_NOTES,
        { title: 'Natanz', body: 'Inspectors visited Natanz.', tags: [], source: null, about: [] },
        alice,
      );
      // A thread given this question exits: only a question answered without one can succeed.
      const service = await start({
        inline: { library },
        test: { exitOnQuestion: QUESTION },
        notes: { dataDir, version: (guildId) => storage.notes.version(guildId) },
      });
      const pages = [{}, { offset: 1, limit: 1 }, { exclude: ['articles/inspections'] }];
      for (const page of pages) {
        const expected = answerQuestion(QUESTION, { library, ...page });
        expect(await service.answer(QUESTION, { guildId: WITHOUT_NOTES, ...page })).toEqual(expected);
        expect(await service.answer(QUESTION, { guildId: null, ...page })).toEqual(expected);
      }
      await expect(service.answer(QUESTION, { guildId: WITH_NOTES })).rejects.toThrow('worker exited with code: 70');
    } finally {
      await storage.close();
    }
  });

  it('sends every question to the threads when the library is larger than the bound', async () => {
    const service = await start({ inline: { library, maxPassages: library.passageCount - 1 }, test: { exitOnQuestion: QUESTION } });
    await expect(service.answer(QUESTION, { guildId: null })).rejects.toThrow('worker exited with code: 70');
    expect(await service.answer('IAEA report', { guildId: null })).toEqual(answerQuestion('IAEA report', { library }));
  });
});
