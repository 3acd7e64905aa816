import type { ChatEvent } from './chat-adapter.ts';
import type { Logger } from '../bot/logger.ts';
import type { Reply } from './reply.ts';

/** What the core hands an adapter to send; afterSend receives the platform ids of the sent messages. */
export interface Outgoing {
  reply: Reply;
  afterSend?(messageIds: string[]): Promise<void>;
  /** Separate messages after the reply (a chart); one that fails is logged and never holds back the reply. */
  followUps?: Reply[];
}

export interface Command {
  /** Undefined means: say nothing (a rate-limited user already got their one notice). */
  run(event: ChatEvent, log: Logger): Promise<Outgoing | undefined>;
}

export function say(...blocks: string[]): Outgoing {
  return { reply: { blocks, sources: [], buttons: [] } };
}
