/**
 * Writes metrics/replay-data.json: the bundled sample series the offline default serves. Run with
 * `npx tsx metrics/build-replay-data.ts`. Deterministic (seeded), so re-running changes nothing.
 *
 * End values come from the recorded fixtures' magnitudes (../shared/fixtures/metrics: ≈60 providers,
 * ≈247 GPUs with ≈120 leased, ≈700 leases, the DePIN price basket) and the seed article's figures
 * (Akash TVL ≈ $800M in April 2026; monthly on-chain revenue Akash $5–8M, Hivemapper $0.5–1M, which
 * DefiLlama counts as fees). They are sample data, not market data.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SNAPSHOT_END = '2026-04-22T12:00:00.000Z';
const STEP_MINUTES = 60;
const POINTS = 8 * 24 + 1;

/** [end value, relative change over the whole window, relative noise per step, decimals] */
const shapes: Record<string, [number, number, number, number]> = {
  'akash.leases.active': [712, 0.06, 0.004, 0],
  'akash.leases.new_24h': [1010, 0.04, 0.02, 0],
  'akash.providers.active': [61, 0.03, 0.006, 0],
  'akash.gpu.total': [247, 0.04, 0.003, 0],
  'akash.gpu.leased': [121, 0.09, 0.01, 0],
  'akash.gpu.available': [116, -0.02, 0.012, 0],
  'akash.gpu.price_usd_hr': [0.86, -0.03, 0.004, 3],
  'akash.spend.usd_24h': [214_000, 0.07, 0.01, 0],
  'akash.spend.akt_24h': [58_500, 0.05, 0.01, 0],
  'akash.cpu.leased': [2_700, 0.02, 0.004, 0],
  'token.price_usd{akash-network}': [1.23, -0.05, 0.008, 4],
  'token.price_usd{render-token}': [3.45, 0.04, 0.009, 4],
  'token.price_usd{filecoin}': [2.6, 0.01, 0.007, 4],
  'token.price_usd{helium}': [2.9, -0.02, 0.008, 4],
  'token.price_usd{helium-mobile}': [0.00045, 0.08, 0.012, 7],
  'token.price_usd{hivemapper}': [0.012, -0.06, 0.011, 6],
  'token.market_cap_usd{akash-network}': [330_000_000, -0.05, 0.008, 0],
  'token.market_cap_usd{render-token}': [1_780_000_000, 0.04, 0.009, 0],
  'token.market_cap_usd{filecoin}': [1_750_000_000, 0.01, 0.007, 0],
  'token.market_cap_usd{helium}': [520_000_000, -0.02, 0.008, 0],
  'token.market_cap_usd{helium-mobile}': [40_000_000, 0.08, 0.012, 0],
  'token.market_cap_usd{hivemapper}': [60_000_000, -0.06, 0.011, 0],
  'defi.fees.usd_24h{akash-network}': [216_000, 0.07, 0.01, 0],
  'defi.fees.usd_24h{hivemapper}': [25_000, 0.03, 0.015, 0],
  'defi.fees.usd_24h{helium}': [0, 0, 0, 0],
  'defi.revenue.usd_24h{akash-network}': [25_900, 0.07, 0.01, 0],
  'defi.revenue.usd_24h{hivemapper}': [18_750, 0.03, 0.015, 0],
  'defi.revenue.usd_30d{akash-network}': [742_000, 0.02, 0.001, 0],
  'defi.revenue.usd_30d{hivemapper}': [560_000, 0.01, 0.001, 0],
  'defi.tvl.usd{akash-network}': [812_000_000, 0.03, 0.003, 0],
};

export function buildReplayData(): ReplayFile {
  let seed = 20260422;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const series: Record<string, number[]> = {};
  for (const [metric, [end, change, noise, decimals]] of Object.entries(shapes)) {
    const start = end / (1 + change);
    const values: number[] = [];
    for (let i = 0; i < POINTS; i++) {
      const trend = start + ((end - start) * i) / (POINTS - 1);
      const wobble = i === POINTS - 1 ? 0 : (random() - 0.5) * 2 * noise * end;
      const factor = 10 ** decimals;
      values.push(Math.max(0, Math.round((trend + wobble) * factor) / factor));
    }
    series[metric] = values;
  }
  // Utilisation is derived from the same GPU counts, as the live source derives it (leased / total),
  // so the two never disagree.
  const leased = series['akash.gpu.leased']!;
  series['akash.gpu.utilization_pct'] = series['akash.gpu.total']!.map((total, i) =>
    total > 0 ? Math.round((1000 * leased[i]!) / total) / 10 : 0,
  );
  return {
    description:
      'Sample data bundled with the bot for offline use: shapes from the recorded API fixtures, figures from the April 2026 sector article. Not market data.',
    snapshotEnd: SNAPSHOT_END,
    stepMinutes: STEP_MINUTES,
    series,
  };
}

export interface ReplayFile {
  description: string;
  snapshotEnd: string;
  stepMinutes: number;
  /** Oldest first; the last value is at snapshotEnd, each earlier one stepMinutes before. */
  series: Record<string, number[]>;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = fileURLToPath(new URL('../metrics/series/replay-data.json', import.meta.url));
  writeFileSync(target, `${JSON.stringify(buildReplayData())}\n`);
  console.log(`wrote ${target}`);
}
