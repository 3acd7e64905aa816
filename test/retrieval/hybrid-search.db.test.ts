import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { ingestPath } from '../../knowledge/ingest.ts';
import { ensureEmbeddingSpace, reembedStaleChunks } from '../../retrieval/chunk-store.ts';
import type { Embedder } from '../../retrieval/embedder.ts';
import { hybridSearch, hybridSearchMany } from '../../retrieval/hybrid-search.ts';
import { createLocalEmbedder } from '../../retrieval/local-embedder.ts';
import { createRetriever } from '../../retrieval/retriever.ts';
import { searchVector } from '../../retrieval/search-legs.ts';
import { testEngines } from '../fakes/test-db.ts';
import { FIXTURE_DIR } from '../knowledge/knowledge-folder.ts';

const PARAPHRASE = 'how do providers compete on cost for deployments?';

async function spaces(db: Database) {
  return db.query<{ space: number; dimension: number; count: string | number }>(
    `SELECT embedding_space AS space, vector_dims(embedding) AS dimension, count(*) AS count
       FROM chunks GROUP BY 1, 2 ORDER BY 1`,
  );
}

describe.each(testEngines())('hybrid search on $name', (engine) => {
  let db: Database;
  let embedder: Embedder;
  let spaceId: number;

  beforeAll(async () => {
    db = await engine.open();
    embedder = createLocalEmbedder();
    await ingestPath(FIXTURE_DIR, { db, embedder });
    spaceId = await ensureEmbeddingSpace(db, embedder);
  });
  afterAll(() => db.close());

  it('finds the section that answers a paraphrased question, one hit per section', async () => {
    const hits = await hybridSearch(PARAPHRASE, 5, { db, embedder, spaceId });
    expect(hits[0]).toMatchObject({
      path: 'akash.md',
      section: 'Pricing',
      title: 'Akash Network',
      docDate: '2025-06-01',
    });
    expect(hits[0]!.coverage).toBeGreaterThan(0);
    expect(hits[0]!.similarity).toBeGreaterThan(0);
    const sections = hits.map((hit) => `${hit.path}#${hit.section}`);
    expect(new Set(sections).size).toBe(sections.length);
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
  });

  it('finds a section by synonym and ticker: decentralized wireless, $HONEY', async () => {
    expect(
      (await hybridSearch('which DeWi network sells a phone plan', 3, { db, embedder, spaceId }))[0]?.path,
    ).toBe('helium.txt');
    expect((await hybridSearch('how do drivers earn $HONEY', 3, { db, embedder, spaceId }))[0]?.path).toBe(
      'hivemapper.md',
    );
  });

  it('answers several questions in one call exactly as it answers each alone', async () => {
    const questions = [PARAPHRASE, 'which DeWi network sells a phone plan', 'how do drivers earn $HONEY'];
    const together = await hybridSearchMany(questions, 5, { db, embedder, spaceId });
    const alone = await Promise.all(questions.map((q) => hybridSearch(q, 5, { db, embedder, spaceId })));
    expect(together).toEqual(alone);
    expect(together.map((hits) => hits[0]?.path)).toEqual(['akash.md', 'helium.txt', 'hivemapper.md']);
  });

  it('corrects a misspelt word against the corpus and answers a known FAQ question from its entry', async () => {
    const retriever = createRetriever({ db, embedder, spaceId });
    await retriever.reload();
    const typo = await retriever.retrieve('how does akahs pricing work', 5);
    expect(typo.hits[0]).toMatchObject({ path: 'akash.md', section: 'Pricing' });
    // The answer is composed from the corrected question too.
    expect(typo.searched).toBe('how does akash pricing work');
    const faq = await retriever.retrieve('what is depin', 5);
    expect(faq.faq?.entry.question).toBe('What is DePIN?');
    expect(faq.hits[0]).toMatchObject({ path: 'investor-faq.md', section: 'What is DePIN?' });
  });

  it('retrieves several questions (one with two parts) in one pass exactly as it retrieves each alone', async () => {
    const retriever = createRetriever({ db, embedder, spaceId });
    await retriever.reload();
    const questions = ['what is depin', 'how does akahs pricing work and how do drivers earn $HONEY'];
    const together = await retriever.retrieveMany(questions, 5);
    const alone = await Promise.all(questions.map((q) => retriever.retrieve(q, 5)));
    // The same passages in the same order; coverage may differ in the last float4 digit (sum order).
    const shape = (results: typeof together) =>
      results.map((r) => ({ parts: r.parts, faqCount: r.faqCount, hits: r.hits.map((h) => [h.id, h.text]) }));
    expect(shape(together)).toEqual(shape(alone));
    expect(together[1]?.parts.length).toBe(2);
    expect(together[0]?.hits[0]?.path).toBe('investor-faq.md');
    // Each part of the two-part question gets its best hit into the first results.
    expect(together[1]?.hits.slice(0, 4).map((hit) => hit.path)).toEqual(
      expect.arrayContaining(['akash.md', 'hivemapper.md']),
    );
  });
});

