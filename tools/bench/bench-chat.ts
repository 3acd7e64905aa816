/**
 * `npm run bench:chat`: simulated users through the real Telegram adapter (grammY, runner, throttler,
 * auto-retry) against telegram-test-api on 127.0.0.1 (in a worker thread), then the core alone
 * through the router.
 * Flags: --users 300 --questions 3 --groups 5 --group-share 0.1 --ramp-seconds 20
 *        --core-questions 600 --core-concurrency 32 --db pglite|postgres (postgres: DATABASE_URL)
 *        --reply-timeout-seconds 90 --log-level error
 *        --shared-limits auto|on|off (auto: on with --db postgres, as the bot itself runs)
 *        --knowledge-dir DIR (default: ../shared/corpus when it exists, else ./knowledge)
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Database } from '../../db/database.ts';
import { createDatabase } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import type { Ask } from '../../retrieval/answer-types.ts';
import { SAMPLE_QUESTIONS } from './sample-questions.ts';
import { openScratchPostgres } from '../../test/fakes/test-db.ts';
import { createTelegramAdapter } from '../../bot/adapters/telegram/telegram.ts';
import { loadConfig, type Config } from '../../bot/config.ts';
import { createBotCore } from '../../bot/core.ts';
import { createSharedLimits, type SharedLimits } from '../../bot/shared-limits.ts';
import { startKnowledge } from '../../bot/start-knowledge.ts';
import { createLogger, type Logger } from '../../bot/logger.ts';
import { runCoreLoad, type CoreLoadResult } from './core-load.ts';
import { measureSendRates, percentile, type SendRates } from './send-rates.ts';
import type { TelegramSideMessage, TelegramSideOptions } from './telegram-side.ts';
import type { ChatLoadResult } from './telegram-load.ts';

const TOKEN = '123456:BENCH_TOKEN_abcdefghijklmnopqrstuvwxyz';
/** What telegram-test-api's getMe answers. */
const EMULATED_BOT = { id: 666, username: 'TestNameBot' };
const SHARED_CORPUS = fileURLToPath(new URL('../../../shared/corpus', import.meta.url));
const LIMITS = { overallPerSecond: 30, privatePerSecond: 1, groupPerMinute: 20, coreAnswersPerSecond: 100 };

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2));
  const loaded = loadConfig({ LOG_LEVEL: 'warn', DATA_DIR: 'memory://', KNOWLEDGE_DIR: args.knowledgeDir });
  if (!loaded.ok) throw new Error(loaded.reason);
  const config = loaded.value;
  const logger = createLogger(args.logLevel, process.stderr);
  const db = await openDatabase(args.db);
  try {
    const knowledge = await startAsk(db, config, logger);
    const questions = loadQuestions();
    console.log(
      `bench:chat  ask: ${knowledge.label}  db: ${db.kind}  knowledge: ${args.knowledgeDir}  questions: ${questions.length}`,
    );
    const sharedLimits = usesSharedLimits(args, db) ? createSharedLimits(db) : undefined;
    console.log(`shared limits: ${sharedLimits ? 'on (Postgres)' : 'off (in memory)'}`);
    const chat = await benchTelegram(args, db, config, knowledge.ask, questions, logger, sharedLimits);
    const core = await runCoreLoad({
      router: (await createBotCore({ db, ask: knowledge.ask, limits: config.limits, logger, sharedLimits }))
        .router,
      questions,
      total: args.coreQuestions,
      concurrency: args.coreConcurrency,
    });
    report(args, knowledge.label, db.kind, chat, measureSendRates(chat.sent), core);
  } finally {
    await db.close();
  }
}

type BenchArgs = ReturnType<typeof parseBenchArgs>;

function parseBenchArgs(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      users: { type: 'string', default: '300' },
      questions: { type: 'string', default: '3' },
      groups: { type: 'string', default: '5' },
      'group-share': { type: 'string', default: '0.1' },
      'ramp-seconds': { type: 'string', default: '20' },
      'reply-timeout-seconds': { type: 'string', default: '90' },
      'core-questions': { type: 'string', default: '600' },
      'core-concurrency': { type: 'string', default: '32' },
      db: { type: 'string', default: 'pglite' },
      // The target (core ≥ 100 answers/s) is on the shared corpus; the bundled pages without it.
      'knowledge-dir': { type: 'string', default: existsSync(SHARED_CORPUS) ? SHARED_CORPUS : './knowledge' },
      'log-level': { type: 'string', default: 'error' },
      'shared-limits': { type: 'string', default: 'auto' },
    },
  });
  const number = (name: keyof typeof values, min: number) => {
    const value = Number(values[name]);
    if (!Number.isFinite(value) || value < min) throw new Error(`--${name} must be a number ≥ ${min}`);
    return value;
  };
  const db: 'pglite' | 'postgres' | undefined =
    values.db === 'pglite' || values.db === 'postgres' ? values.db : undefined;
  if (!db) throw new Error('--db is pglite or postgres');
  return {
    users: number('users', 1),
    questionsPerUser: number('questions', 1),
    groups: number('groups', 0),
    groupShare: Math.min(1, number('group-share', 0)),
    rampMs: number('ramp-seconds', 0) * 1000,
    replyTimeoutMs: number('reply-timeout-seconds', 1) * 1000,
    coreQuestions: number('core-questions', 1),
    coreConcurrency: number('core-concurrency', 1),
    db,
    knowledgeDir: values['knowledge-dir'],
    logLevel: values['log-level'],
    sharedLimits: values['shared-limits'],
  };
}

