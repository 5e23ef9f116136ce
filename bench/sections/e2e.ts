// End-to-end section: `/ask` latency through the Discord emulator, from the INTERACTION_CREATE going out on the
// gateway to the interaction callback arriving over HTTP, for the real bot (startBot) and for a bare discord.js
// Client that answers every interaction with a fixed embed: the floor that discord.js and the emulator set.
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { type APIEmbed, Client, Events, GatewayIntentBits, type Interaction, Routes } from 'discord.js';
import { startBot } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import { commands } from '../../src/discord/commands/index.js';
import { createLogger } from '../../src/log.js';
import { type DiscordEmulator, startEmulator } from '../../tests/e2e/discord-emulator/index.js';
import { percentile } from '../measure.js';
import type { BenchOptions, BenchSection } from '../section.js';

/** Any token the config accepts; the emulator is started with the same one. */
const TOKEN = 'bench.emulated-bot-token-0123456789';
/** Interactions before timing starts, for each client alike (JIT, sockets, SQLite statements). */
const WARMUP = 50;
/** Interactions sent at once, without waiting for answers, after the sequential run. */
const BURST = 100;
const PROJECT = 'this project (startBot)';
const WITH_NOTES = 'this project, a server with notes (search thread)';
const FLOOR = 'floor: bare discord.js Client, fixed embed';

/** Real questions of the study group's kind, cycled through; one the library does not cover, as members ask those too. */
const QUESTIONS = [
  "Why aren't US diplomats talking to their Iranian counterparts?",
  'Why did Susan Rice warn the Iranian ambassador?',
  'Who is Mohammad Khazaee?',
  'What is the P5+1?',
  'What does the IAEA do in Vienna?',
  'What is Track 2 diplomacy?',
  'Why does Khamenei distrust the United States?',
  'What sanctions were imposed on Iran in 2011 and 2012?',
  'What was the alleged plot against the Saudi ambassador?',
  'What did the JCPOA require from Iran?',
  'What was the Joint Plan of Action of 2013?',
  'How did the Oman back channel work?',
  'Who is Dennis Ross?',
  'Who is Michael Adler?',
  'What does Adler say the United States has to lose by trying?',
  'Where could quiet meetings with Iranian diplomats take place?',
  'Why have the US and Iran had no diplomatic relations since 1980?',
  'What happened in the Iran nuclear crisis in 2012?',
  'What is a demarche?',
  'What is the capital of Australia?',
];

/** What the floor answers with: the shape of a real answer (title, three cited fields, footer), fixed. */
const FIXED_EMBED: APIEmbed = {
  title: 'Why did Susan Rice warn the Iranian ambassador?',
  description: 'Passages 1-3 of 12, best first.',
  fields: [1, 2, 3].map((n) => ({
    name: `${n}. Deploy U.S. Diplomats Quietly To Seek Iranian Deal - paragraph ${n + 3}`,
    value:
      `When United Nations **Ambassador** **Susan Rice** delivered a stern **warning** last October ` +
      `to **Iranian** Ambassador Mohamed Khazaee over the alleged plot, she did only that, according ` +
      `to reports. …\n\`articles/adler-2012-deploy-us-diplomats-quietly\``,
  })),
  footer: { text: 'Corpus 000000000000 · 146 passages searched' },
};

interface Run {
  /** Milliseconds from just before INTERACTION_CREATE was sent to the callback request's arrival. */
  samples: number[];
  /** Interactions with no accepted callback within Discord's 3 s. */
  failures: number;
}

interface Row {
  name: string;
  sequential: Run;
  burst: Run;
}

/** A client under test, started against an emulator; resolves with its stop function once it is ready. */
type Start = (emu: DiscordEmulator, options: BenchOptions) => Promise<() => Promise<void>>;

/** A server note for the `WITH_NOTES` run: its questions search the shipped library plus the notes, in a search thread. */
const BENCH_NOTE = {
  title: 'Quiet diplomacy',
  body: 'Diplomats of both countries could meet quietly in Vienna or New York, away from the cameras.',
  tags: [],
  source: null,
  about: [],
};

