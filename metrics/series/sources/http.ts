import type { z } from 'zod';
import type { Fetch } from '../types.ts';

export interface HttpOptions {
  fetch: Fetch;
  baseUrl: string;
  timeoutMs: number;
  headers?: Record<string, string>;
}

export type FetchResult<T> = { ok: true; value: T } | { ok: false; reason: string; retryAfterMs?: number };

const MAX_BODY_EXCERPT = 80;

/**
 * GETs one JSON document and validates it. Every way a remote call goes wrong becomes a short reason:
 * time-outs, HTTP errors (with Retry-After), HTML error pages, plain-text errors, schema mismatches.
 */
export async function getJson<S extends z.ZodType>(
  options: HttpOptions,
  path: string,
  schema: S,
  signal?: AbortSignal,
): Promise<FetchResult<z.output<S>>> {
  const url = joinUrl(options.baseUrl, path);
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let response: Response;
  let text: string;
  try {
    response = await options.fetch(url, {
      headers: { accept: 'application/json', ...options.headers },
      signal: combined,
    });
    text = await response.text();
  } catch (error) {
    if (timeout.aborted) return { ok: false, reason: `timed out after ${options.timeoutMs} ms` };
    if (signal?.aborted) return { ok: false, reason: 'cancelled' };
    return { ok: false, reason: `network error: ${describe(error)}` };
  }
  if (!response.ok) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
    return {
      ok: false,
      reason: `HTTP ${response.status}: ${excerpt(text)}`,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, reason: `not JSON (HTTP ${response.status}): ${excerpt(text)}` };
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(root)';
    return { ok: false, reason: `unexpected shape at ${where}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, value: parsed.data };
}

export function toFailure(
  endpoint: string,
  failure: { reason: string; retryAfterMs?: number },
): { endpoint: string; reason: string; retryAfterMs?: number } {
  return failure.retryAfterMs === undefined
    ? { endpoint, reason: failure.reason }
    : { endpoint, reason: failure.reason, retryAfterMs: failure.retryAfterMs };
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(header: string | null, nowMs: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

function excerpt(text: string): string {
  const isHtml = /^\s*<(!doctype|html|head|body)/i.test(text);
  if (isHtml) {
    const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
    return `HTML page${title ? ` "${title.slice(0, MAX_BODY_EXCERPT)}"` : ''}`;
  }
  const message = jsonErrorMessage(text);
  const oneLine = (message ?? text).replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_BODY_EXCERPT
    ? `${oneLine.slice(0, MAX_BODY_EXCERPT)}…`
    : oneLine || '(empty body)';
}

/** The human part of the JSON error bodies these APIs send ({message}, {status:{error_message}}, {error}). */
function jsonErrorMessage(text: string): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  const queue: unknown[] = [body];
  while (queue.length > 0) {
    const node = queue.shift();
    if (typeof node !== 'object' || node === null) continue;
    const record = node as Record<string, unknown>;
    for (const key of ['message', 'error_message', 'error']) {
      if (typeof record[key] === 'string') return record[key];
    }
    queue.push(...Object.values(record));
  }
  return undefined;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}
