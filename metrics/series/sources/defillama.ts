import { z } from 'zod';
import { DEFILLAMA_FEE_SLUGS, DEFILLAMA_REVENUE_SLUGS, DEFILLAMA_TVL_SLUGS } from '../catalogue.ts';
import type { MetricSource, PollResult, Sample } from '../types.ts';
import { getJson, toFailure, type HttpOptions } from './http.ts';

export const DEFILLAMA_SOURCE = 'defillama';

const usd = z.number().finite().nonnegative();
export const summarySchema = z.object({
  total24h: usd,
  total30d: usd.nullable().optional(),
  totalDataChart: z.array(z.tuple([z.number(), z.number()])).optional(),
});

export interface DefiLlamaOptions extends HttpOptions {
  feeSlugs?: readonly string[];
  revenueSlugs?: readonly string[];
  tvlSlugs?: readonly string[];
  intervalMs?: number;
  now?: () => Date;
}

/**
 * Fees and revenue summaries. The figures are rolling 24 h / 30 d totals cached for 30 min upstream,
 * so the default interval is an hour; the response has no timestamp, so the fetch time is the
 * observation ("the 24 h total as of then").
 */
export function createDefiLlamaSource(options: DefiLlamaOptions): MetricSource {
  const feeSlugs = options.feeSlugs ?? DEFILLAMA_FEE_SLUGS;
  const revenueSlugs = options.revenueSlugs ?? DEFILLAMA_REVENUE_SLUGS;
  const tvlSlugs = options.tvlSlugs ?? DEFILLAMA_TVL_SLUGS;
  const now = options.now ?? (() => new Date());
  return {
    name: DEFILLAMA_SOURCE,
    intervalMs: options.intervalMs ?? 60 * 60_000,
    async poll(signal) {
      const jobs = [
        ...feeSlugs.map((slug) => pollSummary(options, slug, 'dailyFees', now, signal)),
        ...revenueSlugs.map((slug) => pollSummary(options, slug, 'dailyRevenue', now, signal)),
        ...tvlSlugs.map((slug) => pollTvl(options, slug, now, signal)),
      ];
      const result: PollResult = { samples: [], failures: [] };
      for (const part of await Promise.all(jobs)) {
        result.samples.push(...part.samples);
        result.failures.push(...part.failures);
      }
      return result;
    },
  };
}

async function pollSummary(
  options: HttpOptions,
  slug: string,
  dataType: 'dailyFees' | 'dailyRevenue',
  now: () => Date,
  signal?: AbortSignal,
): Promise<PollResult> {
  const endpoint = `/summary/fees/${slug}`;
  const query = `dataType=${dataType}&excludeTotalDataChart=true&excludeTotalDataChartBreakdown=true`;
  const response = await getJson(options, `${endpoint}?${query}`, summarySchema, signal);
  if (!response.ok) return { samples: [], failures: [toFailure(`${endpoint} ${dataType}`, response)] };
  const observedAt = new Date(Math.floor(now().getTime() / 1000) * 1000);
  const kind = dataType === 'dailyFees' ? 'fees' : 'revenue';
  const samples: Sample[] = [
    {
      metric: `defi.${kind}.usd_24h{${slug}}`,
      value: response.value.total24h,
      observedAt,
      source: DEFILLAMA_SOURCE,
    },
  ];
  const total30d = response.value.total30d;
  if (kind === 'revenue' && typeof total30d === 'number') {
    samples.push({
      metric: `defi.revenue.usd_30d{${slug}}`,
      value: total30d,
      observedAt,
      source: DEFILLAMA_SOURCE,
    });
  }
  return { samples, failures: [] };
}

/** `/tvl/{slug}` is a bare JSON number (USD); errors are plain text with HTTP 400. */
async function pollTvl(
  options: HttpOptions,
  slug: string,
  now: () => Date,
  signal?: AbortSignal,
): Promise<PollResult> {
  const endpoint = `/tvl/${slug}`;
  const response = await getJson(options, endpoint, usd, signal);
  if (!response.ok) return { samples: [], failures: [toFailure(endpoint, response)] };
  const observedAt = new Date(Math.floor(now().getTime() / 1000) * 1000);
  return {
    samples: [
      { metric: `defi.tvl.usd{${slug}}`, value: response.value, observedAt, source: DEFILLAMA_SOURCE },
    ],
    failures: [],
  };
}