/** The bot; with `withNote`, the emulator's server has one note, so its questions go to the search threads. */
const startProject =
  (withNote: boolean): Start =>
  async (emu, { corpusDir }) => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bench-e2e-'));
    const config = loadConfig({
      DISCORD_TOKEN: TOKEN,
      DISCORD_APP_ID: emu.applicationId,
      DISCORD_API_BASE: emu.apiBase,
      DATA_DIR: dataDir,
      CORPUS_DIR: corpusDir,
      LOG_LEVEL: 'silent',
    });
    const bot = await startBot(config, createLogger('silent'));
    if (!bot.client.isReady()) await once(bot.client, Events.ClientReady);
    // As deploy-commands would have: option types then come from the registered command, as on Discord.
    await bot.client.rest.put(Routes.applicationCommands(emu.applicationId), { body: commands.map((c) => c.data) });
    if (withNote) await bot.storage.notes.create(emu.guildId, BENCH_NOTE, { id: '100000000000000001', displayName: 'Bench' });
    return async () => {
      await bot.stop();
      await rm(dataDir, { recursive: true, force: true });
    };
  };

const startFloor: Start = async (emu) => {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: emu.apiBase } });
  client.on(Events.InteractionCreate, (interaction: Interaction) => {
    if (interaction.isChatInputCommand())
      void interaction.reply({ embeds: [FIXED_EMBED], allowedMentions: { parse: [] } }).catch(() => undefined);
  });
  const ready = once(client, Events.ClientReady);
  await client.login(TOKEN);
  await ready;
  return () => client.destroy();
};

/** Sends `/ask` interactions one after another, each once the previous one has been answered. */
async function sequential(emu: DiscordEmulator, count: number, first: number): Promise<Run> {
  const run: Run = { samples: [], failures: 0 };
  for (let i = 0; i < count; i++) {
    const question = QUESTIONS[(first + i) % QUESTIONS.length]!;
    const sentAt = performance.now();
    const sent = emu.command('ask', { question });
    try {
      run.samples.push((await sent.response).receivedAt - sentAt);
    } catch {
      run.failures++;
    }
  }
  return run;
}

/** Sends `count` interactions at once; each one's time still runs from its own send to its own callback. */
async function burst(emu: DiscordEmulator, count: number): Promise<Run> {
  const pending = Array.from({ length: count }, (_, i) => {
    const sentAt = performance.now();
    const sent = emu.command('ask', { question: QUESTIONS[i % QUESTIONS.length]! });
    return sent.response.then((callback) => callback.receivedAt - sentAt);
  });
  const settled = await Promise.allSettled(pending);
  return {
    samples: settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : [])),
    failures: settled.filter((s) => s.status === 'rejected').length,
  };
}

async function measure(name: string, start: Start, options: BenchOptions): Promise<Row> {
  const emu = await startEmulator({ token: TOKEN });
  try {
    const stop = await start(emu, options);
    try {
      await sequential(emu, WARMUP, 0);
      // The emulator keeps every request it captured and scans them for each wait: start each phase with none.
      emu.clearRequests();
      const timed = await sequential(emu, options.queries, WARMUP);
      emu.clearRequests();
      const burstRun = await burst(emu, BURST);
      return { name, sequential: timed, burst: burstRun };
    } finally {
      await stop();
    }
  } finally {
    await emu.close();
  }
}

interface Stats {
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

function stats(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    mean: sorted.reduce((sum, v) => sum + v, 0) / Math.max(1, sorted.length),
  };
}

const ms = (v: number) => v.toFixed(2);

function tableRow(label: string, run: Run): string {
  const s = stats(run.samples);
  return (
    `| ${label} | ${run.samples.length.toLocaleString('en-US')} | ${ms(s.p50)} | ${ms(s.p99)} | ` +
    `${ms(s.max)} | ${ms(s.mean)} | ${run.failures} |`
  );
}

