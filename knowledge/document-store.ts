import type { Queryable } from '../db/database.ts';

export interface DocumentSummary {
  id: number;
  path: string;
  title: string;
  docDate?: string;
  updatedAt: string;
  chunks: number;
}

export async function listDocuments(db: Queryable): Promise<DocumentSummary[]> {
  const rows = await db.query<{
    id: string;
    path: string;
    title: string;
    doc_date: string | null;
    updated_at: Date | string;
    chunks: string;
  }>(
    `SELECT d.id, d.path, d.title, to_char(d.doc_date, 'YYYY-MM-DD') AS doc_date, d.updated_at,
            (SELECT count(*) FROM chunks c WHERE c.document_id = d.id) AS chunks
       FROM documents d ORDER BY d.path`,
  );
  return rows.map((row) => ({
    id: Number(row.id),
    path: row.path,
    title: row.title,
    docDate: row.doc_date ?? undefined,
    updatedAt: new Date(row.updated_at).toISOString(),
    chunks: Number(row.chunks),
  }));
}

/** When the last ingestion finished, or undefined before the first. */
export async function lastIngestAt(db: Queryable): Promise<string | undefined> {
  const rows = await db.query<{ finished_at: Date | string }>(
    'SELECT finished_at FROM ingest_runs ORDER BY finished_at DESC LIMIT 1',
  );
  return rows[0] ? new Date(rows[0].finished_at).toISOString() : undefined;
}

/** Documents added or changed since a time, newest first: what a daily digest lists as new. */
export async function documentsUpdatedSince(
  db: Queryable,
  since: Date,
  limit = 10,
): Promise<{ title: string; path: string; updatedAt: Date; isNew: boolean }[]> {
  const rows = await db.query<{
    title: string;
    path: string;
    ingested_at: Date | string;
    updated_at: Date | string;
  }>(
    `SELECT title, path, ingested_at, updated_at FROM documents WHERE updated_at >= $1 ORDER BY updated_at DESC LIMIT $2`,
    [since.toISOString(), limit],
  );
  return rows.map((row) => ({
    title: row.title,
    path: row.path,
    updatedAt: new Date(row.updated_at),
    isNew: new Date(row.ingested_at) >= since,
  }));
}
