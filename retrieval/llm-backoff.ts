/**
 * Keeps the bot off a chat model that said "429, come back later": while the pause lasts, questions
 * are answered extractively without calling the model, so a rate limit is not hit again at once.
 */
export interface LlmBackoff {
  /** Milliseconds left of the pause; 0 when the model may be called. */
  remainingMs(): number;
  /** Starts a pause from a failed call, when the failure was a 429; returns its length, or 0. */
  pauseFor(error: unknown): number;
}

/** Thrown instead of calling the model while a pause lasts; the caller answers extractively. */
export class LlmPausedError extends Error {
  constructor(readonly remainingMs: number) {
    super(
      `the chat model asked us to wait (HTTP 429): not calling it for another ${Math.ceil(remainingMs / 1000)} s`,
    );
  }
}

/** Without a Retry-After header, a 429 still pauses the model this long. */
export const DEFAULT_PAUSE_MS = 10_000;
/** A server asking for more than this gets this; the bot tries again after it. */
export const MAX_PAUSE_MS = 10 * 60_000;

export function createLlmBackoff(now: () => number = Date.now): LlmBackoff {
  let until = 0;
  return {
    remainingMs: () => Math.max(0, until - now()),
    pauseFor(error) {
      if (statusOf(error) !== 429) return 0;
      const ms = Math.min(MAX_PAUSE_MS, retryAfterMs(headersOf(error), now()) ?? DEFAULT_PAUSE_MS);
      until = Math.max(until, now() + ms);
      return ms;
    },
  };
}

/**
 * The wait a response asks for: `retry-after-ms` (OpenAI's), else `retry-after` in seconds or as an
 * HTTP date. Undefined when neither is there or readable.
 */
export function retryAfterMs(headers: Headers | undefined, nowMs: number): number | undefined {
  const millis = Number(headers?.get('retry-after-ms') ?? NaN);
  if (Number.isFinite(millis) && millis >= 0) return millis;
  const value = headers?.get('retry-after')?.trim();
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

function headersOf(error: unknown): Headers | undefined {
  const headers = (error as { headers?: unknown } | null)?.headers;
  return headers instanceof Headers ? headers : undefined;
}