export const e2eSection: BenchSection = {
  title: 'End-to-end /ask through the Discord emulator',
  async run(options: BenchOptions, log) {
    const count = options.queries;
    const load = os
      .loadavg()
      .map((v) => v.toFixed(2))
      .join(', ');
    const rows: Row[] = [];
    // The floor first, then the bot: each has its own emulator and its own warm-up.
    for (const [name, start] of [
      [FLOOR, startFloor],
      [PROJECT, startProject(false)],
      [WITH_NOTES, startProject(true)],
    ] as const) {
      const started = performance.now();
      const row = await measure(name, start, options);
      const s = stats(row.sequential.samples);
      log(`  ${name}: p50 ${ms(s.p50)} ms, p99 ${ms(s.p99)} ms, ${((performance.now() - started) / 1000).toFixed(1)} s in all`);
      rows.push(row);
    }
    const [floor, project, withNotes] = rows as [Row, Row, Row];
    const ratio = stats(project.sequential.samples).p99 / stats(floor.sequential.samples).p99;
    const notesRatio = stats(withNotes.sequential.samples).p99 / stats(floor.sequential.samples).p99;
    const burstRatio = stats(project.burst.samples).p99 / stats(floor.burst.samples).p99;
    const failures = rows.reduce((n, r) => n + r.sequential.failures + r.burst.failures, 0);
    return [
      '## End-to-end /ask through the Discord emulator',
      '',
      `Time from an INTERACTION_CREATE sent on the emulator's gateway to the interaction callback received by its REST server`,
      `(the emulator's \`receivedAt\` against a timestamp taken just before sending), with the unmodified discord.js Client`,
      `over real sockets on 127.0.0.1. "${PROJECT}" is the bot as \`npm start\` runs it (LOG_LEVEL silent, SQLite in a temporary`,
      `DATA_DIR, corpus \`${options.corpusDir}/\`, default SEARCH_WORKERS): dispatch, option parsing, answerQuestion (on the main`,
      `thread, as for every server without notes while the shipped library is small), storing the answer, rendering. "${WITH_NOTES}"`,
      `is the same bot once the server has one note: its questions are searched in a search thread. The floor is`,
      `a bare discord.js Client replying to every interaction with a fixed embed of the same shape, so it measures discord.js,`,
      `the sockets and the emulator alone. ${QUESTIONS.length} real questions (one the library does ` +
        `not cover) are cycled; ${WARMUP} warm-up`,
      `interactions per client, then ${count.toLocaleString('en-US')} sent one after another (each ` +
        `once the previous was answered), then a burst of ${BURST} sent at once.`,
      `Emulator, clients and timing share one Node process. Load average at the start: ${load}.`,
      '',
      '| client | interactions | p50 ms | p99 ms | max ms | mean ms | unanswered in 3 s |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      tableRow(FLOOR, floor.sequential),
      tableRow(PROJECT, project.sequential),
      tableRow(WITH_NOTES, withNotes.sequential),
      tableRow(`${FLOOR}, burst of ${BURST}`, floor.burst),
      tableRow(`${PROJECT}, burst of ${BURST}`, project.burst),
      tableRow(`${WITH_NOTES}, burst of ${BURST}`, withNotes.burst),
      '',
      '### Targets',
      '',
      '| target | goal | actual | met? |',
      '| --- | --- | --- | --- |',
      `| /ask p99 / floor p99, one after another | within 2x the floor | ${ratio.toFixed(2)}x (${ms(stats(project.sequential.samples).p99)} ` +
        `/ ${ms(stats(floor.sequential.samples).p99)} ms) | ${ratio <= 2 ? 'met' : 'NOT MET'} |`,
      `| /ask p99 / floor p99, a server with notes, one after another | (for information) | ${notesRatio.toFixed(2)}x ` +
        `(${ms(stats(withNotes.sequential.samples).p99)} / ${ms(stats(floor.sequential.samples).p99)} ms) | - |`,
      `| /ask p99 / floor p99, burst of ${BURST} | (for information) | ${burstRatio.toFixed(2)}x ` +
        `(${ms(stats(project.burst.samples).p99)} / ${ms(stats(floor.burst.samples).p99)} ms) | - |`,
      `| interactions left unanswered past Discord's 3 s | 0 | ${failures} | ${failures === 0 ? 'met' : 'NOT MET'} |`,
    ].join('\n');
  },
};
