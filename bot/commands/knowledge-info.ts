import type { DocumentSummary } from '../../knowledge/document-store.ts';
import { formatTime } from '../../lib/format-time.ts';

/** What /about and /sources read about the knowledge base. */
export interface KnowledgeInfo {
  listDocuments(): Promise<DocumentSummary[]>;
  lastIngestAt(): Promise<string | undefined>;
}

export function formatTimestamp(iso: string | undefined): string {
  return iso === undefined ? 'never' : formatTime(iso);
}
