import type { Logger } from 'pino';
import type { Database } from '../../db/database.ts';
import { summariseFiring } from './alert-message.ts';
import { CHANGE_WINDOWS, evaluateRule, type EvaluationInput, type Firing } from './alert-rules.ts';
import type { AlertStore, StoredRule } from './alert-store.ts';
import { jobId, QUEUES, type JobQueue } from '../../delivery/jobs.ts';
import type { SeriesStore } from '../series/series-store.ts';
import type { Clock, Sample } from '../series/types.ts';

export interface AlertEngineDeps {
  db: Database;
  rules: AlertStore;
  store: SeriesStore;
  queue: Pick<JobQueue, 'insert'>;
  clock: Clock;
  logger: Logger;
}

export interface AlertEngine {
  /** Evaluates the rules of every metric that got a new sample; returns the events created. */
  onNewSamples(samples: readonly Sample[]): Promise<number>;
  /** Evaluates "stale" rules (no sample arrives to trigger them). */
  checkStale(): Promise<number>;
}

export function createAlertEngine(deps: AlertEngineDeps): AlertEngine {
  const { rules, store, clock } = deps;

  async function apply(rule: StoredRule, input: EvaluationInput, source?: string): Promise<boolean> {
    const result = evaluateRule(rule, input);
    if (!rule.armed && result.state.armed) await rules.rearm(rule.id);
    if (!result.firing) return false;
    return record(rule, result.firing, input.now, source);
  }

  /** Rule state, event row and delivery job commit together, or none of them does. */
  async function record(rule: StoredRule, firing: Firing, now: Date, source?: string): Promise<boolean> {
    return deps.db.transaction(async (tx) => {
      if (!(await rules.markFired(rule.id, now, tx))) return false;
      const summary = summariseFiring({
        ruleId: rule.id,
        metric: rule.metric,
        condition: rule.condition,
        ...firing,
      });
      const inserted = await tx.query<{ id: string }>(
        `INSERT INTO alert_events (rule_id, event_key, metric, value, observed_at, source, summary, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (event_key) DO NOTHING RETURNING id::text AS id`,
        [
          rule.id,
          firing.key,
          rule.metric,
          firing.value ?? null,
          firing.observedAt?.toISOString() ?? null,
          source ?? null,
          summary,
          now.toISOString(),
        ],
      );
      const event = inserted[0];
      if (!event) return false;
      const data = { eventId: event.id, changePercent: firing.changePercent ?? null };
      await deps.queue.insert(QUEUES.alertDeliver, [{ id: jobId(`alert:${firing.key}`), data }], tx);
      deps.logger.info({ rule: rule.id, key: firing.key }, 'alert fired');
      return true;
    });
  }

  async function referenceFor(metric: string, latest: Sample, window: keyof typeof CHANGE_WINDOWS) {
    const span = CHANGE_WINDOWS[window];
    return store.valueAt(metric, new Date(latest.observedAt.getTime() - span), span / 4);
  }

  return {
    async onNewSamples(samples) {
      const newest = new Map<string, Sample>();
      for (const sample of samples) {
        const current = newest.get(sample.metric);
        if (!current || sample.observedAt > current.observedAt) newest.set(sample.metric, sample);
      }
      if (newest.size === 0) return 0;
      const candidates = await rules.enabledForMetrics([...newest.keys()]);
      const now = clock.now();
      let fired = 0;
      for (const rule of candidates) {
        if (rule.condition.kind === 'stale') continue;
        const latest = newest.get(rule.metric)!;
        const input: EvaluationInput = { now, latest };
        if (rule.condition.kind === 'change') {
          input.reference = await referenceFor(rule.metric, latest, rule.condition.window);
        }
        try {
          if (await apply(rule, input, latest.source)) fired++;
        } catch (error) {
          deps.logger.error({ err: error, rule: rule.id }, 'alert evaluation failed');
        }
      }
      return fired;
    },

    async checkStale() {
      const now = clock.now();
      let fired = 0;
      for (const rule of await rules.enabledStaleRules()) {
        const latest = await store.latest(rule.metric);
        if (await apply(rule, { now, ...(latest ? { latest } : {}) }, latest?.source)) fired++;
      }
      return fired;
    },
  };
}
