import type { ChannelRef, ChatAdapter, Platform, SendOutcome } from '../../chat/chat-adapter.ts';
import type { Reply } from '../../chat/reply.ts';

export interface SentMessage {
  channel: ChannelRef;
  reply: Reply;
}

export interface RecordingAdapter extends ChatAdapter {
  sent: SentMessage[];
  /** Decides the outcome per send; default: delivered. */
  behaviour: (channel: ChannelRef, reply: Reply) => SendOutcome | Promise<SendOutcome>;
}

/** A ChatAdapter that records what it was asked to send (component tests of alerts and digests). */
export function createRecordingAdapter(platform: Platform = 'telegram'): RecordingAdapter {
  let counter = 0;
  const adapter: RecordingAdapter = {
    platform,
    sent: [],
    behaviour: () => ({ ok: true, messageIds: [String(++counter)] }),
    async start() {},
    async stop() {},
    async send(channel, reply) {
      const outcome = await adapter.behaviour(channel, reply);
      if (outcome.ok) adapter.sent.push({ channel, reply });
      return outcome;
    },
  };
  return adapter;
}

/** Waits (bounded) until `check` holds; the assertion that follows is what the test is about. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
