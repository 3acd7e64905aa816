import type { MetricDefinition } from '../series/catalogue.ts';
import { findMetric, suggestMetrics } from '../series/metric-names.ts';
import { parseDuration } from '../series/durations.ts';

export const CHANGE_WINDOWS = { '1h': 3_600_000, '24h': 86_400_000, '7d': 604_800_000 } as const;
export type ChangeWindow = keyof typeof CHANGE_WINDOWS;

export type AlertCondition =
  | { kind: 'above'; value: number }
  | { kind: 'below'; value: number }
  | { kind: 'change'; percent: number; direction: 'up' | 'down' | 'either'; window: ChangeWindow }
  | { kind: 'stale'; minutes: number };

export interface AlertRuleSpec {
  metric: string;
  condition: AlertCondition;
  cooldownMs: number;
  /** Hysteresis: after firing, the value must come back this fraction past the threshold to re-arm. */
  rearmMargin: number;
}

export interface RuleState {
  armed: boolean;
  lastFiredAt?: Date;
  mutedUntil?: Date;
}

export interface AlertRule extends AlertRuleSpec, RuleState {
  id: string;
}

export const DEFAULT_COOLDOWN_MS = 6 * 3_600_000;
export const DEFAULT_REARM_MARGIN = 0.05;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

const CONDITION_WORDS = new Set(['above', 'below', 'change', 'stale']);
const USAGE =
  'Usage: /alert add <metric> above|below <value> | change <±X%> <1h|24h|7d> | stale <minutes> [cooldown 6h] [margin 5%]';

/** Parses "<metric> <condition> [cooldown <duration>] [margin <X%>]"; the metric may be several words. */
export function parseAlertRule(text: string): ParseResult<AlertRuleSpec & { definition: MetricDefinition }> {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  const at = tokens.findIndex((token) => CONDITION_WORDS.has(token.toLowerCase()));
  if (at <= 0) return { ok: false, reason: USAGE };
  const name = tokens.slice(0, at).join(' ');
  const definition = findMetric(name);
  if (!definition) {
    const suggestions = suggestMetrics(name);
    const hint =
      suggestions.length > 0 ? ` Did you mean: ${suggestions.join(', ')}?` : ' See /metrics for the list.';
    return { ok: false, reason: `Unknown metric "${name}".${hint}` };
  }
  const rest = tokens.slice(at).map((token) => token.toLowerCase());
  const condition = parseCondition(rest);
  if (!condition.ok) return condition;
  const options = parseOptions(rest.slice(condition.value.used));
  if (!options.ok) return options;
  return {
    ok: true,
    value: { metric: definition.id, definition, condition: condition.value.condition, ...options.value },
  };
}

function parseCondition(tokens: string[]): ParseResult<{ condition: AlertCondition; used: number }> {
  const [kind, first, second] = tokens;
  if (kind === 'above' || kind === 'below') {
    const value = parseNumber(first);
    if (value === undefined)
      return { ok: false, reason: `"${kind}" needs a number, e.g. ${kind} 1.5 or ${kind} 2k.` };
    const condition: AlertCondition = kind === 'above' ? { kind, value } : { kind, value };
    return { ok: true, value: { condition, used: 2 } };
  }
  if (kind === 'change') {
    const match = /^([+-]|±)?(\d+(?:\.\d+)?)%$/.exec(first ?? '');
    if (!match || Number(match[2]) <= 0) {
      return {
        ok: false,
        reason: '"change" needs a percentage, e.g. change +10% 24h, change -5% 1h or change 20% 7d.',
      };
    }
    if (!second || !(second in CHANGE_WINDOWS)) {
      return { ok: false, reason: 'The change window must be 1h, 24h or 7d.' };
    }
    const direction = match[1] === '+' ? 'up' : match[1] === '-' ? 'down' : 'either';
    const condition = { kind, percent: Number(match[2]), direction, window: second as ChangeWindow } as const;
    return { ok: true, value: { condition, used: 3 } };
  }
  // stale: "stale 30" (minutes) or "stale 2h"
  const ms = /^\d+$/.test(first ?? '') ? Number(first) * 60_000 : parseDuration(first ?? '');
  if (!ms) return { ok: false, reason: '"stale" needs minutes, e.g. stale 30 or stale 2h.' };
  return { ok: true, value: { condition: { kind: 'stale', minutes: ms / 60_000 }, used: 2 } };
}

function parseOptions(tokens: string[]): ParseResult<{ cooldownMs: number; rearmMargin: number }> {
  let cooldownMs = DEFAULT_COOLDOWN_MS;
  let rearmMargin = DEFAULT_REARM_MARGIN;
  for (let i = 0; i < tokens.length; i += 2) {
    const [key, value] = [tokens[i], tokens[i + 1] ?? ''];
    if (key === 'cooldown') {
      const ms = value === '0' ? 0 : parseDuration(value);
      if (ms === undefined) return { ok: false, reason: 'Cooldown is a duration such as 30m, 6h or 1d.' };
      cooldownMs = ms;
    } else if (key === 'margin') {
      const match = /^(\d+(?:\.\d+)?)%$/.exec(value);
      if (!match || Number(match[1]) >= 100)
        return { ok: false, reason: 'Margin is a percentage below 100, e.g. margin 5%.' };
      rearmMargin = Number(match[1]) / 100;
    } else {
      return { ok: false, reason: `Unexpected "${tokens.slice(i).join(' ')}". ${USAGE}` };
    }
  }
  return { ok: true, value: { cooldownMs, rearmMargin } };
}

