/** The default of QUESTION_MAX_CHARS: past this a message is not one question. */
export const MAX_QUESTION_CHARS = 1000;

export type CleanResult = { ok: true; value: string } | { ok: false; reason: string };

/**
 * The one cleaner of questions, for every entry point (chat, CLI, evaluation): normalises what users
 * type and rejects what cannot be a question, with a message that says why.
 */
export function cleanQuestion(raw: string, maxChars = MAX_QUESTION_CHARS): CleanResult {
  const text = raw
    .normalize('NFKC')
    .replace(/[\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF\u00AD]/g, '')
    // Control characters (NUL, escape sequences) would only garble logs and replies.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (text === '') return { ok: false, reason: `Ask me a question, for example: 'What is DePIN?'` };
  if (!/[\p{L}\p{N}]/u.test(text)) {
    return {
      ok: false,
      reason: `I need a question in words, for example: 'How does Render's burn-and-mint model work?'`,
    };
  }
  if (text.length > maxChars) {
    return {
      ok: false,
      reason:
        `That question is ${text.length.toLocaleString('en-US')} characters long; ` +
        `please keep it under ${maxChars.toLocaleString('en-US')} and ask one thing at a time.`,
    };
  }
  return { ok: true, value: text };
}
