import type { Queryable } from '../db/database.ts';
import type { ChannelRef } from '../bot/adapters/types.ts';

export type DeliveryStatus = 'sent' | 'unreachable';

/**
 * What was sent to whom. Neither platform's send API takes an idempotency key, so the ledger is
 * checked right before a send and written right after it: a crash between the two is the only way
 * to send twice, and it can repeat only the sends that were in flight.
 */
export interface DeliveryLedger {
  has(recipient: string, item: string): Promise<boolean>;
  record(
    recipient: string,
    item: string,
    status: DeliveryStatus,
    messageIds?: readonly string[],
  ): Promise<void>;
  /** Forgets deliveries older than `before`: long after any retry of them could still run. */
  prune(before: Date): Promise<number>;
}

export function createDeliveryLedger(db: Queryable): DeliveryLedger {
  return {
    async has(recipient, item) {
      const rows = await db.query('SELECT 1 FROM deliveries WHERE recipient = $1 AND item = $2', [
        recipient,
        item,
      ]);
      return rows.length > 0;
    },
    async record(recipient, item, status, messageIds = []) {
      await db.query(
        `INSERT INTO deliveries (recipient, item, status, message_ids) VALUES ($1, $2, $3, $4)
         ON CONFLICT (recipient, item) DO NOTHING`,
        [recipient, item, status, [...messageIds]],
      );
    },
    async prune(before) {
      const rows = await db.query('DELETE FROM deliveries WHERE delivered_at < $1 RETURNING 1', [
        before.toISOString(),
      ]);
      return rows.length;
    },
  };
}

export function recipientKey(channel: ChannelRef): string {
  return `${channel.platform}:${channel.chatId}:${channel.threadId ?? ''}`;
}
