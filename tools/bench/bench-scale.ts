/**
 * `npm run bench:scale` (needs DATABASE_URL): three bot processes (`bot/main.ts`, Telegram webhook
 * mode, shared limits on) on one Postgres behind a loopback round-robin front, a loopback Bot API
 * recording every call, several hundred simulated users in private chats and groups, one user
 * flooding every process at once, and a digest fan-out to 5,000 subscribers at the same time. Then
 * the same run with one process SIGKILLed halfway and restarted.
 * Flags: --users 300 --questions 2 --groups 10 --group-share 0.2 --ramp-seconds 60 --flood 20
 *        --subscribers 5000 --processes 3 --no-crash --json
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Database } from '../../db/database.ts';
import { startRecordingBotApi } from '../../test/fakes/recording-bot-api.ts';
import { openScratchPostgres } from '../../test/fakes/test-db.ts';
import { freePort, startBotProcess, type BotProcess } from './bot-process.ts';
import { startRoundRobinFront, type RoundRobinFront } from './round-robin-front.ts';
import { percentile } from './send-rates.ts';
import { planLoad, tally, toUpdate, type PlannedQuestion, type Tally } from './scale-load.ts';

const TOKEN = '123456:BENCH_SCALE_abcdefghijklmnopqrstuvwxyz';
const SECRET = 'bench-scale-secret';
const PER_MINUTE = 6;
const SEND_CONCURRENCY = 8;

type Args = ReturnType<typeof parseBenchArgs>;

function parseBenchArgs(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      users: { type: 'string', default: '300' },
      questions: { type: 'string', default: '2' },
      groups: { type: 'string', default: '10' },
      'group-share': { type: 'string', default: '0.2' },
      'ramp-seconds': { type: 'string', default: '60' },
      flood: { type: 'string', default: '20' },
      subscribers: { type: 'string', default: '5000' },
      processes: { type: 'string', default: '3' },
      'no-crash': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const number = (name: keyof typeof values, min: number) => {
    const value = Number(values[name]);
    if (!Number.isFinite(value) || value < min) throw new Error(`--${name} must be a number ≥ ${min}`);
    return value;
  };
  return {
    plan: {
      users: number('users', 1),
      questionsPerUser: number('questions', 1),
      groups: number('groups', 0),
      groupShare: Math.min(1, number('group-share', 0)),
      rampMs: number('ramp-seconds', 5) * 1000,
      floodQuestions: number('flood', 0),
      floodAtMs: number('ramp-seconds', 5) * 250,
    },
    subscribers: number('subscribers', 0),
    processes: number('processes', 2),
    crash: !values['no-crash'],
    json: values.json === true,
  };
}

interface RunResult {
  tally: Tally;
  seconds: number;
  answersPerProcess: number[];
  inFlightAtKill: number;
  redelivered: number;
}

async function run(args: Args, url: string, crash: boolean, logDir: string): Promise<RunResult> {
  const db = await openScratchPostgres(url);
  const api = await startRecordingBotApi();
  const ports = await Promise.all(Array.from({ length: args.processes }, () => freePort()));
  const front = await startRoundRobinFront({
    backends: ports,
    keyOf: (body) => String((JSON.parse(body.toString('utf8')) as { update_id: number }).update_id),
  });
  const env = {
    DATABASE_URL: db.url,
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: api.url,
    TELEGRAM_WEBHOOK_URL: `${front.url}/telegram`,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_WEBHOOK_HOST: '127.0.0.1',
    LIMITS_SHARED: 'on',
    METRICS_MODE: 'replay',
    ASK_RATE_PER_MINUTE: String(PER_MINUTE),
    METRICS_SEND_CONCURRENCY: String(SEND_CONCURRENCY),
    KNOWLEDGE_DIR: './knowledge',
    LOG_LEVEL: 'warn',
  };
  const bots = ports.map((port, index) =>
    index === 0
      ? startBotProcess(env, port, path.join(logDir, `${crash ? 'crash' : 'run'}-bot-${index}.log`))
      : undefined,
  );
  let processes: BotProcess[] = [];
  try {
    // The first process migrates and ingests the knowledge; the others find both done.
    await bots[0]!.ready();
    processes = [
      bots[0]!,
      ...ports
        .slice(1)
        .map((port, index) =>
          startBotProcess(env, port, path.join(logDir, `${crash ? 'crash' : 'run'}-bot-${index + 1}.log`)),
        ),
    ];
    await Promise.all(processes.map((bot) => bot.ready()));
    const subscriberChats = await seedSubscribers(db, args.subscribers);
    const questions = planLoad(args.plan);
    const started = Date.now();
    const postedAt = new Map<number, number>();
    let inFlightAtKill = 0;
    const killer = crash
      ? setTimeout(() => {
          inFlightAtKill = front.inFlight(1);
          processes[1]!.kill('SIGKILL');
          log(args, `SIGKILLed process 1 with ${inFlightAtKill} webhook updates in flight; restarting it`);
          setTimeout(() => processes[1]!.restart(), 500);
        }, args.plan.rampMs / 2)
      : undefined;
    const posting = postAll(front, questions, started, postedAt);
    // Digests (text + chart) go out within the bulk share of 20 messages/s.
    const deadlineMs = Math.max(args.plan.rampMs + 240_000, (args.subscribers * 2 * 1000) / 18 + 180_000);
    const current = () => tally(api.calls, questions, postedAt, subscriberChats, PER_MINUTE);
    await waitUntil(
      () => done(current(), questions, subscriberChats.length),
      started + deadlineMs,
      () => {
        const now = current();
        log(
          args,
          `  ${Math.round((Date.now() - started) / 1000)} s: ${now.answered} answered, ${now.digestsDelivered}/${subscriberChats.length} digests`,
        );
      },
    );
    await posting;
    clearTimeout(killer);
    // Late duplicates (a redelivered update, a retried digest) get a moment to show.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const result = current();
    const answersPerProcess = ports.map(() => 0);
    for (const updateId of result.answeredUpdates) {
      const backend = front.answeredBy.get(String(updateId));
      if (backend !== undefined) answersPerProcess[backend]! += 1;
    }
    return {
      tally: result,
      seconds: (Date.now() - started) / 1000,
      answersPerProcess,
      inFlightAtKill,
      redelivered: front.redelivered(),
    };
  } finally {
    await Promise.all(processes.length > 0 ? processes.map((bot) => bot.stop()) : [bots[0]?.stop()]);
    await front.close();
    await api.close();
    await db.close();
  }
}

function done(now: Tally, questions: readonly PlannedQuestion[], subscribers: number): boolean {
  const expected = questions.filter((question) => !question.flood).length;
  const flood = Math.min(PER_MINUTE, questions.length - expected);
  return now.answered >= expected + flood && now.digestsDelivered >= subscribers;
}

/** Posts each question's update through the front at its planned time. */
async function postAll(
  front: RoundRobinFront,
  questions: readonly PlannedQuestion[],
  started: number,
  postedAt: Map<number, number>,
): Promise<void> {
  await Promise.all(
    questions.map(async (question) => {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + question.atMs - Date.now())));
      const at = Date.now();
      postedAt.set(question.updateId, at);
      await fetch(`${front.url}/telegram`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
        body: JSON.stringify(toUpdate(question, at)),
      }).catch(() => undefined);
    }),
  );
}

