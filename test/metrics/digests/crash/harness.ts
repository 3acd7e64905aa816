import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import type { Database } from '../../../../db/database.ts';
import { createAlertEngine } from '../../../../metrics/alerts/alert-engine.ts';
import { parseAlertRule } from '../../../../metrics/alerts/alert-rules.ts';
import { createAlertStore } from '../../../../metrics/alerts/alert-store.ts';
import { createJobQueue } from '../../../../delivery/jobs.ts';
import { createSeriesStore } from '../../../../metrics/series/series-store.ts';
import { createSubscriptionStore } from '../../../../metrics/digests/subscription-store.ts';
import type { ReceivedMessage } from '../../../fakes/bot-api-server.ts';
import { WORKER_JOB_OPTIONS } from './worker-options.ts';

const workerPath = path.join(path.dirname(fileURLToPath(import.meta.url)), 'worker.ts');
const logger = pino({ level: 'silent' });

export interface Seeded {
  digestChats: string[];
  alertChats: string[];
  blockedChats: string[];
}

/**
 * Subscribers whose digest time passed an hour ago (so a starting worker catches the run up) and
 * alert rules that have fired with their delivery jobs enqueued.
 */
export async function seedFanOut(
  db: Database,
  subscribers: number,
  alertRules: number,
  blocked: number,
): Promise<Seeded> {
  const now = new Date();
  const due = new Date(now.getTime() - 3_600_000);
  const localTime = due.toISOString().slice(11, 16);
  const subscriptions = createSubscriptionStore(db);
  const yesterday = new Date(now.getTime() - 86_400_000);
  const digestChats = Array.from({ length: subscribers }, (_, index) => String(100_000 + index));
  for (let start = 0; start < digestChats.length; start += 500) {
    await db.query(
      `INSERT INTO subscriptions (platform, chat_id, created_by, local_time, timezone, updated_at)
       SELECT 'telegram', c, 'user-' || c, $2, 'UTC', $3 FROM unnest($1::text[]) AS c`,
      [digestChats.slice(start, start + 500), localTime, yesterday.toISOString()],
    );
  }
  void subscriptions;
  const queue = await createJobQueue({ db, logger, ...WORKER_JOB_OPTIONS });
  const rules = createAlertStore(db);
  const alertChats = Array.from({ length: alertRules }, (_, index) => `-${200_000 + index}`);
  const parsed = parseAlertRule('akash.gpu.total above 1');
  if (!parsed.ok) throw new Error(parsed.reason);
  for (const chatId of alertChats) {
    await rules.create({
      ...parsed.value,
      channel: { platform: 'telegram', chatId },
      scope: 'channel',
      createdBy: 'mod',
    });
  }
  const store = createSeriesStore(db);
  const sample = { metric: 'akash.gpu.total', value: 300, observedAt: now, source: 'akash-console' };
  await store.insertSamples([sample], now);
  const engine = createAlertEngine({ db, rules, store, queue, clock: { now: () => now }, logger });
  await engine.onNewSamples([sample]);
  await queue.stop();
  return { digestChats, alertChats, blockedChats: digestChats.slice(0, blocked) };
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function startWorker(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', workerPath], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Kills every worker still running (afterAll of a failed test). */
export async function killAllWorkers(): Promise<void> {
  await Promise.all([...running].map((child) => killWorker(child)));
}

export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function stopWorker(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM');
  await exited(child);
}

export async function killWorker(child: ChildProcess): Promise<void> {
  child.kill('SIGKILL');
  await exited(child);
}

export interface Tally {
  missing: string[];
  duplicates: number;
}

/** Who of `chats` got nothing, and how many extra copies went out, for messages matching `kind`. */
export function tally(received: readonly ReceivedMessage[], chats: readonly string[], kind: RegExp): Tally {
  const counts = new Map<string, number>();
  for (const message of received) {
    if (kind.test(message.text)) counts.set(message.chatId, (counts.get(message.chatId) ?? 0) + 1);
  }
  return {
    missing: chats.filter((chat) => !counts.has(chat)),
    duplicates: [...counts.values()].reduce((sum, count) => sum + count - 1, 0),
  };
}
