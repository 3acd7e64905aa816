import type { Reply } from '../../chat/reply.ts';
import { describeCondition, type AlertCondition } from './alert-rules.ts';
import { getMetric } from '../series/catalogue.ts';
import { formatTime } from '../../lib/format-time.ts';
import { formatChange, formatValue } from '../series/format.ts';
import { readingSource, sampleNotice, type MetricReading } from '../series/readings.ts';

export interface AlertEventView {
  ruleId: string;
  metric: string;
  condition: AlertCondition;
  value?: number;
  observedAt?: Date;
  source?: string;
  changePercent?: number;
  firedAt: Date;
}

/** "AKT price rose above $1.50": the headline stored with the event and shown first. */
export function summariseFiring(event: Omit<AlertEventView, 'firedAt'>): string {
  const metric = getMetric(event.metric);
  const label = metric?.label ?? event.metric;
  const format = (value: number) => (metric ? formatValue(value, metric.unit) : String(value));
  const condition = event.condition;
  switch (condition.kind) {
    case 'above':
      return `${label} rose above ${format(condition.value)}`;
    case 'below':
      return `${label} fell below ${format(condition.value)}`;
    case 'change':
      return `${label} moved ${formatChange(event.changePercent)} over ${condition.window} (rule: ${describeCondition(condition)})`;
    case 'stale':
      return `${label}: no new data for over ${condition.minutes} min`;
  }
}

/** The alert post: what happened, value vs threshold, the change, time, source, chart, how to mute. */
export function buildAlertReply(
  event: AlertEventView,
  reading?: MetricReading,
  chartPng?: Uint8Array,
): Reply {
  const metric = getMetric(event.metric);
  const format = (value: number) => (metric ? formatValue(value, metric.unit) : String(value));
  const lines = [`🔔 Alert #${event.ruleId}: ${summariseFiring(event)}`];
  const details: string[] = [];
  if (event.value !== undefined) details.push(`Now ${format(event.value)}`);
  if (event.condition.kind === 'above' || event.condition.kind === 'below') {
    details.push(`threshold ${format(event.condition.value)}`);
  }
  if (reading) details.push(`24 h ${formatChange(reading.change24h)}, 7 d ${formatChange(reading.change7d)}`);
  if (event.observedAt) details.push(`observed ${formatTime(event.observedAt)}`);
  if (details.length > 0) lines.push(`${details.join(' · ')}${reading ? ' [1]' : ''}`);
  const notice = reading ? sampleNotice([reading]) : undefined;
  if (notice) lines.push(notice);
  lines.push(`Mute: /alert mute ${event.ruleId} 6h · Remove: /alert remove ${event.ruleId}`);
  return {
    blocks: lines,
    sources: reading ? [readingSource(reading, 1)] : [],
    buttons: [],
    ...(chartPng ? { image: { png: chartPng, alt: `${metric?.label ?? event.metric}, last 24 hours` } } : {}),
  };
}
