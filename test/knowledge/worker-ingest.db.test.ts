import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { ingestPath } from '../../knowledge/ingest.ts';
import { createLocalEmbedder } from '../../retrieval/local-embedder.ts';
import { testEngines } from '../fakes/test-db.ts';
import { createTempFolders } from './knowledge-folder.ts';
import { snapshotStore } from './store-snapshot.ts';

/** The stored vectors exactly, as pgvector sends them. */
async function vectorBytes(db: Database) {
  return db.query(
    `SELECT d.path, c.position, encode(vector_send(c.embedding), 'hex') AS bytes
       FROM chunks c JOIN documents d ON d.id = c.document_id ORDER BY d.path, c.position`,
  );
}

describe.each(testEngines())('a bulk load embedding on a worker thread on $name', (engine) => {
  const folders = createTempFolders();
  const opened: Database[] = [];
  afterAll(async () => {
    for (const db of opened) await db.close();
    folders.removeAll();
  });

  it('stores the same chunks, vectors and postings as embedding in this thread', async () => {
    const dir = folders.copyFixtures();
    const stores = [];
    for (const offThreadBytes of [0, Infinity]) {
      const db = await engine.open();
      opened.push(db);
      const report = await ingestPath(dir, {
        db,
        embedder: createLocalEmbedder(),
        offThreadBytes,
        batchChunks: 5,
      });
      expect(report.failed).toEqual([]);
      expect(report.chunks).toBeGreaterThanOrEqual(10);
      stores.push({ snapshot: await snapshotStore(db), vectors: await vectorBytes(db) });
    }
    expect(stores[0]).toEqual(stores[1]);
  });
});
