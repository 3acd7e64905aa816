import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { createLocalEmbedder } from '../../retrieval/local-embedder.ts';
import { toVectorLiteral } from '../../retrieval/vector-literal.ts';
import { createRandom } from '../../tools/eval/synthetic-corpus.ts';
import { testEngines } from '../fakes/test-db.ts';
import { fixtureChunkTexts } from './fixture-texts.ts';

/** The literal ingestion wrote before: pgvector's toSql, every float64 in full. */
const float64Literal = (vector: readonly number[]) => JSON.stringify(vector);

async function vectorsFromText(): Promise<number[][]> {
  const vectors = await createLocalEmbedder().embed(fixtureChunkTexts());
  const random = createRandom(11);
  // Values across magnitudes, and ones at the edges: float4 midpoints, subnormals, exact halves.
  vectors.push(Array.from({ length: 1024 }, () => (random() - 0.5) * 10 ** -Math.floor(random() * 12)));
  vectors.push([1 + 2 ** -24, -(1 + 3 * 2 ** -24), 0.1 + 2 ** -30, 1e-40, 2 ** -126, 0.5, -0, 1 / 3]);
  return vectors;
}

describe.each(testEngines())('float4 vector literals on $name', (engine) => {
  let db: Database;
  beforeAll(async () => {
    db = await engine.open();
  });
  afterAll(async () => {
    await db.close();
  });

  it('store bit for bit the vectors the float64 text stored', async () => {
    const vectors = await vectorsFromText();
    expect(vectors.length).toBeGreaterThan(20);
    const rows = await db.query<{ n: number; differ: number; old_chars: number; new_chars: number }>(
      `SELECT count(*)::int AS n,
              count(*) FILTER (WHERE vector_send(o::vector) <> vector_send(s::vector))::int AS differ,
              sum(length(o))::int AS old_chars, sum(length(s))::int AS new_chars
         FROM unnest($1::text[], $2::text[]) AS t(o, s)`,
      [vectors.map(float64Literal), vectors.map(toVectorLiteral)],
    );
    expect(rows[0]).toMatchObject({ n: vectors.length, differ: 0 });
    // And the point of it: much less text.
    expect(rows[0]!.new_chars).toBeLessThan(rows[0]!.old_chars * 0.85);
  });
});