function usesSharedLimits(args: BenchArgs, db: Database): boolean {
  return args.sharedLimits === 'on' || (args.sharedLimits === 'auto' && db.kind === 'postgres');
}

async function openDatabase(kind: 'pglite' | 'postgres'): Promise<Database> {
  if (kind === 'pglite') {
    const db = await createDatabase({ dataDir: 'memory://' });
    await migrate(db);
    return db;
  }
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('--db postgres needs DATABASE_URL (a scratch database is created and dropped)');
  return openScratchPostgres(url);
}

/** The real knowledge path: ingestion, retrieval and the offline answerer. */
async function startAsk(db: Database, config: Config, logger: Logger): Promise<{ ask: Ask; label: string }> {
  const { ask } = await startKnowledge({ db, config, logger });
  return { ask, label: 'real (bot/start-knowledge.ts)' };
}

/** The shared dev set's questions (investor FAQ style), or a few built-in ones without it. */
function loadQuestions(): string[] {
  const file = new URL('../../../shared/eval/dev.jsonl', import.meta.url);
  if (!existsSync(file)) return [...SAMPLE_QUESTIONS];
  const questions = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { question?: unknown }).question)
    .filter((question): question is string => typeof question === 'string');
  return questions.length > 0 ? questions : [...SAMPLE_QUESTIONS];
}

async function benchTelegram(
  args: BenchArgs,
  db: Database,
  config: Config,
  ask: Ask,
  questions: string[],
  logger: Logger,
  sharedLimits: SharedLimits | undefined,
): Promise<ChatLoadResult> {
  const core = await createBotCore({ db, ask, limits: config.limits, logger, sharedLimits });
  const options: TelegramSideOptions = {
    token: TOKEN,
    bot: EMULATED_BOT,
    users: args.users,
    questionsPerUser: args.questionsPerUser,
    groups: args.groups,
    groupShare: args.groupShare,
    rampMs: args.rampMs,
    replyTimeoutMs: args.replyTimeoutMs,
    questions,
  };
  // Workers do not inherit tsx's loader: register it, then load the TypeScript module.
  const entry = JSON.stringify(new URL('./telegram-side.ts', import.meta.url).href);
  const side = new Worker(
    `import('tsx/esm/api').then(({ register }) => { register(); return import(${entry}); });`,
    { eval: true, workerData: options },
  );
  const messages = messageQueue(side);
  const ready = await messages.next();
  if (ready.kind !== 'ready') throw new Error(ready.kind === 'failed' ? ready.error : 'bench worker failed');
  const adapter = createTelegramAdapter({
    token: TOKEN,
    apiRoot: ready.apiUrl,
    router: core.router,
    reachability: core.reachability,
    sharedLimits,
    logger,
  });
  try {
    await adapter.start();
    side.postMessage('go');
    const outcome = await messages.next();
    if (outcome.kind !== 'done') throw new Error(outcome.kind === 'failed' ? outcome.error : 'unexpected');
    return outcome.result;
  } finally {
    await adapter.stop();
    side.postMessage('close');
    await new Promise((resolve) => side.once('exit', resolve));
  }
}

/** The worker's messages in order; an exit or error before the next message rejects. */
function messageQueue(worker: Worker): { next(): Promise<TelegramSideMessage> } {
  const pending: TelegramSideMessage[] = [];
  let waiting: { resolve(message: TelegramSideMessage): void; reject(error: Error): void } | undefined;
  worker.on('message', (message: TelegramSideMessage) => {
    if (waiting) waiting.resolve(message);
    else pending.push(message);
    waiting = undefined;
  });
  const fail = (error: Error) => waiting?.reject(error);
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`bench worker exited with ${code}`)));
  return {
    next: () => {
      const message = pending.shift();
      if (message) return Promise.resolve(message);
      return new Promise((resolve, reject) => (waiting = { resolve, reject }));
    },
  };
}

