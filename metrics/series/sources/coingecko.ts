import { z } from 'zod';
import { COINGECKO_IDS } from '../catalogue.ts';
import type { MetricSource, PollResult, Sample } from '../types.ts';
import { getJson, toFailure, type HttpOptions } from './http.ts';

export const COINGECKO_SOURCE = 'coingecko';

const coinSchema = z.object({
  usd: z.number().finite().positive(),
  usd_market_cap: z.number().finite().nonnegative(),
  usd_24h_change: z.number().finite().nullable().optional(),
  last_updated_at: z.number().int().positive(),
});
export const simplePriceSchema = z.record(z.string(), z.unknown());

const point = z.tuple([z.number().int().positive(), z.number().finite().nonnegative()]);
/** `/coins/{id}/market_chart`: [timestamp in milliseconds, value] pairs, hourly for 2–90 days. */
export const marketChartSchema = z.object({ prices: z.array(point), market_caps: z.array(point) });

export interface CoinGeckoOptions extends Omit<HttpOptions, 'headers'> {
  apiKey?: string;
  ids?: readonly string[];
  intervalMs?: number;
}

/** One `/simple/price` call for the whole basket (the keyless tier allows only a few calls a minute). */
export function createCoinGeckoSource(options: CoinGeckoOptions): MetricSource {
  const ids = options.ids ?? COINGECKO_IDS;
  const http: HttpOptions = {
    ...options,
    // The demo key header is only valid on api.coingecko.com (pro keys use x-cg-pro-api-key on pro-api).
    headers: options.apiKey ? { [keyHeader(options.baseUrl)]: options.apiKey } : undefined,
  };
  const query = new URLSearchParams({
    ids: ids.join(','),
    vs_currencies: 'usd',
    include_market_cap: 'true',
    include_24hr_change: 'true',
    include_last_updated_at: 'true',
  });
  return {
    name: COINGECKO_SOURCE,
    intervalMs: options.intervalMs ?? 5 * 60_000,
    async poll(signal) {
      const endpoint = '/simple/price';
      const response = await getJson(http, `${endpoint}?${query}`, simplePriceSchema, signal);
      if (!response.ok) return { samples: [], failures: [toFailure(endpoint, response)] };
      const result: PollResult = { samples: [], failures: [] };
      for (const id of ids) {
        const parsed = coinSchema.safeParse(response.value[id]);
        if (!parsed.success) {
          // An unknown or delisted id comes back as a missing key, not as an error.
          const reason =
            response.value[id] === undefined ? `no data for ${id}` : `unexpected shape for ${id}`;
          result.failures.push({ endpoint: `${endpoint} ${id}`, reason });
          continue;
        }
        const observedAt = new Date(parsed.data.last_updated_at * 1000);
        result.samples.push(coinSample(`token.price_usd{${id}}`, parsed.data.usd, observedAt));
        // CoinGecko reports 0 when it does not know the circulating supply: unknown, not zero.
        if (parsed.data.usd_market_cap > 0) {
          result.samples.push(
            coinSample(`token.market_cap_usd{${id}}`, parsed.data.usd_market_cap, observedAt),
          );
        }
      }
      return result;
    },
    backfill: (signal) => backfillCoins(http, ids, signal),
  };
}

/** A week of hourly prices and market caps per coin (one call per coin, once at start). */
async function backfillCoins(
  http: HttpOptions,
  ids: readonly string[],
  signal?: AbortSignal,
): Promise<PollResult> {
  const result: PollResult = { samples: [], failures: [] };
  for (const id of ids) {
    const endpoint = `/coins/${id}/market_chart`;
    const response = await getJson(http, `${endpoint}?vs_currency=usd&days=7`, marketChartSchema, signal);
    if (!response.ok) {
      result.failures.push(toFailure(endpoint, response));
      // A rate limit applies to the next coin too; the regular poll carries on regardless.
      if (response.retryAfterMs !== undefined) break;
      continue;
    }
    for (const [at, value] of response.value.prices) {
      if (value > 0) result.samples.push(coinSample(`token.price_usd{${id}}`, value, new Date(at)));
    }
    for (const [at, value] of response.value.market_caps) {
      if (value > 0) result.samples.push(coinSample(`token.market_cap_usd{${id}}`, value, new Date(at)));
    }
  }
  return result;
}

function keyHeader(baseUrl: string): string {
  return baseUrl.includes('pro-api.coingecko.com') ? 'x-cg-pro-api-key' : 'x-cg-demo-api-key';
}

function coinSample(metric: string, value: number, observedAt: Date): Sample {
  return { metric, value, observedAt, source: COINGECKO_SOURCE };
}
