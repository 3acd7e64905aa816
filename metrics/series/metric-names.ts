import { editDistance } from '../../lib/edit-distance.ts';
import { CATALOGUE, getMetric, type MetricDefinition } from './catalogue.ts';

/** Names people type for metrics and networks: exact ids, labels, aliases, typo suggestions. */
const byName = new Map<string, MetricDefinition>();
for (const metric of CATALOGUE) {
  for (const name of [metric.id, metric.label, ...metric.aliases]) {
    const key = normalise(name);
    if (!byName.has(key)) byName.set(key, metric);
  }
}

/** Exact id, label or alias, ignoring case, spaces and punctuation. */
export function findMetric(name: string): MetricDefinition | undefined {
  return getMetric(name.trim()) ?? byName.get(normalise(name));
}

/** Closest ids and aliases by edit distance, for "did you mean" and autocomplete. */
export function suggestMetrics(name: string, limit = 3): string[] {
  const wanted = normalise(name);
  if (!wanted) return [];
  const scored: { text: string; distance: number }[] = [];
  for (const [key, metric] of byName) {
    // What was typed so far ranks its completions first, shortest first (autocomplete).
    const distance = key.startsWith(wanted) ? -1000 + key.length : editDistance(wanted, key);
    scored.push({ text: displayName(metric, key), distance });
  }
  scored.sort((a, b) => a.distance - b.distance);
  const threshold = Math.max(3, Math.floor(wanted.length / 2));
  const seen = new Set<string>();
  const result: string[] = [];
  for (const entry of scored) {
    if (entry.distance > threshold || seen.has(entry.text)) continue;
    seen.add(entry.text);
    result.push(entry.text);
    if (result.length === limit) break;
  }
  return result;
}

function displayName(metric: MetricDefinition, key: string): string {
  const alias = [metric.id, ...metric.aliases].find((name) => normalise(name) === key);
  return alias ?? metric.id;
}

export function normalise(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '');
}
