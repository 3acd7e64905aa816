import { randomBytes } from 'node:crypto';
import { isDatabaseUnavailable } from '../db/unavailable.ts';

export type ErrorCode = 'ask.timeout' | 'ask.failed' | 'limits.unavailable' | 'internal';

/** One error type for the app: a code saying what went wrong, the original error as cause. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
  }
}

const userMessages: Record<ErrorCode, string> = {
  'ask.timeout': 'That took too long to answer. Please try again in a moment.',
  'ask.failed': 'Something went wrong while answering.',
  // The shared limits live in Postgres: without them the bot answers no one rather than everyone.
  'limits.unavailable': "I'm busy right now: I can't reach my database. Please try again in a minute.",
  internal: 'Something went wrong on our side.',
};

/** Short id a user can quote to an operator; the same id is in the log line. */
export function newErrorRef(): string {
  return randomBytes(4).toString('hex');
}

/** Said while Postgres is down or restarting: the user can do something about it (wait). */
export const DATABASE_UNAVAILABLE_MESSAGE = "I can't reach my database right now, try again in a minute.";

/** What a chat sees for an error: never the internals, always a reference for the logs. */
export function toUserMessage(error: unknown, ref: string): string {
  if (isDatabaseUnavailable(error)) return DATABASE_UNAVAILABLE_MESSAGE;
  const code: ErrorCode = error instanceof AppError ? error.code : 'internal';
  return `${userMessages[code]} (ref ${ref})`;
}
