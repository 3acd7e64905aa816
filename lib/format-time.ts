/**
 * "2026-04-22 12:00 UTC": unambiguous on every platform and in every locale. A string must already
 * be an ISO timestamp in UTC (as stored and as Date#toISOString writes it).
 */
export function formatTime(instant: Date | string): string {
  const iso = typeof instant === 'string' ? instant : instant.toISOString();
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}
