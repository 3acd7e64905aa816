import { z } from 'zod';
import type { MetricSource, PollResult, Sample, SourceFailure } from '../types.ts';
import { getJson, toFailure, type HttpOptions } from './http.ts';

export const AKASH_SOURCE = 'akash-console';
const MICRO = 1e6;

const count = z.number().finite().nonnegative();
const capacityBucket = z.object({ active: count, pending: count, available: count, total: count });

/** `/v1/network-capacity`, nested shape since 2026-01-29 (the legacy flat shape is rejected). */
export const networkCapacitySchema = z.object({
  activeProviderCount: count,
  resources: z.object({ cpu: capacityBucket, gpu: capacityBucket }),
});

const dashboardBlock = z.object({
  date: z.iso.datetime({ offset: true }),
  height: count,
  activeLeaseCount: count,
  dailyLeaseCount: count,
  dailyUUsdSpent: count,
  dailyUAktSpent: count,
});
export const dashboardSchema = z.object({ now: dashboardBlock, compare: dashboardBlock });

const price = z.object({ weightedAverage: z.number().finite().nonnegative() }).nullable();
export const gpuPricesSchema = z.object({
  availability: z.object({ total: count, available: count }),
  models: z.array(
    z.object({
      vendor: z.string(),
      model: z.string(),
      availability: z.object({ total: count, available: count }),
      price,
    }),
  ),
});

/** `/v1/graph-data/{name}`: one point per UTC day. */
export const graphDataSchema = z.object({
  snapshots: z.array(z.object({ date: z.iso.datetime({ offset: true }), value: count })),
});

/** Daily history the Console keeps, as catalogue metrics (money in micro-units). */
const GRAPHS: { name: string; metric: string; scale: number }[] = [
  { name: 'activeLeaseCount', metric: 'akash.leases.active', scale: 1 },
  { name: 'dailyUUsdSpent', metric: 'akash.spend.usd_24h', scale: 1 / MICRO },
  { name: 'dailyUAktSpent', metric: 'akash.spend.akt_24h', scale: 1 / MICRO },
];

async function backfillGraphs(
  options: HttpOptions,
  now: () => Date,
  signal?: AbortSignal,
): Promise<PollResult> {
  const result: PollResult = { samples: [], failures: [] };
  const weekAgo = now().getTime() - 8 * 86_400_000;
  for (const graph of GRAPHS) {
    const endpoint = `/v1/graph-data/${graph.name}`;
    const response = await getJson(options, endpoint, graphDataSchema, signal);
    if (!response.ok) {
      result.failures.push(toFailure(endpoint, response));
      continue;
    }
    for (const snapshot of response.value.snapshots) {
      const observedAt = new Date(snapshot.date);
      // Zeros in a daily series are the same 200-with-zeros failure as on the dashboard.
      if (observedAt.getTime() >= weekAgo && snapshot.value > 0) {
        result.samples.push(sample(graph.metric, snapshot.value * graph.scale, observedAt));
      }
    }
  }
  return result;
}

export interface AkashConsoleOptions extends HttpOptions {
  intervalMs?: number;
  now?: () => Date;
}

export function createAkashConsoleSource(options: AkashConsoleOptions): MetricSource {
  const now = options.now ?? (() => new Date());
  return {
    name: AKASH_SOURCE,
    intervalMs: options.intervalMs ?? 5 * 60_000,
    async poll(signal) {
      const result: PollResult = { samples: [], failures: [] };
      // The endpoints are independent: one failing keeps the others' samples.
      const parts = await Promise.all([
        pollCapacity(options, now, signal),
        pollDashboard(options, signal),
        pollGpuPrices(options, now, signal),
      ]);
      for (const part of parts) {
        result.samples.push(...part.samples);
        result.failures.push(...part.failures);
      }
      return result;
    },
    backfill: (signal) => backfillGraphs(options, now, signal),
  };
}

async function pollCapacity(
  options: HttpOptions,
  now: () => Date,
  signal?: AbortSignal,
): Promise<PollResult> {
  const endpoint = '/v1/network-capacity';
  const response = await getJson(options, endpoint, networkCapacitySchema, signal);
  if (!response.ok) return { samples: [], failures: [toFailure(endpoint, response)] };
  const { activeProviderCount, resources } = response.value;
  if (resources.gpu.total === 0 && activeProviderCount === 0) {
    return failed(endpoint, { reason: 'all-zero capacity (backend failure behind a 200)' });
  }
  // The endpoint carries no timestamp; it is cached for 15 s, so the fetch time is the observation.
  const observedAt = truncateToSecond(now());
  const gpu = resources.gpu;
  const samples = [
    sample('akash.providers.active', activeProviderCount, observedAt),
    sample('akash.gpu.total', gpu.total, observedAt),
    sample('akash.gpu.leased', gpu.active, observedAt),
    sample('akash.gpu.available', gpu.available, observedAt),
    sample('akash.cpu.leased', resources.cpu.active / 1000, observedAt),
  ];
  if (gpu.total > 0) {
    samples.push(
      sample('akash.gpu.utilization_pct', (100 * (gpu.active + gpu.pending)) / gpu.total, observedAt),
    );
  }
  return { samples, failures: [] };
}

async function pollDashboard(options: HttpOptions, signal?: AbortSignal): Promise<PollResult> {
  const endpoint = '/v1/dashboard-data';
  const response = await getJson(options, endpoint, dashboardSchema, signal);
  if (!response.ok) return { samples: [], failures: [toFailure(endpoint, response)] };
  const block = response.value.now;
  // A backend failure still answers 200 with zeros; storing them would look like a 100 % drop.
  if (block.height === 0)
    return failed(endpoint, { reason: 'now.height is 0 (backend failure behind a 200)' });
  const observedAt = new Date(block.date);
  return {
    samples: [
      sample('akash.leases.active', block.activeLeaseCount, observedAt),
      sample('akash.leases.new_24h', block.dailyLeaseCount, observedAt),
      sample('akash.spend.usd_24h', block.dailyUUsdSpent / MICRO, observedAt),
      sample('akash.spend.akt_24h', block.dailyUAktSpent / MICRO, observedAt),
    ],
    failures: [],
  };
}

async function pollGpuPrices(
  options: HttpOptions,
  now: () => Date,
  signal?: AbortSignal,
): Promise<PollResult> {
  const endpoint = '/v1/gpu-prices';
  const response = await getJson(options, endpoint, gpuPricesSchema, signal);
  if (!response.ok) return { samples: [], failures: [toFailure(endpoint, response)] };
  const priced = response.value.models.filter(
    (model) => model.price !== null && model.availability.total > 0,
  );
  if (priced.length === 0) return failed(endpoint, { reason: 'no GPU model has a recent price' });
  let weighted = 0;
  let weights = 0;
  for (const model of priced) {
    weighted += model.price!.weightedAverage * model.availability.total;
    weights += model.availability.total;
  }
  return {
    samples: [sample('akash.gpu.price_usd_hr', weighted / weights, truncateToSecond(now()))],
    failures: [],
  };
}

function sample(metric: string, value: number, observedAt: Date): Sample {
  return { metric, value, observedAt, source: AKASH_SOURCE };
}

function failed(endpoint: string, failure: Omit<SourceFailure, 'endpoint'>): PollResult {
  return { samples: [], failures: [{ endpoint, ...failure }] };
}

function truncateToSecond(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
