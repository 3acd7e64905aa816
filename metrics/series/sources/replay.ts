import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { MetricSource, Sample } from '../types.ts';

export const REPLAY_SOURCE = 'replay';

export const replayFileSchema = z.object({
  description: z.string(),
  snapshotEnd: z.iso.datetime(),
  stepMinutes: z.number().int().positive(),
  series: z.record(z.string(), z.array(z.number().finite())),
});
export type ReplayFile = z.infer<typeof replayFileSchema>;

export const DEFAULT_REPLAY_FILE = new URL('../replay-data.json', import.meta.url);

export function loadReplayFile(file: URL | string = DEFAULT_REPLAY_FILE): ReplayFile {
  return replayFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/** Every point of the bundled series, with the dates it was built for (never shifted to "now"). */
export function replaySamples(data: ReplayFile): Sample[] {
  const end = Date.parse(data.snapshotEnd);
  const stepMs = data.stepMinutes * 60_000;
  const samples: Sample[] = [];
  for (const [metric, values] of Object.entries(data.series)) {
    values.forEach((value, index) => {
      const observedAt = new Date(end - (values.length - 1 - index) * stepMs);
      samples.push({ metric, value, observedAt, source: REPLAY_SOURCE });
    });
  }
  return samples;
}

/**
 * The offline default: serves the bundled snapshot series. Polling it again inserts nothing new (the
 * store de-duplicates), and every answer built on it says it is sample data and from when.
 */
export function createReplaySource(
  data: ReplayFile = loadReplayFile(),
  intervalMs = 60 * 60_000,
): MetricSource {
  const samples = replaySamples(data);
  return {
    name: REPLAY_SOURCE,
    intervalMs,
    async poll() {
      return { samples, failures: [] };
    },
  };
}
