/** At most `max` sends in any sliding window of `windowMs`. */
export interface WindowLimit {
  max: number;
  windowMs: number;
}

export interface SendLimiterOptions {
  /** Every chat together. */
  overall: WindowLimit;
  /** The limits of one chat, by its id. */
  perChat(chatId: string): readonly WindowLimit[];
  /** Unprompted sends (alerts, digests) together: what they leave of `overall` is the answers'. */
  bulk?: WindowLimit;
}

/** The part of an AbortSignal the limiter uses (grammY hands over a polyfilled one). */
type Abortable = Pick<AbortSignal, 'aborted' | 'addEventListener' | 'removeEventListener'>;

export interface SendLimiter {
  /** Runs the send once the chat's windows and the overall one have room; rejects if aborted while waiting. */
  run<T>(chatId: string, send: () => Promise<T>, signal?: Abortable, bulk?: boolean): Promise<T>;
}

/**
 * Platforms count arrivals, which jitter by the network and the event loop: windows this much longer
 * than the limit's keep a margin. Past bug: with exactly 1,000 ms, many Telegram slots were reused
 * exactly a second later (the digest sender already counted over 1,050 ms after 31 arrived in one second).
 */
export const RECEIVER_JITTER_MS = 50;

interface Window {
  limit: WindowLimit;
  held: number;
  waiting: Array<() => void>;
}

/**
 * Sliding-window limits that hold wherever the receiver stamps a send. A send takes a slot in each of
 * its windows before it starts and keeps it until windowMs after it settles: the receiver stamps it
 * somewhere between start and settle, so any window of windowMs at the receiver sees at most max.
 * Past bug: Bottleneck's reservoir refreshed per fixed second (57 sends in one sliding second under a
 * backlog), and its minTime spaced the starts only, so a send that left late (a busy event loop)
 * reached Telegram less than a second after the previous one to the same chat.
 */
export function createSendLimiter(options: SendLimiterOptions): SendLimiter {
  const overall: Window = { limit: options.overall, held: 0, waiting: [] };
  const bulk: Window | undefined = options.bulk && { limit: options.bulk, held: 0, waiting: [] };
  const chats = new Map<string, Window[]>();

  function chatWindows(chatId: string): Window[] {
    let windows = chats.get(chatId);
    if (!windows) {
      windows = options.perChat(chatId).map((limit) => ({ limit, held: 0, waiting: [] }));
      chats.set(chatId, windows);
    }
    return windows;
  }

  function release(window: Window): void {
    window.held -= 1;
    window.waiting.shift()?.();
  }

  /** Drops an idle chat's windows, so the map holds only chats with recent sends. */
  function forget(chatId: string, windows: Window[]): void {
    const idle = windows.every((window) => window.held === 0 && window.waiting.length === 0);
    if (idle && chats.get(chatId) === windows) chats.delete(chatId);
  }

  async function acquire(window: Window, signal?: Abortable): Promise<void> {
    if (signal?.aborted) throw new Error('send aborted while waiting for a slot');
    if (window.held < window.limit.max) {
      window.held += 1;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        window.held += 1;
        resolve();
      };
      const onAbort = () => {
        window.waiting.splice(window.waiting.indexOf(grant), 1);
        reject(new Error('send aborted while waiting for a slot'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      window.waiting.push(grant);
    });
  }

  /**
   * Frees the slot once windowMs have passed on the wall clock since the send settled. A timer alone
   * may fire a few ms early by the clock the receiver stamps with (libuv starts it from its cached
   * loop time), so it checks and waits out the rest.
   */
  function releaseAfterWindow(window: Window, settledAt: number, chatId: string, own: Window[]): void {
    const left = settledAt + window.limit.windowMs - Date.now();
    if (left > 0) {
      // unref: a held slot must not keep a stopping process alive for up to a minute.
      setTimeout(() => releaseAfterWindow(window, settledAt, chatId, own), left).unref();
      return;
    }
    release(window);
    forget(chatId, own);
  }

  return {
    async run(chatId, send, signal, isBulk) {
      const own = chatWindows(chatId);
      const windows = [...own, ...(isBulk && bulk ? [bulk] : []), overall];
      const taken: Window[] = [];
      try {
        // Chat windows first, so a chat waiting for its own limit holds no overall slot meanwhile.
        for (const window of windows) {
          await acquire(window, signal);
          taken.push(window);
        }
      } catch (error) {
        taken.forEach(release);
        forget(chatId, own);
        throw error;
      }
      try {
        return await send();
      } finally {
        const settledAt = Date.now();
        for (const window of taken) releaseAfterWindow(window, settledAt, chatId, own);
      }
    },
  };
}