/** Subscribers whose digest time passed an hour ago: the next planner tick fans their run out. */
async function seedSubscribers(db: Database, count: number): Promise<string[]> {
  const localTime = new Date(Date.now() - 3_600_000).toISOString().slice(11, 16);
  const chats = Array.from({ length: count }, (_, index) => String(5_000_000 + index));
  for (let start = 0; start < chats.length; start += 1000) {
    await db.query(
      `INSERT INTO subscriptions (platform, chat_id, created_by, local_time, timezone, updated_at)
       SELECT 'telegram', c, 'user-' || c, $2, 'UTC', now() - interval '1 day' FROM unnest($1::text[]) AS c`,
      [chats.slice(start, start + 1000), localTime],
    );
  }
  return chats;
}

async function waitUntil(check: () => boolean, deadline: number, progress: () => void): Promise<void> {
  let lastProgress = Date.now();
  while (!check() && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (Date.now() - lastProgress > 15_000) {
      progress();
      lastProgress = Date.now();
    }
  }
}

function log(args: Args, line: string): void {
  (args.json ? console.error : console.log)(line);
}

function report(args: Args, label: string, result: RunResult): void {
  const t = result.tally;
  const rows: Array<[string, string]> = [
    ['answers per process', result.answersPerProcess.join(' / ')],
    [
      'answered / lost / duplicated',
      `${t.answered} / ${t.lost} / ${t.duplicated} (flooder: ${t.floodAnswered} answered)`,
    ],
    [
      'time to answer p50 / p95',
      `${Math.round(percentile(t.replyMs, 0.5) ?? 0)} ms / ${Math.round(percentile(t.replyMs, 0.95) ?? 0)} ms`,
    ],
    [
      'digests delivered / lost / duplicated',
      `${t.digestsDelivered} / ${t.digestsLost} / ${t.digestsDuplicated}`,
    ],
    ['peak sends overall', `${t.rates.overallPerSecond} in any 1 s (limit 30)`],
    [
      'peak per private chat',
      `${t.rates.privatePerSecond} in any 1 s (limit 1), min gap ${t.rates.privateMinGapMs ?? 'n/a'} ms`,
    ],
    ['peak per group', `${t.rates.groupPerMinute} in any 60 s (limit 20)`],
    ['per-user limit violations', String(t.userLimitViolations)],
    ['notices (limit, busy, errors)', String(t.notices)],
    ['run time', `${result.seconds.toFixed(0)} s`],
  ];
  if (label === 'crash') {
    rows.push([
      'in flight at the kill',
      `${result.inFlightAtKill} webhook updates + ≤ ${SEND_CONCURRENCY} digest sends`,
    ]);
    rows.push(['redelivered by the front', String(result.redelivered)]);
  }
  log(args, `\n${label === 'crash' ? 'Crash run: process 1 SIGKILLed halfway, then restarted' : 'Run'}`);
  for (const [name, value] of rows) log(args, `  ${name.padEnd(40)} ${value}`);
  for (const question of t.lostQuestions.slice(0, 10)) {
    log(
      args,
      `  lost: update ${question.updateId} chat ${question.chatId} at +${question.atMs} ms (${question.group ? 'group' : 'private'})`,
    );
  }
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(
      'bench:scale needs DATABASE_URL (a Postgres server; a scratch database is created and dropped).',
    );
    process.exitCode = 2;
    return;
  }
  const args = parseBenchArgs(process.argv.slice(2));
  const logDir = mkdtempSync(path.join(tmpdir(), 'bench-scale-'));
  log(
    args,
    `bench:scale  ${args.processes} processes, ${args.plan.users} users, ${args.subscribers} digest subscribers; logs in ${logDir}`,
  );
  const normal = await run(args, url, false, logDir);
  report(args, 'run', normal);
  const crashed = args.crash ? await run(args, url, true, logDir) : undefined;
  if (crashed) report(args, 'crash', crashed);
  const lostOf = (result: RunResult) => result.tally.lost + result.tally.digestsLost;
  const duplicatedOf = (result: RunResult) => result.tally.duplicated + result.tally.digestsDuplicated;
  const summary = {
    processes: args.processes,
    peak_overall_per_s: normal.tally.rates.overallPerSecond,
    peak_per_chat_per_s: normal.tally.rates.privatePerSecond,
    peak_group_per_min: normal.tally.rates.groupPerMinute,
    user_limit_violations: normal.tally.userLimitViolations,
    lost: lostOf(normal),
    duplicated: duplicatedOf(normal),
    crash: crashed
      ? {
          lost: lostOf(crashed),
          duplicated: duplicatedOf(crashed),
          in_flight: crashed.inFlightAtKill + SEND_CONCURRENCY,
          peak_overall_per_s: crashed.tally.rates.overallPerSecond,
          peak_per_chat_per_s: crashed.tally.rates.privatePerSecond,
          peak_group_per_min: crashed.tally.rates.groupPerMinute,
          user_limit_violations: crashed.tally.userLimitViolations,
        }
      : null,
  };
  const ok =
    summary.peak_overall_per_s <= 30 &&
    summary.peak_per_chat_per_s <= 1 &&
    summary.peak_group_per_min <= 20 &&
    summary.user_limit_violations === 0 &&
    summary.lost === 0 &&
    summary.duplicated === 0 &&
    (!summary.crash ||
      (summary.crash.lost === 0 &&
        summary.crash.duplicated <= summary.crash.in_flight &&
        summary.crash.peak_overall_per_s <= 30 &&
        summary.crash.peak_per_chat_per_s <= 1 &&
        summary.crash.user_limit_violations === 0));
  log(args, `\n${ok ? 'every limit held' : 'A LIMIT OR DELIVERY CHECK FAILED'}`);
  if (args.json) console.log(JSON.stringify(summary));
  if (!ok) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
