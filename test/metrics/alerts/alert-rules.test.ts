import { describe, expect, it } from 'vitest';
import {
  evaluateRule,
  parseAlertRule,
  parseNumber,
  type AlertCondition,
  type AlertRule,
  type EvaluationInput,
} from '../../../metrics/alerts/alert-rules.ts';

const t0 = Date.parse('2026-05-01T00:00:00Z');
const minutes = (n: number) => new Date(t0 + n * 60_000);

function rule(condition: AlertCondition, overrides: Partial<AlertRule> = {}): AlertRule {
  return {
    id: '7',
    metric: 'akash.gpu.available',
    condition,
    cooldownMs: 0,
    rearmMargin: 0.05,
    armed: true,
    ...overrides,
  };
}

/** Feeds values one per minute through a rule and returns the minutes at which it fired. */
function run(start: AlertRule, values: number[], reference?: (minute: number) => number): number[] {
  let state: AlertRule = start;
  const fired: number[] = [];
  values.forEach((value, minute) => {
    const input: EvaluationInput = {
      now: minutes(minute),
      latest: { value, observedAt: minutes(minute) },
      ...(reference ? { reference: { value: reference(minute), observedAt: minutes(minute - 60) } } : {}),
    };
    const result = evaluateRule(state, input);
    state = { ...state, ...result.state };
    if (result.firing) fired.push(minute);
  });
  return fired;
}

describe('parsing /alert add', () => {
  it('parses thresholds, friendly metric names and options', () => {
    const parsed = parseAlertRule('AKT price above $1.5 cooldown 2h margin 10%');
    expect(parsed).toMatchObject({
      ok: true,
      value: {
        metric: 'token.price_usd{akash-network}',
        condition: { kind: 'above', value: 1.5 },
        cooldownMs: 7_200_000,
        rearmMargin: 0.1,
      },
    });
    expect(parseAlertRule('akash.gpu.available below 100')).toMatchObject({
      ok: true,
      value: { condition: { kind: 'below', value: 100 }, cooldownMs: 6 * 3_600_000, rearmMargin: 0.05 },
    });
  });

  it('parses change and stale conditions', () => {
    expect(parseAlertRule('akash gpus change -10% 24h')).toMatchObject({
      ok: true,
      value: { condition: { kind: 'change', percent: 10, direction: 'down', window: '24h' } },
    });
    expect(parseAlertRule('akash gpus change 20% 7d')).toMatchObject({
      value: { condition: { direction: 'either' } },
    });
    expect(parseAlertRule('akt price stale 30')).toMatchObject({
      value: { condition: { kind: 'stale', minutes: 30 } },
    });
    expect(parseAlertRule('akt price stale 2h')).toMatchObject({
      value: { condition: { kind: 'stale', minutes: 120 } },
    });
  });

  it('suggests a metric on a typo and explains bad input', () => {
    const typo = parseAlertRule('akash.gpu.availble below 100');
    expect(typo.ok).toBe(false);
    expect(!typo.ok && typo.reason).toMatch(/Did you mean: akash\.gpu\.available/);
    expect(parseAlertRule('akt price change 10% 2d')).toEqual({
      ok: false,
      reason: 'The change window must be 1h, 24h or 7d.',
    });
    expect(parseAlertRule('akt price above lots').ok).toBe(false);
    expect(parseAlertRule('above 5').ok).toBe(false);
    expect(parseAlertRule('akt price above 5 snooze 1h').ok).toBe(false);
  });

  it('reads numbers the way people write them', () => {
    expect(parseNumber('2k')).toBe(2000);
    expect(parseNumber('$1,250.5')).toBe(1250.5);
    expect(parseNumber('1.2M')).toBe(1_200_000);
    expect(parseNumber('abc')).toBeUndefined();
  });
});

