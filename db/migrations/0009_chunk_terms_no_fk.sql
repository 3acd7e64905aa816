-- Postings no longer reference their chunk by a foreign key. The key was checked once per posting
-- (about a hundred per chunk), which cost about 0.23 s per 1,000 chunks written, a sixth of a bulk
-- load's writes. Chunk ids come from a sequence and are never reused, so a posting can only be
-- stale, never point at another chunk; and the one place chunks are deleted, with their documents
-- (deleteDocuments in retrieval/chunk-writer.ts), deletes their postings in the same transaction.
-- Deleting documents by hand must do the same first:
--   DELETE FROM chunk_terms WHERE chunk_id IN (SELECT id FROM chunks WHERE document_id = ...);
-- and postings left behind by a delete that did not are found and removed by
--   DELETE FROM chunk_terms t WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.id = t.chunk_id);
ALTER TABLE chunk_terms DROP CONSTRAINT chunk_terms_chunk_id_fkey;
