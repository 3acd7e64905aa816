import { pino, type Logger } from 'pino';

export type { Logger };

/** Paths that may carry secrets; pino replaces them before anything is written. */
const redactPaths = [
  '*.token',
  '*.apiKey',
  '*.password',
  '*.authorization',
  'headers.authorization',
  'config.openai.apiKey',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: redactPaths, censor: '[redacted]' } }, destination);
}

/** Removes bot tokens and bearer keys from free text (error messages often embed request URLs). */
export function redactSecrets(text: string): string {
  return text
    .replace(/bot\d+:[A-Za-z0-9_-]{20,}/g, 'bot[redacted]')
    .replace(/(Bearer|Bot)\s+[A-Za-z0-9._-]{16,}/g, '$1 [redacted]')
    .replace(/sk-[A-Za-z0-9_-]{16,}/g, 'sk-[redacted]');
}
