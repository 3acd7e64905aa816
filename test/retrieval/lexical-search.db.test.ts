import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { ingestPath } from '../../knowledge/ingest.ts';
import { searchLexical } from '../../retrieval/search-legs.ts';
import { createLocalEmbedder } from '../../retrieval/local-embedder.ts';
import { testEngines } from '../fakes/test-db.ts';
import { createTempFolders } from '../knowledge/knowledge-folder.ts';

const COMMON =
  'GPU leases run on providers. Every GPU lease pays the provider for GPU time. GPU demand grows.';

async function postingCounts(db: Database) {
  const [row] = await db.query<{ postings: string; lexemes: string }>(
    `SELECT (SELECT count(*) FROM chunk_terms) AS postings,
            (SELECT coalesce(sum(length(tsv)), 0) FROM chunks) AS lexemes`,
  );
  return { postings: Number(row!.postings), lexemes: Number(row!.lexemes) };
}

describe.each(testEngines())('impact-ordered lexical search on $name', (engine) => {
  const folders = createTempFolders();
  const embedder = createLocalEmbedder();
  let db: Database;
  let dir: string;

  beforeAll(async () => {
    db = await engine.open();
    dir = folders.empty();
    // Forty pages that all use the common words heavily, and one that also names a rare word once.
    for (let i = 0; i < 40; i++) writeFileSync(join(dir, `gpu-${i}.md`), `# GPU market ${i}\n\n${COMMON}\n`);
    writeFileSync(join(dir, 'rare.md'), `# Notes\n\nA GPU provider in the quokka region joined.\n`);
    await ingestPath(dir, { db, embedder });
  });
  afterAll(async () => {
    await db.close();
    folders.removeAll();
  });

  it('writes one posting per distinct lexeme of every chunk, and replaces them with the document', async () => {
    const before = await postingCounts(db);
    expect(before.postings).toBeGreaterThan(0);
    expect(before.postings).toBe(before.lexemes);
    writeFileSync(join(dir, 'gpu-0.md'), '# GPU market 0\n\nA shorter page about GPU rentals and staking.\n');
    await ingestPath(dir, { db, embedder });
    const after = await postingCounts(db);
    expect(after.postings).toBe(after.lexemes);
    expect(after.postings).not.toBe(before.postings);
  });

  it('orders a term’s postings by how strongly each chunk uses it', async () => {
    const impact = async (path: string) => {
      const [row] = await db.query<{ impact: number }>(
        `SELECT ct.impact FROM chunk_terms ct JOIN chunks c ON c.id = ct.chunk_id
           JOIN documents d ON d.id = c.document_id WHERE ct.lexeme = 'gpu' AND d.path = $1`,
        [path],
      );
      return Number(row?.impact);
    };
    // In the heading and four times in the text, against one mention in the text.
    expect(await impact('gpu-1.md')).toBeGreaterThan(await impact('rare.md'));
    expect(await impact('rare.md')).toBeGreaterThan(0);
  });

  it('finds the chunk with the rare word even when the common word’s list is cut short', async () => {
    // Three postings per term and three candidates: the common term's head is all GPU pages, but
    // the rare term's head holds the one page that names it.
    const [hits] = await searchLexical(db, [{ text: 'gpu provider quokka' }], {
      limit: 5,
      postingsPerTerm: 3,
      candidateLimit: 3,
    });
    expect(hits?.[0]?.path).toBe('rare.md');
    expect(hits?.length).toBeLessThanOrEqual(3);
    expect(hits?.[0]?.coverage).toBeCloseTo(1, 5);
  });
  it('ranks several queries in one statement, each with its own hits and coverage', async () => {
    const lists = await searchLexical(
      db,
      [{ text: 'quokka' }, { text: 'wombatish' }, { text: 'gpu market', asked: 'gpu market wombatish' }],
      { limit: 5 },
    );
    expect(lists).toHaveLength(3);
    expect(lists[0]?.map((hit) => hit.path)).toEqual(['rare.md']);
    expect(lists[0]?.[0]?.coverage).toBeCloseTo(1, 5);
    expect(lists[1]).toEqual([]);
    expect(lists[2]?.[0]?.path).toMatch(/^gpu-\d+\.md$/);
    // A word the corpus never saw counts as the rarest, so coverage falls well short of 1.
    expect(lists[2]?.[0]?.coverage).toBeLessThan(0.7);
  });

  it('does not count a short unknown word without digits as missing evidence, but does count one with digits', async () => {
    const [slang, model] = await searchLexical(
      db,
      [
        { text: 'gpu market', asked: 'gpu market lmao' },
        { text: 'gpu market', asked: 'gpu market nv26' },
      ],
      { limit: 5 },
    );
    expect(slang?.[0]?.coverage).toBeCloseTo(1, 5);
    expect(model?.[0]?.coverage).toBeLessThan(0.7);
  });
});
