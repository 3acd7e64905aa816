/**
 * npm run bench:alerts — 10,000 rules over 100 metrics, one new sample each.
 * 1. Pure evaluation (index by metric + evaluateRule): time and events/s (target ≤ 50 ms).
 * 2. The database path on embedded PGlite: load the rules of the sampled metrics, evaluate, and record
 *    each firing (rule state, event row, delivery job) in its own transaction.
 */
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { createDatabase } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { createAlertEngine } from '../../metrics/alerts/alert-engine.ts';
import {
  evaluateRule,
  indexRulesByMetric,
  type AlertCondition,
  type AlertRule,
} from '../../metrics/alerts/alert-rules.ts';
import { createAlertStore } from '../../metrics/alerts/alert-store.ts';
import { createJobQueue } from '../../delivery/jobs.ts';
import { createSeriesStore } from '../../metrics/series/series-store.ts';
import { openScratchPostgres } from '../../test/fakes/test-db.ts';

const RULES = 10_000;
const METRICS = 100;
const now = new Date('2026-05-01T12:00:00Z');

function makeRules(): AlertRule[] {
  return Array.from({ length: RULES }, (_, index) => {
    const metric = `bench.metric.${index % METRICS}`;
    const kind = index % 4;
    // Thresholds spread so that about half of the rules fire on the sample value 100.
    const threshold = 50 + (index % 100) * 5;
    const condition: AlertCondition =
      kind === 0
        ? { kind: 'above', value: threshold / 5 }
        : kind === 1
          ? { kind: 'below', value: threshold }
          : kind === 2
            ? { kind: 'change', percent: 5 + (index % 40), direction: 'either', window: '24h' }
            : { kind: 'above', value: threshold };
    return {
      id: String(index + 1),
      metric,
      condition,
      cooldownMs: 6 * 3_600_000,
      rearmMargin: 0.05,
      armed: true,
    };
  });
}

function pureBenchmark(rules: AlertRule[]) {
  const samples = Array.from({ length: METRICS }, (_, index) => ({
    metric: `bench.metric.${index}`,
    value: 100,
    observedAt: now,
  }));
  const timings: number[] = [];
  let events = 0;
  for (let round = 0; round < 21; round++) {
    const start = performance.now();
    const index = indexRulesByMetric(rules);
    events = 0;
    for (const sample of samples) {
      for (const rule of index.get(sample.metric) ?? []) {
        const reference = rule.condition.kind === 'change' ? { value: 90, observedAt: now } : undefined;
        if (evaluateRule(rule, { now, latest: sample, ...(reference ? { reference } : {}) }).firing) events++;
      }
    }
    timings.push(performance.now() - start);
  }
  timings.sort((a, b) => a - b);
  const median = timings[10]!;
  console.log(`pure evaluation: ${RULES} rules × ${METRICS} samples`);
  console.log(
    `  median ${median.toFixed(2)} ms, best ${timings[0]!.toFixed(2)} ms, worst ${timings.at(-1)!.toFixed(2)} ms (target ≤ 50 ms)`,
  );
  console.log(
    `  ${events} events per round → ${Math.round(events / (median / 1000)).toLocaleString('en-US')} events/s, ${Math.round(RULES / (median / 1000)).toLocaleString('en-US')} rule evaluations/s`,
  );
}

async function databaseBenchmark(rules: AlertRule[]) {
  const logger = pino({ level: 'silent' });
  // A scratch database of its own on Postgres, never the shared one.
  const url = process.env.DATABASE_URL;
  const db = url ? await openScratchPostgres(url) : await createDatabase({ dataDir: 'memory://' });
  if (!url) await migrate(db);
  const queue = await createJobQueue({ db, logger });
  const store = createSeriesStore(db);
  const alertStore = createAlertStore(db);
  const tag = Date.now().toString(36);
  await db.query(
    `INSERT INTO alert_rules (platform, chat_id, scope, created_by, metric, condition, cooldown_seconds, rearm_margin)
     SELECT 'telegram', 'bench-' || n, 'channel', 'bench', m, c::jsonb, 21600, 0.05
       FROM unnest($1::text[], $2::text[], $3::int[]) AS t(m, c, n)`,
    [
      rules.map((rule) => `${tag}.${rule.metric}`),
      rules.map((rule) => JSON.stringify(rule.condition)),
      rules.map((_, i) => i),
    ],
  );
  const samples = Array.from({ length: METRICS }, (_, index) => ({
    metric: `${tag}.bench.metric.${index}`,
    value: 100,
    observedAt: now,
    source: 'bench',
  }));
  await store.insertSamples(
    samples.map((sample) => ({ ...sample, value: 90, observedAt: new Date(now.getTime() - 86_400_000) })),
    now,
  );
  await store.insertSamples(samples, now);
  const engine = createAlertEngine({
    db,
    rules: alertStore,
    store,
    queue,
    clock: { now: () => now },
    logger,
  });
  const start = performance.now();
  const events = await engine.onNewSamples(samples);
  const elapsed = performance.now() - start;
  console.log(
    `database path (${db.kind}): ${RULES} rules loaded, evaluated and ${events} firings recorded with their jobs`,
  );
  console.log(
    `  ${elapsed.toFixed(0)} ms → ${Math.round(events / (elapsed / 1000)).toLocaleString('en-US')} events/s`,
  );
  await queue.stop();
  await db.close();
}

const rules = makeRules();
pureBenchmark(rules);
await databaseBenchmark(rules);
