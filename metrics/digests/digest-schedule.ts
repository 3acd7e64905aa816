/**
 * Local delivery times in IANA time zones, with Intl only. A local time that does not exist (the
 * spring-forward gap) is delivered just after the gap; one that exists twice (fall-back) is
 * delivered at its first occurrence: every local date gets exactly one delivery instant.
 */

const ABBREVIATIONS: Record<string, string> = {
  UTC: 'UTC',
  GMT: 'UTC',
  Z: 'UTC',
  WET: 'Europe/Lisbon',
  BST: 'Europe/London',
  CET: 'Europe/Berlin',
  CEST: 'Europe/Berlin',
  EET: 'Europe/Athens',
  EEST: 'Europe/Athens',
  MSK: 'Europe/Moscow',
  IST: 'Asia/Kolkata',
  SGT: 'Asia/Singapore',
  HKT: 'Asia/Hong_Kong',
  JST: 'Asia/Tokyo',
  KST: 'Asia/Seoul',
  AEST: 'Australia/Sydney',
  AEDT: 'Australia/Sydney',
  NZST: 'Pacific/Auckland',
  EST: 'America/New_York',
  EDT: 'America/New_York',
  CST: 'America/Chicago',
  CDT: 'America/Chicago',
  MST: 'America/Denver',
  MDT: 'America/Denver',
  PST: 'America/Los_Angeles',
  PDT: 'America/Los_Angeles',
  BRT: 'America/Sao_Paulo',
};

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** An IANA name ("Europe/Berlin", any case) or a common abbreviation ("CET", "PST") → canonical IANA name. */
export function parseTimeZone(text: string): string | undefined {
  const trimmed = text.trim();
  const mapped = ABBREVIATIONS[trimmed.toUpperCase()];
  if (mapped) return mapped;
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+){0,2}$/.test(trimmed)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** "9:00", "09:30", "21:05" → "HH:MM"; undefined when not a time of day. */
export function parseLocalTime(text: string): string | undefined {
  const match = /^([01]?\d|2[0-3])[:.h]([0-5]\d)$/.exec(text.trim());
  return match ? `${match[1]!.padStart(2, '0')}:${match[2]}` : undefined;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsIn(instant: number, timeZone: string): number[] {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  return [get('year'), get('month'), get('day'), get('hour'), get('minute'), get('second')];
}

/** Offset of the zone from UTC at an instant, in ms (Berlin in summer: +7,200,000). */
function offsetAt(instant: number, timeZone: string): number {
  const [y, mo, d, h, mi, s] = partsIn(instant, timeZone);
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, s!) - Math.floor(instant / 1000) * 1000;
}

export function localDateOf(instant: Date, timeZone: string): LocalDate {
  const [year, month, day] = partsIn(instant.getTime(), timeZone);
  return { year: year!, month: month!, day: day! };
}

export function formatLocalDate(date: LocalDate): string {
  return `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

export function parseLocalDate(text: string): LocalDate {
  const [year, month, day] = text.split('-').map(Number);
  return { year: year!, month: month!, day: day! };
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** The instant a local date and time happen in a zone (see the gap/overlap rule above). */
export function zonedInstant(date: LocalDate, localTime: string, timeZone: string): Date {
  const [hour, minute] = localTime.split(':').map(Number);
  const wall = Date.UTC(date.year, date.month - 1, date.day, hour!, minute!);
  const offsets = [
    ...new Set([
      offsetAt(wall - 86_400_000, timeZone),
      offsetAt(wall + 86_400_000, timeZone),
      offsetAt(wall, timeZone),
    ]),
  ];
  const matches = offsets
    .map((offset) => wall - offset)
    .filter((candidate) => offsetAt(candidate, timeZone) === wall - candidate)
    .sort((a, b) => a - b);
  if (matches[0] !== undefined) return new Date(matches[0]);
  // In a gap the offset grows, so reading the wall time with the offset from before the gap lands
  // as far after the gap as the wall time was into it (02:30 in Berlin's skipped hour → 03:30).
  return new Date(wall - Math.min(...offsets));
}

/** The next delivery strictly after `after`. */
export function nextDelivery(localTime: string, timeZone: string, after: Date): Date {
  const today = localDateOf(after, timeZone);
  for (let days = -1; days <= 2; days++) {
    const instant = zonedInstant(addDays(today, days), localTime, timeZone);
    if (instant > after) return instant;
  }
  throw new Error('unreachable: a delivery exists within two days');
}

export interface DueRun {
  localDate: string;
  dueAt: Date;
}

/**
 * Local dates whose delivery time has passed within the catch-up window (default one day): a
 * process that was down at 09:00 delivers that morning's digest when it starts, once.
 */
export function dueRuns(localTime: string, timeZone: string, now: Date, catchUpMs = 86_400_000): DueRun[] {
  const today = localDateOf(now, timeZone);
  const runs: DueRun[] = [];
  for (const days of [-2, -1, 0]) {
    const date = addDays(today, days);
    const dueAt = zonedInstant(date, localTime, timeZone);
    if (dueAt <= now && now.getTime() - dueAt.getTime() < catchUpMs)
      runs.push({ localDate: formatLocalDate(date), dueAt });
  }
  return runs;
}

export function scheduleKey(localTime: string, timeZone: string): string {
  return `${localTime}@${timeZone}`;
}

export function parseScheduleKey(key: string): { localTime: string; timeZone: string } {
  const at = key.indexOf('@');
  return { localTime: key.slice(0, at), timeZone: key.slice(at + 1) };
}