/** "1.5", "$2,000", "2k", "1.2M", "3b" → number. */
export function parseNumber(text: string | undefined): number | undefined {
  const match = /^\$?(-?\d[\d,]*(?:\.\d+)?)([kmb])?%?$/i.exec(text ?? '');
  if (!match) return undefined;
  const scale = { k: 1e3, m: 1e6, b: 1e9 }[match[2]?.toLowerCase() as 'k' | 'm' | 'b'] ?? 1;
  const value = Number(match[1]!.replace(/,/g, '')) * scale;
  return Number.isFinite(value) ? value : undefined;
}

export interface Observation {
  value: number;
  observedAt: Date;
}

export interface EvaluationInput {
  now: Date;
  latest?: Observation;
  /** The value one window before `latest` (change rules only). */
  reference?: Observation;
}

export interface Firing {
  /** Stable: the rule and the observation that fired it, so re-evaluating never doubles an event. */
  key: string;
  value?: number;
  observedAt?: Date;
  changePercent?: number;
}

export interface Evaluation {
  state: RuleState;
  firing?: Firing;
}

/** Pure: one rule against the newest observation. Fires on a crossing, then re-arms only past the margin. */
export function evaluateRule(rule: AlertRule, input: EvaluationInput): Evaluation {
  const check = checkCondition(rule, input);
  if (!check) return { state: rule };
  if (!rule.armed) return { state: check.clear ? { ...rule, armed: true } : rule };
  if (!check.triggered) return { state: rule };
  const muted = rule.mutedUntil !== undefined && rule.mutedUntil > input.now;
  const cooling =
    rule.lastFiredAt !== undefined && input.now.getTime() - rule.lastFiredAt.getTime() < rule.cooldownMs;
  if (muted || cooling) return { state: rule };
  const latest = input.latest;
  const key = `${rule.id}:${rule.condition.kind}:${latest ? latest.observedAt.toISOString() : 'never'}`;
  return {
    state: { ...rule, armed: false, lastFiredAt: input.now },
    firing: {
      key,
      ...(latest ? { value: latest.value, observedAt: latest.observedAt } : {}),
      ...(check.changePercent !== undefined ? { changePercent: check.changePercent } : {}),
    },
  };
}

interface Check {
  triggered: boolean;
  /** Far enough on the safe side to re-arm. */
  clear: boolean;
  changePercent?: number;
}

function checkCondition(rule: AlertRule, input: EvaluationInput): Check | undefined {
  const condition = rule.condition;
  const latest = input.latest;
  if (condition.kind === 'stale') {
    const age = latest ? input.now.getTime() - latest.observedAt.getTime() : Infinity;
    const limit = condition.minutes * 60_000;
    return { triggered: age > limit, clear: age <= limit };
  }
  if (!latest) return undefined;
  if (condition.kind === 'above' || condition.kind === 'below') {
    const band = rule.rearmMargin * Math.abs(condition.value);
    return condition.kind === 'above'
      ? { triggered: latest.value > condition.value, clear: latest.value <= condition.value - band }
      : { triggered: latest.value < condition.value, clear: latest.value >= condition.value + band };
  }
  const reference = input.reference;
  if (!reference || reference.value === 0) return undefined;
  const change = ((latest.value - reference.value) / Math.abs(reference.value)) * 100;
  const signed =
    condition.direction === 'up' ? change : condition.direction === 'down' ? -change : Math.abs(change);
  return {
    triggered: signed >= condition.percent,
    clear: signed <= condition.percent * (1 - rule.rearmMargin),
    changePercent: change,
  };
}

/** Groups rules by metric once, so one sample evaluates only its own rules. */
export function indexRulesByMetric<R extends AlertRuleSpec>(rules: readonly R[]): Map<string, R[]> {
  const index = new Map<string, R[]>();
  for (const rule of rules) {
    const list = index.get(rule.metric);
    if (list) list.push(rule);
    else index.set(rule.metric, [rule]);
  }
  return index;
}

/** "above 1.5", "change +10% 24h", "stale 30 min": how /alert list and alert messages state a rule. */
export function describeCondition(
  condition: AlertCondition,
  format: (value: number) => string = String,
): string {
  switch (condition.kind) {
    case 'above':
    case 'below':
      return `${condition.kind} ${format(condition.value)}`;
    case 'change': {
      const sign = condition.direction === 'up' ? '+' : condition.direction === 'down' ? '-' : '±';
      return `change ${sign}${condition.percent}% over ${condition.window}`;
    }
    case 'stale':
      return `no new data for ${condition.minutes} min`;
  }
}
