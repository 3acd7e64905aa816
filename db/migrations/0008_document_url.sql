-- The web address a document's front matter gives (`url:`), so its citations can link to it. Filled
-- in by the next ingestion, also for documents whose content has not changed.
ALTER TABLE documents ADD COLUMN url text;
