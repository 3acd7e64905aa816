/**
 * The one reply model every adapter renders. Text is plain (no markup): each adapter escapes it for
 * its platform, so user or document text can never inject formatting, links or mentions.
 */
export interface Source {
  /** 1-based number the answer text cites as [n]. */
  n: number;
  kind: 'document' | 'metric';
  title: string;
  section?: string;
  /** Document path relative to its knowledge folder, or the metric's API source name. */
  path?: string;
  url?: string;
  /** ISO date (documents) or ISO timestamp (metric observations). */
  date?: string;
}

export interface Button {
  /** Opaque callback id, at most 64 bytes (Telegram's callback_data limit). */
  id: string;
  label: string;
}

export interface Reply {
  /** Paragraphs of plain text. */
  blocks: string[];
  sources: Source[];
  buttons: Button[];
  image?: { png: Uint8Array; alt: string };
  /** Only the asker sees it where the platform allows (Discord ephemeral replies). */
  private?: boolean;
}

export function textReply(...blocks: string[]): Reply {
  return { blocks, sources: [], buttons: [] };
}

/** Whether a reply has anything besides its image to send as text. */
export function hasText(reply: Reply): boolean {
  return reply.blocks.length > 0 || reply.sources.length > 0 || reply.buttons.length > 0;
}

/** What an image-only reply says when the platform would not take its image. */
export function missingImageText(image: NonNullable<Reply['image']>): string {
  return `(Chart not available here: ${image.alt})`;
}
