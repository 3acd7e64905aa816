import cliProgress from 'cli-progress';
import type { Logger } from 'pino';
import type { IngestProgress } from './ingest.ts';

/**
 * A progress bar on a terminal, with chunks/s and an ETA; plain log lines (every 10%) everywhere
 * else. Ingestion measures its progress in bytes of files (known before any file is chunked), so
 * the ETA holds from the start; re-embedding measures it in chunks.
 */
export function createIngestProgress(
  logger: Logger,
  stream: NodeJS.WriteStream = process.stderr,
  now: () => number = () => performance.now(),
): IngestProgress {
  let phase = '';
  let started = 0;
  let total = 0;
  const rate = (chunks: number) => {
    const seconds = (now() - started) / 1000;
    return seconds > 0 ? Math.round(chunks / seconds) : 0;
  };
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: '{phase} [{bar}] {percentage}% | {chunks} chunks | {rate} chunks/s | ETA {eta_formatted}',
        stream,
        clearOnComplete: true,
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    return {
      start(name, count) {
        phase = name;
        started = now();
        bar.start(Math.max(count, 1), 0, { phase, chunks: 0, rate: 0 });
      },
      update: (done, chunks) => bar.update(done, { chunks, rate: rate(chunks) }),
      stop: () => bar.stop(),
    };
  }
  let lastDecile = -1;
  return {
    start(name, count) {
      phase = name;
      started = now();
      total = count;
      lastDecile = -1;
      logger.info({ total }, `${phase} started`);
    },
    update(done, chunks) {
      const decile = Math.floor((done / Math.max(total, 1)) * 10);
      if (decile === lastDecile || decile >= 10) return;
      lastDecile = decile;
      const perSecond = rate(chunks);
      const seconds = (now() - started) / 1000;
      const etaSeconds = done > 0 ? Math.round((seconds * (total - done)) / done) : undefined;
      logger.info({ done, total, chunks, chunks_per_s: perSecond, eta_s: etaSeconds }, phase);
    },
    stop() {},
  };
}
