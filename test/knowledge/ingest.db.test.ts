import { appendFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { ingestPath, MAX_FILE_BYTES, type IngestReport } from '../../knowledge/ingest.ts';
import { createLocalEmbedder } from '../../retrieval/local-embedder.ts';
import { testEngines } from '../fakes/test-db.ts';
import { createTempFolders } from './knowledge-folder.ts';

const FIXTURE_FILES = ['akash.md', 'helium.txt', 'hivemapper.md', 'investor-faq.md', 'render.mdx'];

describe.each(testEngines())('ingesting a folder on $name', (engine) => {
  let db: Database;
  const folders = createTempFolders();
  const embedder = createLocalEmbedder();
  const ingest = (path: string) => ingestPath(path, { db, embedder });

  beforeAll(async () => {
    db = await engine.open();
  });
  afterAll(async () => {
    await db.close();
    folders.removeAll();
  });

  async function stored(root: string) {
    const documents = await db.query<{
      path: string;
      title: string;
      doc_date: string | null;
      chunks: string;
    }>(
      `SELECT d.path, d.title, to_char(d.doc_date, 'YYYY-MM-DD') AS doc_date,
              (SELECT count(*) FROM chunks c WHERE c.document_id = d.id) AS chunks
         FROM documents d WHERE d.root = $1 ORDER BY d.path`,
      [root],
    );
    const chunks = await db.query<{ path: string; section: string; text: string }>(
      `SELECT d.path, c.section, c.text FROM chunks c JOIN documents d ON d.id = c.document_id
        WHERE d.root = $1 ORDER BY d.path, c.position`,
      [root],
    );
    return { documents, chunks };
  }

  const counts = (report: IngestReport) => ({
    added: report.added,
    updated: report.updated,
    removed: report.removed,
    unchanged: report.unchanged,
    failed: report.failed,
  });

  it('stores every document with its title, date and chunks, sections named by heading path', async () => {
    const dir = folders.copyFixtures();
    const report = await ingest(dir);
    expect(counts(report)).toEqual({ added: 5, updated: 0, removed: 0, unchanged: 0, failed: [] });
    const { documents, chunks } = await stored(report.root);
    expect(documents.map((row) => [row.path, row.title, row.doc_date])).toEqual([
      ['akash.md', 'Akash Network', '2025-06-01'],
      ['helium.txt', 'Helium', null],
      ['hivemapper.md', 'Hivemapper', null],
      ['investor-faq.md', 'Investor FAQ', '2025-06-10'],
      ['render.mdx', 'Render Network', '2025-05-15'],
    ]);
    expect(chunks).toHaveLength(report.chunks);
    expect(documents.reduce((sum, row) => sum + Number(row.chunks), 0)).toBe(report.chunks);
    expect(chunks.filter((chunk) => chunk.path === 'akash.md').map((chunk) => chunk.section)).toEqual([
      '',
      'Pricing',
      'AKT token',
      'AKT token > Take rate',
    ]);
    expect(chunks.filter((chunk) => chunk.path === 'investor-faq.md').map((chunk) => chunk.section)).toEqual([
      'What is DePIN?',
      'How do operators get paid for their hardware?',
    ]);
    expect(chunks.find((chunk) => chunk.path === 'hivemapper.md')?.section).toBe('Map coverage');
    const renderText = chunks
      .filter((chunk) => chunk.path === 'render.mdx')
      .map((chunk) => chunk.text)
      .join('\n');
    expect(renderText).toContain('Render connects artists');
    for (const gone of ['import {', 'export const', '<Callout', 'internal note'])
      expect(renderText).not.toContain(gone);
  });

  it('does nothing when run again on unchanged files', async () => {
    const dir = folders.copyFixtures();
    const first = await ingest(dir);
    const before = await stored(first.root);
    const again = await ingest(dir);
    expect(counts(again)).toEqual({ added: 0, updated: 0, removed: 0, unchanged: 5, failed: [] });
    expect(again.chunks).toBe(0);
    expect(await stored(first.root)).toEqual(before);
  });

  it("stores a document's front-matter url, and fills it in for a row stored before the column existed", async () => {
    const dir = folders.copyFixtures();
    writeFileSync(
      join(dir, 'linked.md'),
      '---\ntitle: Linked\nurl: https://akash.network/docs\n---\n# Linked\n\nText.',
    );
    const first = await ingest(dir);
    const urlOf = async () =>
      (
        await db.query<{ path: string; url: string | null }>(
          'SELECT path, url FROM documents WHERE root = $1 ORDER BY path',
          [first.root],
        )
      ).map((row) => [row.path, row.url]);
    expect(await urlOf()).toContainEqual(['linked.md', 'https://akash.network/docs']);
    expect(await urlOf()).toContainEqual(['akash.md', null]);
    // As after the migration: the content is unchanged, so it is not re-chunked, but the link appears.
    await db.query('UPDATE documents SET url = NULL WHERE root = $1', [first.root]);
    const again = await ingest(dir);
    expect(again.unchanged).toBe(6);
    expect(again.chunks).toBe(0);
    expect(await urlOf()).toContainEqual(['linked.md', 'https://akash.network/docs']);
  });

  it('replaces a changed file and removes a deleted one', async () => {
    const dir = folders.copyFixtures();
    await ingest(dir);
    appendFileSync(
      join(dir, 'akash.md'),
      '\n## Provider rewards\n\nProviders also earn AKT inflation rewards on top of lease income.\n',
    );
    rmSync(join(dir, 'hivemapper.md'));
    const report = await ingest(dir);
    expect(counts(report)).toEqual({ added: 0, updated: 1, removed: 1, unchanged: 3, failed: [] });
    const { documents, chunks } = await stored(report.root);
    expect(documents.map((row) => row.path)).toEqual(
      FIXTURE_FILES.filter((file) => file !== 'hivemapper.md'),
    );
    expect(chunks.some((chunk) => chunk.path === 'hivemapper.md')).toBe(false);
    expect(chunks.filter((chunk) => chunk.path === 'akash.md').map((chunk) => chunk.section)).toEqual([
      '',
      'Pricing',
      'AKT token',
      'AKT token > Take rate',
      'Provider rewards',
    ]);
  });

  it('reports a binary file and a 50 MB file by name and ingests the rest', async () => {
    const dir = folders.copyFixtures();
    // A PNG saved with a Markdown name, and a sparse 50 MB file (no disk space used).
    writeFileSync(
      join(dir, 'diagram.md'),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    );
    writeFileSync(join(dir, 'dump.txt'), '');
    truncateSync(join(dir, 'dump.txt'), 50 * 1024 * 1024);
    expect(50 * 1024 * 1024).toBeGreaterThan(MAX_FILE_BYTES);
    const report = await ingest(dir);
    expect(report.failed).toEqual([
      { path: 'diagram.md', reason: expect.stringMatching(/binary/) },
      { path: 'dump.txt', reason: expect.stringMatching(/50\.0 MB.*5 MB/) },
    ]);
    expect(report.added).toBe(5);
    expect((await stored(report.root)).documents.map((row) => row.path)).toEqual(FIXTURE_FILES);
  });

  it('ingests a single file, and nothing from an empty folder', async () => {
    const dir = folders.copyFixtures();
    const single = await ingest(join(dir, 'helium.txt'));
    expect(counts(single)).toEqual({ added: 1, updated: 0, removed: 0, unchanged: 0, failed: [] });
    const empty = await ingest(folders.empty());
    expect(counts(empty)).toEqual({ added: 0, updated: 0, removed: 0, unchanged: 0, failed: [] });
  });

  it('fails with a clear message for a folder that does not exist', async () => {
    const missing = join(folders.empty(), 'no-such-folder');
    await expect(ingest(missing)).rejects.toThrow(
      `Nothing to ingest at ${missing}: the path does not exist.`,
    );
  });
});
