import type { Queryable } from '../db/database.ts';
import type { ChannelRef } from '../chat/chat-adapter.ts';

export type DeliveryStatus = 'sent' | 'unreachable';

export interface Delivery {
  recipient: string;
  item: string;
  status: DeliveryStatus;
  messageIds?: readonly string[];
}

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
  /** Several deliveries in one statement (the digest fan-out writes its sends in small batches). */
  recordMany(deliveries: readonly Delivery[]): Promise<void>;
  /** Forgets deliveries older than `before`: long after any retry of them could still run. */
  prune(before: Date): Promise<number>;
}

export function createDeliveryLedger(db: Queryable): DeliveryLedger {
  async function recordMany(deliveries: readonly Delivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    const rows = deliveries.map((delivery) => ({
      recipient: delivery.recipient,
      item: delivery.item,
      status: delivery.status,
      message_ids: delivery.messageIds ?? [],
    }));
    await db.query(
      `INSERT INTO deliveries (recipient, item, status, message_ids)
       SELECT recipient, item, status, message_ids
         FROM json_to_recordset($1::json) AS d(recipient text, item text, status text, message_ids text[])
       ON CONFLICT (recipient, item) DO NOTHING`,
      [JSON.stringify(rows)],
    );
  }

  return {
    async has(recipient, item) {
      const rows = await db.query('SELECT 1 FROM deliveries WHERE recipient = $1 AND item = $2', [
        recipient,
        item,
      ]);
      return rows.length > 0;
    },
    record: (recipient, item, status, messageIds = []) =>
      recordMany([{ recipient, item, status, messageIds }]),
    recordMany,
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
