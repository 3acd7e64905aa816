import type { Source } from '../../chat/reply.ts';
import { formatTime } from '../../lib/format-time.ts';

/** "Title — Section": what a citation is called on every platform. */
export function sourceTitle(source: Source): string {
  return source.section ? `${source.title} — ${source.section}` : source.title;
}

/**
 * "(path, as of 2024-05-01)" or "(source, 2024-05-01 12:00 UTC)"; empty when nothing is known. A
 * linked document needs no file path, but a metric keeps its source name (it says "sample data").
 */
export function sourceDetail(source: Source): string {
  const parts: string[] = [];
  if (source.path && (source.kind === 'metric' || !isWebUrl(source.url))) parts.push(source.path);
  if (source.date) {
    parts.push(
      source.kind === 'metric' && source.date.length > 10
        ? formatTime(source.date)
        : `as of ${source.date.slice(0, 10)}`,
    );
  }
  return parts.length > 0 ? `(${parts.join(', ')})` : '';
}

/** Only web links become clickable; anything else stays text. */
export function isWebUrl(url: string | undefined): url is string {
  return url !== undefined && /^https?:\/\/[^\s]+$/i.test(url);
}
