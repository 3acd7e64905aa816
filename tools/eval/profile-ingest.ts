import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createDatabase } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { ingestPath } from '../../knowledge/ingest.ts';
import { createLocalEmbedder } from '../../retrieval/local-embedder.ts';
import { formatSelfTime, parseCpuProfile, selfTimes } from './cpu-profile-top.ts';
import { loadCorpusPools, writeSyntheticCorpus } from './synthetic-corpus.ts';

const sharedDir = fileURLToPath(new URL('../../../shared/', import.meta.url));

/**
 * Where a bulk ingest's main-thread time goes: the bench:retrieval corpus at one size, ingested
 * into a throwaway PGlite folder (or the Postgres database --url names, which must be empty) under
 * the V8 CPU profiler. Writes the .cpuprofile (open it in Chrome DevTools) and prints the top
 * functions by self time. PGlite's WASM runs on this thread, so its share shows here too.
 */
async function main() {
  const { values } = parseArgs({
    options: {
      chunks: { type: 'string', default: '10000' },
      url: { type: 'string' },
      corpus: { type: 'string', default: join(sharedDir, 'corpus') },
      out: { type: 'string', default: 'ingest.cpuprofile' },
      top: { type: 'string', default: '25' },
    },
  });
  const corpusDir = mkdtempSync(join(tmpdir(), 'depin-profile-corpus-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'depin-profile-pglite-'));
  try {
    const pools = await loadCorpusPools(resolve(values.corpus));
    await writeSyntheticCorpus(pools, corpusDir, Number(values.chunks), 20_240_601);
    const db = await createDatabase(values.url ? { url: values.url, dataDir: '' } : { dataDir });
    const session = new Session();
    session.connect();
    try {
      await migrate(db);
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
      const started = performance.now();
      const report = await ingestPath(corpusDir, { db, embedder: createLocalEmbedder() });
      const seconds = (performance.now() - started) / 1000;
      const { profile } = await session.post('Profiler.stop');
      const text = JSON.stringify(profile);
      writeFileSync(values.out, text);
      console.log(
        `${report.chunks} chunks in ${seconds.toFixed(1)} s on ${db.kind}; profile in ${values.out}`,
      );
      // Checked like a profile read from a file: the inspector types its samples as optional.
      for (const row of selfTimes(parseCpuProfile(text)).slice(0, Number(values.top)))
        console.log(formatSelfTime(row));
    } finally {
      session.disconnect();
      await db.close();
    }
  } finally {
    rmSync(corpusDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
