import { NOT_FINANCIAL_ADVICE } from '../../chat/not-financial-advice.ts';
import type { Reply, Source } from '../../chat/reply.ts';
import type { Network } from '../../retrieval/networks.ts';
import { formatTime } from '../../lib/format-time.ts';
import { capitalise, formatChange, formatValue } from '../series/format.ts';
import { readingSource, sampleNotice, type MetricReading } from '../series/readings.ts';

export interface DigestDocument {
  title: string;
  path: string;
  updatedAt: Date;
  isNew: boolean;
}

export interface DigestContent {
  localDate: string;
  timeZone: string;
  networks: readonly Network[];
  readings: readonly MetricReading[];
  alerts: readonly { summary: string; firedAt: Date }[];
  documents: readonly DigestDocument[];
  topQuestion?: { question: string; count: number };
  chartPng?: Uint8Array;
}

const MAX_ALERTS = 5;
const MAX_DOCUMENTS = 5;

/** Pure: the day's digest as one Reply (text, numbered sources, one chart). */
export function buildDigest(content: DigestContent): Reply {
  const names = content.networks.map(capitalise).join(', ');
  const blocks = [`Daily DePIN digest for ${content.localDate} (${content.timeZone}): ${names}`];
  const sources: Source[] = [];

  if (content.readings.length > 0) {
    const lines = content.readings.map((reading) => {
      const n = sources.push(readingSource(reading, sources.length + 1));
      const stale = reading.stale ? ` · STALE since ${formatTime(reading.observedAt)}` : '';
      return `• ${reading.metric.label}: ${formatValue(reading.value, reading.metric.unit)} · 24 h ${formatChange(reading.change24h)} · 7 d ${formatChange(reading.change7d)}${stale} [${n}]`;
    });
    blocks.push(`Key metrics\n${lines.join('\n')}`);
  } else {
    blocks.push('Key metrics\nNo data yet for these networks.');
  }

  const alerts = content.alerts
    .slice(0, MAX_ALERTS)
    .map((alert) => `• ${formatTime(alert.firedAt)}: ${alert.summary}`);
  const more = content.alerts.length > MAX_ALERTS ? `\n…and ${content.alerts.length - MAX_ALERTS} more` : '';
  blocks.push(
    alerts.length > 0
      ? `Alerts in the last 24 h\n${alerts.join('\n')}${more}`
      : 'No alerts fired in the last 24 h.',
  );

  if (content.documents.length > 0) {
    const lines = content.documents.slice(0, MAX_DOCUMENTS).map((document) => {
      const n = sources.push({
        n: sources.length + 1,
        kind: 'document',
        title: document.title,
        path: document.path,
        date: document.updatedAt.toISOString().slice(0, 10),
      });
      return `• ${document.isNew ? 'New' : 'Updated'}: ${document.title} [${n}]`;
    });
    blocks.push(`Knowledge base\n${lines.join('\n')}`);
  }

  if (content.topQuestion) {
    const times = content.topQuestion.count === 1 ? 'once' : `${content.topQuestion.count} times`;
    blocks.push(`Most asked this week (${times}): "${content.topQuestion.question}" Ask it with /ask.`);
  }

  const notice = sampleNotice(content.readings);
  if (notice) blocks.push(notice);
  blocks.push(NOT_FINANCIAL_ADVICE);
  return {
    blocks,
    sources,
    buttons: [],
    ...(content.chartPng
      ? { image: { png: content.chartPng, alt: `7-day chart of ${names} key metrics` } }
      : {}),
  };
}