describe.each(testEngines())('changing the embedder on $name', (engine) => {
  let db: Database;
  beforeAll(async () => {
    db = await engine.open();
  });
  afterAll(() => db.close());

  it('re-embeds every chunk into the new space and searches there, never mixing dimensions', async () => {
    const original = createLocalEmbedder();
    await ingestPath(FIXTURE_DIR, { db, embedder: original });
    const originalSpace = await ensureEmbeddingSpace(db, original);
    const before = await spaces(db);
    expect(before.map((row) => [row.space, row.dimension])).toEqual([[originalSpace, 1024]]);
    const total = Number(before[0]!.count);

    const smaller = createLocalEmbedder({ dimension: 256 });
    const newSpace = await ensureEmbeddingSpace(db, smaller);
    expect(newSpace).not.toBe(originalSpace);
    expect(await reembedStaleChunks(db, smaller, newSpace)).toBe(total);
    expect((await spaces(db)).map((row) => [row.space, row.dimension, Number(row.count)])).toEqual([
      [newSpace, 256, total],
    ]);

    const [oldVector] = await original.embed([PARAPHRASE]);
    expect(await searchVector(db, [oldVector!], originalSpace, 5)).toEqual([[]]);
    const hits = await hybridSearch(PARAPHRASE, 5, { db, embedder: smaller, spaceId: newSpace });
    expect(hits[0]).toMatchObject({ path: 'akash.md', section: 'Pricing' });
    expect(hits[0]!.similarity).toBeGreaterThan(0);

    // Ingesting with the new embedder finds nothing to do: the files are unchanged and already re-embedded.
    const again = await ingestPath(FIXTURE_DIR, { db, embedder: smaller });
    expect([again.added, again.updated, again.unchanged]).toEqual([0, 0, 5]);
    expect(await reembedStaleChunks(db, smaller, newSpace)).toBe(0);
  });

  it('refuses an embedder whose dimension changed under the same model name', async () => {
    const known = createLocalEmbedder();
    await ensureEmbeddingSpace(db, known);
    const changed: Embedder = {
      model: known.model,
      dimension: 3,
      embed: async (texts) => texts.map(() => [1, 0, 0]),
    };
    await expect(ensureEmbeddingSpace(db, changed)).rejects.toThrow(
      `Embedding model ${known.model} was stored with dimension 1024 but now returns 3`,
    );
  });
});

describe.each(testEngines())('a comparison of networks on $name', (engine) => {
  let db: Database;
  let folder: string;

  beforeAll(async () => {
    db = await engine.open();
    folder = mkdtempSync(join(tmpdir(), 'depin-sides-'));
    // Four Akash documents speak to the question's words far more than the one Render document.
    for (const n of [1, 2, 3, 4])
      writeFileSync(
        join(folder, `akash-${n}.md`),
        `# Akash lease pricing ${n}\n\nAkash lease pricing: providers bid on lease pricing in a reverse auction, ` +
          `and lease pricing per block follows the bids (note ${n}).\n`,
      );
    writeFileSync(
      join(folder, 'render.md'),
      '# Render jobs\n\nRender jobs are priced per frame by OctaneBench work.\n',
    );
    await ingestPath(folder, { db, embedder: createLocalEmbedder() });
  });
  afterAll(async () => {
    await db.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('searches each side on its own, so every side has a passage among the first', async () => {
    const embedder = createLocalEmbedder();
    const retriever = createRetriever({ db, embedder, spaceId: await ensureEmbeddingSpace(db, embedder) });
    await retriever.reload();
    const question = 'akash lease pricing reverse auction bids vs render';
    const compared = await retriever.retrieve(question, 4);
    expect(compared.hits.map((hit) => hit.path)).toContain('render.md');
    // Named with or without "vs", the second network gets its side.
    const plain = await retriever.retrieve(question.replace(' vs ', ' and '), 4);
    expect(plain.hits.map((hit) => hit.path)).toContain('render.md');
    // Without it, the same words leave Render out of the first four.
    const alone = await retriever.retrieve(question.replace(' vs render', ''), 4);
    expect(alone.hits.map((hit) => hit.path)).not.toContain('render.md');
  });
});