describe('evaluating rules', () => {
  it('fires once on an upward crossing of "above"', () => {
    expect(run(rule({ kind: 'above', value: 100 }), [90, 95, 101, 105, 110])).toEqual([2]);
  });

  it('does not spam while a value hovers at the threshold (hysteresis)', () => {
    // 96–104 around 100 with a 5 % margin: re-arms only at ≤ 95.
    expect(run(rule({ kind: 'above', value: 100 }), [99, 101, 99, 101, 99, 101, 95, 101])).toEqual([1, 7]);
  });

  it('fires "below" on a downward crossing and re-arms above the margin', () => {
    expect(run(rule({ kind: 'below', value: 100 }), [120, 99, 98, 104, 99, 106, 97])).toEqual([1, 6]);
  });

  it('holds a re-armed crossing back until the cooldown has passed', () => {
    const cooled = rule({ kind: 'above', value: 100 }, { cooldownMs: 5 * 60_000 });
    expect(run(cooled, [101, 90, 101, 101, 101, 101, 101])).toEqual([0, 5]);
  });

  it('does not fire while muted, and fires after the mute if still crossed', () => {
    const muted = rule({ kind: 'above', value: 100 }, { mutedUntil: minutes(3) });
    expect(run(muted, [101, 102, 103, 104])).toEqual([3]);
  });

  it('fires percent changes over a window in the asked direction only', () => {
    const up = rule({ kind: 'change', percent: 10, direction: 'up', window: '1h' });
    const down = rule({ kind: 'change', percent: 10, direction: 'down', window: '1h' });
    const either = rule({ kind: 'change', percent: 10, direction: 'either', window: '1h' });
    const values = [100, 105, 111, 112, 100, 85];
    const reference = () => 100;
    expect(run(up, values, reference)).toEqual([2]);
    expect(run(down, values, reference)).toEqual([5]);
    expect(run(either, values, reference)).toEqual([2, 5]);
  });

  it('reports the change that fired it', () => {
    const up = rule({ kind: 'change', percent: 10, direction: 'up', window: '24h' });
    const result = evaluateRule(up, {
      now: minutes(0),
      latest: { value: 120, observedAt: minutes(0) },
      reference: { value: 100, observedAt: minutes(-1440) },
    });
    expect(result.firing?.changePercent).toBeCloseTo(20);
  });

  it('does nothing without a reference value or with no data for value rules', () => {
    const up = rule({ kind: 'change', percent: 10, direction: 'up', window: '24h' });
    expect(
      evaluateRule(up, { now: minutes(0), latest: { value: 500, observedAt: minutes(0) } }).firing,
    ).toBeUndefined();
    expect(evaluateRule(rule({ kind: 'above', value: 1 }), { now: minutes(0) }).firing).toBeUndefined();
  });

  it('fires "stale" when no data arrived in time, once, and re-arms on fresh data', () => {
    let state = rule({ kind: 'stale', minutes: 30 });
    const last = { value: 1, observedAt: minutes(0) };
    const at = (minute: number, latest = last) => {
      const result = evaluateRule(state, { now: minutes(minute), latest });
      state = { ...state, ...result.state };
      return result.firing;
    };
    expect(at(20)).toBeUndefined();
    expect(at(31)?.key).toBe(`7:stale:${minutes(0).toISOString()}`);
    expect(at(45)).toBeUndefined();
    expect(at(46, { value: 2, observedAt: minutes(46) })).toBeUndefined();
    expect(state.armed).toBe(true);
    expect(evaluateRule(state, { now: minutes(100) }).firing?.key).toBe('7:stale:never');
  });

  it('gives the same key for the same observation, so re-evaluation never doubles an event', () => {
    const input = { now: minutes(1), latest: { value: 101, observedAt: minutes(1) } };
    const first = evaluateRule(rule({ kind: 'above', value: 100 }), input);
    const again = evaluateRule(rule({ kind: 'above', value: 100 }), input);
    expect(first.firing?.key).toBe(again.firing?.key);
  });
});
