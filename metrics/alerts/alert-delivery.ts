import type { ChatAdapter, Platform } from '../../chat/chat-adapter.ts';
import type { Queryable } from '../../db/database.ts';
import type { Logger } from 'pino';
import { buildAlertReply } from './alert-message.ts';
import type { AlertCondition } from './alert-rules.ts';
import type { AlertStore } from './alert-store.ts';
import { getMetric } from '../series/catalogue.ts';
import { buildChartSvg, renderPng } from '../series/chart.ts';
import { recipientKey, type DeliveryLedger } from '../../delivery/delivery-ledger.ts';
import { panelFor } from '../series/metrics-overview.ts';
import { readMetric, type ReadingDeps } from '../series/readings.ts';

export interface AlertDeliveryDeps {
  db: Queryable;
  rules: AlertStore;
  ledger: DeliveryLedger;
  adapterFor(platform: Platform): ChatAdapter | undefined;
  readings: ReadingDeps;
  logger: Logger;
  /** Attach a small 24 h chart (off in benchmarks). */
  chart?: boolean;
}

export type DeliveryResult = 'sent' | 'already-sent' | 'rule-gone' | 'unreachable';

interface EventRow {
  rule_id: string;
  event_key: string;
  metric: string;
  value: number | null;
  observed_at: Date | string | null;
  source: string | null;
  created_at: Date | string;
  condition: AlertCondition | string;
}

/** Delivers one alert event: ledger checked before, written right after; transient failures throw (retry). */
export function createAlertDelivery(deps: AlertDeliveryDeps) {
  return async function deliverAlert(
    eventId: string,
    changePercent?: number | null,
    beforeSend: () => Promise<void> = async () => {},
  ): Promise<DeliveryResult> {
    const rows = await deps.db.query<EventRow>(
      `SELECT e.rule_id::text AS rule_id, e.event_key, e.metric, e.value, e.observed_at, e.source, e.created_at, r.condition
         FROM alert_events e JOIN alert_rules r ON r.id = e.rule_id WHERE e.id = $1`,
      [eventId],
    );
    const event = rows[0];
    const rule = event ? await deps.rules.get(event.rule_id) : undefined;
    if (!event || !rule || rule.disabled) return 'rule-gone';
    const recipient = recipientKey(rule.channel);
    const item = `alert:${event.event_key}`;
    if (await deps.ledger.has(recipient, item)) return 'already-sent';
    const adapter = deps.adapterFor(rule.channel.platform);
    if (!adapter) throw new Error(`no ${rule.channel.platform} adapter running`);

    const definition = getMetric(event.metric);
    const reading = definition ? await readMetric(definition, deps.readings) : undefined;
    const png = deps.chart && definition ? await smallChart(definition.id, deps.readings) : undefined;
    const reply = buildAlertReply(
      {
        ruleId: rule.id,
        metric: event.metric,
        condition: rule.condition,
        ...(event.value !== null ? { value: Number(event.value) } : {}),
        ...(event.observed_at ? { observedAt: new Date(event.observed_at) } : {}),
        ...(event.source ? { source: event.source } : {}),
        ...(changePercent != null ? { changePercent } : {}),
        firedAt: new Date(event.created_at),
      },
      reading,
      png,
    );
    await beforeSend();
    const outcome = await adapter.send(rule.channel, reply);
    if (outcome.ok) {
      await deps.ledger.record(recipient, item, 'sent', outcome.messageIds);
      return 'sent';
    }
    if (outcome.reason === 'unreachable') {
      // The moderator sees the reason in /alert list; the chat itself is gone, so nothing is posted.
      // Disable before writing the ledger, so a crash between the two cannot skip the disabling.
      await deps.rules.disable(rule.id, `channel unreachable: ${outcome.detail}`);
      await deps.ledger.record(recipient, item, 'unreachable');
      deps.logger.warn({ rule: rule.id, detail: outcome.detail }, 'alert channel unreachable; rule disabled');
      return 'unreachable';
    }
    throw new Error(`transient send failure: ${outcome.detail}`);
  };

  async function smallChart(metric: string, readings: ReadingDeps): Promise<Uint8Array | undefined> {
    const definition = getMetric(metric)!;
    const to = readings.clock.now();
    const points = await readings.store.series(metric, new Date(to.getTime() - 86_400_000), to);
    if (points.length < 2) return undefined;
    const svg = buildChartSvg({
      title: definition.label,
      panels: [panelFor(definition, points)],
      columns: 1,
    });
    return renderPng(svg);
  }
}
