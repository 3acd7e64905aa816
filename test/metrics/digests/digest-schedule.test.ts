import { describe, expect, it } from 'vitest';
import {
  dueRuns,
  localDateOf,
  nextDelivery,
  parseLocalTime,
  parseTimeZone,
  zonedInstant,
} from '../../../metrics/digests/digest-schedule.ts';

const iso = (date: Date) => date.toISOString();

describe('time zones and local times', () => {
  it('accepts IANA names in any case and common abbreviations', () => {
    expect(parseTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(parseTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(parseTimeZone('PST')).toBe('America/Los_Angeles');
    expect(parseTimeZone('utc')).toBe('UTC');
    expect(parseTimeZone('Mars/Olympus')).toBeUndefined();
    expect(parseTimeZone('<script>')).toBeUndefined();
  });

  it('reads times of day', () => {
    expect(parseLocalTime('9:00')).toBe('09:00');
    expect(parseLocalTime('21.30')).toBe('21:30');
    expect(parseLocalTime('24:00')).toBeUndefined();
    expect(parseLocalTime('9am')).toBeUndefined();
  });
});

describe('delivery instants', () => {
  it('follows the zone offset through daylight saving (New York, March 2026)', () => {
    const before = nextDelivery('09:00', 'America/New_York', new Date('2026-03-07T15:00:00Z'));
    expect(iso(before)).toBe('2026-03-08T13:00:00.000Z');
    const previous = nextDelivery('09:00', 'America/New_York', new Date('2026-03-06T15:00:00Z'));
    expect(iso(previous)).toBe('2026-03-07T14:00:00.000Z');
  });

  it('delivers a time in the spring-forward gap just after the gap, once', () => {
    // Berlin skips 02:00–03:00 local on 2026-03-29.
    expect(iso(zonedInstant({ year: 2026, month: 3, day: 29 }, '02:30', 'Europe/Berlin'))).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    expect(iso(zonedInstant({ year: 2026, month: 3, day: 28 }, '02:30', 'Europe/Berlin'))).toBe(
      '2026-03-28T01:30:00.000Z',
    );
    expect(iso(zonedInstant({ year: 2026, month: 3, day: 30 }, '02:30', 'Europe/Berlin'))).toBe(
      '2026-03-30T00:30:00.000Z',
    );
  });

  it('delivers a time that happens twice (fall back) at its first occurrence', () => {
    // Berlin repeats 02:00–03:00 local on 2026-10-25.
    expect(iso(zonedInstant({ year: 2026, month: 10, day: 25 }, '02:30', 'Europe/Berlin'))).toBe(
      '2026-10-25T00:30:00.000Z',
    );
  });

  it('works for zones with half-hour offsets and far east of UTC', () => {
    expect(iso(nextDelivery('09:00', 'Asia/Kolkata', new Date('2026-06-01T00:00:00Z')))).toBe(
      '2026-06-01T03:30:00.000Z',
    );
    expect(iso(nextDelivery('07:00', 'Pacific/Auckland', new Date('2026-06-01T00:00:00Z')))).toBe(
      '2026-06-01T19:00:00.000Z',
    );
  });

  it('neither skips nor doubles a day across both DST changes when a clock ticks every 5 minutes', () => {
    for (const [zone, time, start] of [
      ['Europe/Berlin', '02:30', '2026-03-26T00:00:00Z'],
      ['Europe/Berlin', '02:30', '2026-10-22T00:00:00Z'],
      ['America/New_York', '01:30', '2026-11-29T00:00:00Z'],
      ['America/New_York', '09:00', '2026-03-05T00:00:00Z'],
    ] as const) {
      const runs = new Map<string, number>();
      const t0 = Date.parse(start);
      for (let t = t0; t < t0 + 7 * 86_400_000; t += 5 * 60_000) {
        for (const run of dueRuns(time, zone, new Date(t)))
          runs.set(run.localDate, (runs.get(run.localDate) ?? 0) + 1);
      }
      const dates = [...runs.keys()].sort();
      // Each local date is due (and so planned) from its instant on; the planner inserts it once.
      expect(dates.length, `${zone} ${time}`).toBeGreaterThanOrEqual(6);
      for (let i = 1; i < dates.length; i++) {
        const gap = Date.parse(dates[i]!) - Date.parse(dates[i - 1]!);
        expect(gap, `${zone} ${dates[i]}`).toBe(86_400_000);
      }
    }
  });

  it('catches up a run missed while no process was up, within a day', () => {
    const now = new Date('2026-05-02T15:00:00Z');
    expect(dueRuns('09:00', 'UTC', now).map((run) => run.localDate)).toEqual(['2026-05-02']);
    expect(dueRuns('16:00', 'UTC', now).map((run) => run.localDate)).toEqual(['2026-05-01']);
    expect(dueRuns('09:00', 'UTC', now, 3_600_000)).toEqual([]);
  });

  it('knows the local date of an instant', () => {
    expect(localDateOf(new Date('2026-05-01T23:30:00Z'), 'Asia/Tokyo')).toEqual({
      year: 2026,
      month: 5,
      day: 2,
    });
  });
});