function report(
  args: BenchArgs,
  askLabel: string,
  dbKind: string,
  chat: ChatLoadResult,
  rates: SendRates,
  core: CoreLoadResult,
): void {
  const seconds = (chat.finishedAt - chat.startedAt) / 1000;
  const answersPerSecond = seconds > 0 ? chat.answered / seconds : 0;
  const p50 = percentile(chat.replyMs, 0.5);
  const p95 = percentile(chat.replyMs, 0.95);
  const verdict = (ok: boolean, failed = 'OVER LIMIT') => (ok ? 'ok' : failed);
  const checks = {
    lost: chat.lost === 0 && chat.duplicated === 0,
    overall: rates.overallPerSecond <= LIMITS.overallPerSecond,
    private: rates.privatePerSecond <= LIMITS.privatePerSecond,
    group: rates.groupPerMinute <= LIMITS.groupPerMinute,
    core: core.answersPerSecond >= LIMITS.coreAnswersPerSecond,
  };
  const groupUsers = args.users - chat.privateChats;
  const rows: Array<[string, string]> = [
    [
      'load',
      `${args.users} users × ${args.questionsPerUser} questions: ${chat.privateChats} private chats, ` +
        `${groupUsers} users in ${args.groups} groups (${chat.groupQuestions} group questions)`,
    ],
    [
      'answered / lost / duplicated',
      `${chat.answered} / ${chat.lost} / ${chat.duplicated}   ${verdict(checks.lost)}`,
    ],
    ['answers/s', `${answersPerSecond.toFixed(1)} (${seconds.toFixed(1)} s, first question to last answer)`],
    ['time to reply p50 / p95', `${ms(p50)} / ${ms(p95)}`],
    ['peak sends overall', `${rates.overallPerSecond}/s (limit 30)   ${verdict(checks.overall)}`],
    [
      'peak per private chat',
      `${rates.privatePerSecond}/s (limit 1), min gap ${ms(rates.privateMinGapMs)}   ${verdict(checks.private)}`,
    ],
    ['peak per group', `${rates.groupPerMinute}/min (limit 20)   ${verdict(checks.group)}`],
    [
      'core alone answers/s',
      `${core.answersPerSecond.toFixed(1)} (target ≥ 100)   ${verdict(checks.core, 'BELOW TARGET')}`,
    ],
    [
      'core alone p50 / p95',
      `${ms(core.p50Ms)} / ${ms(core.p95Ms)} (${core.answered} answers, ${core.failed} failed)`,
    ],
  ];
  console.log('\nTelegram: grammY adapter → telegram-test-api (127.0.0.1), then the core alone');
  for (const [label, value] of rows) console.log(`  ${label.padEnd(30)} ${value}`);
  for (const lost of chat.lostDetails) {
    console.log(
      `  lost: chat ${lost.chatId} message ${lost.messageId} ` +
        `(${lost.fetched ? 'fetched by the bot' : 'never fetched'}, ${lost.otherRepliesToChat} later sends to the chat): ` +
        JSON.stringify(lost.text.slice(0, 80)),
    );
  }
  console.log(
    JSON.stringify({
      bench: 'chat',
      ask: askLabel.startsWith('real') ? 'real' : 'fake',
      db: dbKind,
      users: args.users,
      questionsPerUser: args.questionsPerUser,
      groups: args.groups,
      asked: chat.asked,
      answered: chat.answered,
      lost: chat.lost,
      duplicated: chat.duplicated,
      answersPerSecond: round(answersPerSecond),
      replyP50Ms: p50 === null ? null : Math.round(p50),
      replyP95Ms: p95 === null ? null : Math.round(p95),
      peakOverallPerSecond: rates.overallPerSecond,
      peakPrivatePerSecond: rates.privatePerSecond,
      privateMinGapMs: rates.privateMinGapMs,
      peakGroupPerMinute: rates.groupPerMinute,
      coreAnswersPerSecond: round(core.answersPerSecond),
      coreP50Ms: core.p50Ms === null ? null : round(core.p50Ms),
      coreP95Ms: core.p95Ms === null ? null : round(core.p95Ms),
      ok: Object.values(checks).every(Boolean),
    }),
  );
  if (!Object.values(checks).every(Boolean)) process.exitCode = 1;
}

const round = (value: number) => Math.round(value * 10) / 10;
const ms = (value: number | null) =>
  value === null ? 'n/a' : `${Math.round(value).toLocaleString('en-US')} ms`;

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
