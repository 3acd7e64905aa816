import cliProgress from 'cli-progress';
import type { Logger } from 'pino';
import type { IngestProgress } from './ingest.ts';

/** A progress bar on a terminal; plain log lines (every 10%) everywhere else. */
export function createIngestProgress(
  logger: Logger,
  stream: NodeJS.WriteStream = process.stderr,
): IngestProgress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: 'ingesting [{bar}] {value}/{total} {file}', stream, clearOnComplete: true, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    return {
      start: (total) => bar.start(total, 0, { file: '' }),
      tick: (path) => bar.increment(1, { file: path.length > 40 ? `…${path.slice(-39)}` : path }),
      stop: () => bar.stop(),
    };
  }
  let total = 0;
  let done = 0;
  let lastDecile = -1;
  return {
    start(count) {
      total = count;
      logger.info({ files: count }, 'ingestion started');
    },
    tick() {
      done++;
      const decile = Math.floor((done / Math.max(total, 1)) * 10);
      if (decile !== lastDecile && decile < 10) logger.info({ done, total }, 'ingesting');
      lastDecile = decile;
    },
    stop() {},
  };
}
