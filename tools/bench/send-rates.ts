/** One message the Bot API accepted, stamped with the receiver's clock. */
export interface SentMessage {
  chatId: string;
  at: number;
}

export interface SendRates {
  /** Most messages accepted in any sliding one-second window, all chats together (limit 30). */
  overallPerSecond: number;
  /** The same per private chat, the busiest chat's figure (limit 1). */
  privatePerSecond: number;
  /** Shortest gap between two messages to one private chat, in ms (limit: about 1,000). */
  privateMinGapMs: number | null;
  /** Most messages to one group in any sliding minute (limit 20). */
  groupPerMinute: number;
}

/** Most timestamps within any window of windowMs, sliding over the sorted times. */
export function peakInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while ((sorted[end] ?? 0) - (sorted[start] ?? 0) >= windowMs) start += 1;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}

/** Telegram group and supergroup ids are negative; private chats are the user's positive id. */
const isGroupChat = (chatId: string) => chatId.startsWith('-');

export function measureSendRates(sent: readonly SentMessage[]): SendRates {
  const byChat = new Map<string, number[]>();
  for (const message of sent) {
    const times = byChat.get(message.chatId) ?? [];
    times.push(message.at);
    byChat.set(message.chatId, times);
  }
  let privatePerSecond = 0;
  let privateMinGapMs: number | null = null;
  let groupPerMinute = 0;
  for (const [chatId, times] of byChat) {
    if (isGroupChat(chatId)) {
      groupPerMinute = Math.max(groupPerMinute, peakInWindow(times, 60_000));
      continue;
    }
    privatePerSecond = Math.max(privatePerSecond, peakInWindow(times, 1_000));
    const sorted = [...times].sort((a, b) => a - b);
    for (let index = 1; index < sorted.length; index += 1) {
      const gap = (sorted[index] ?? 0) - (sorted[index - 1] ?? 0);
      privateMinGapMs = privateMinGapMs === null ? gap : Math.min(privateMinGapMs, gap);
    }
  }
  return {
    overallPerSecond: peakInWindow(
      sent.map((message) => message.at),
      1_000,
    ),
    privatePerSecond,
    privateMinGapMs,
    groupPerMinute,
  };
}

/** Nearest-rank percentile of unsorted values; null for none. */
export function percentile(values: readonly number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? null;
}
