/** Socket errors of a server that is down, restarting or unreachable. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);
/** SQLSTATEs of a server shutting down or starting up: admin_shutdown, crash_shutdown, cannot_connect_now. */
const SERVER_GOING_CODES = new Set(['57P01', '57P02', '57P03']);
/** What node-postgres says when the socket went away mid-session or the pool could not connect in time. */
const DRIVER_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|not queryable|the database system is (starting up|shutting down|in recovery mode)/i;

/**
 * Whether an error (or any error it wraps) means the database cannot be reached right now, as
 * opposed to a bad query: the caller can tell the user to try again shortly instead of "something
 * went wrong".
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 5 || typeof error !== 'object' || error === null) return false;
  const { code, message, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string') {
    // SQLSTATE class 08: connection exception.
    if (NETWORK_CODES.has(code) || SERVER_GOING_CODES.has(code) || /^08/.test(code)) return true;
  }
  if (typeof message === 'string' && DRIVER_MESSAGES.test(message)) return true;
  if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}
