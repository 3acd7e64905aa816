import { NETWORK_TABLE, networkEntry, tickersOf, type Network } from '../../retrieval/networks.ts';

export type Unit =
  | 'count'
  | 'gpus'
  | 'vcpu'
  | 'percent'
  | 'usd'
  | 'usd_per_day'
  | 'usd_per_30d'
  | 'akt_per_day'
  | 'usd_per_gpu_hour';

export interface MetricDefinition {
  /** Stable id; the ids of API-NOTES.md §7 as written there, labels in braces. */
  id: string;
  network: Network;
  label: string;
  unit: Unit;
  /** Source name, as the poller and the series store know it. */
  source: 'akash-console' | 'coingecko' | 'defillama';
  /** How an investor should read it. */
  help: string;
  /** What people type; matched case- and punctuation-insensitively. */
  aliases: string[];
  /** Shown in digests and /metrics by default. */
  key?: boolean;
  /** The public web page where a reader can check the figure. */
  page: string;
}

/** The Akash Console's public statistics page, built on the same API the poller reads. */
const AKASH_STATS_PAGE = 'https://stats.akash.network';

/** The tokens CoinGecko is polled for, from the network table. */
const coins = NETWORK_TABLE.flatMap((entry) =>
  entry.tokens.flatMap((token) =>
    token.coingeckoId
      ? [
          {
            id: token.coingeckoId,
            network: entry.id,
            ticker: token.ticker,
            tickers: tickersOf(token),
            name: token.name,
          },
        ]
      : [],
  ),
);

const akashConsole: Omit<MetricDefinition, 'page'>[] = [
  {
    id: 'akash.leases.active',
    network: 'akash',
    label: 'Akash active leases',
    unit: 'count',
    source: 'akash-console',
    help: 'Deployments currently paying providers; the most direct measure of demand.',
    aliases: ['akash leases', 'active leases', 'akash deployments', 'leases'],
    key: true,
  },
  {
    id: 'akash.leases.new_24h',
    network: 'akash',
    label: 'Akash new leases (24 h)',
    unit: 'count',
    source: 'akash-console',
    help: 'Leases created in the last 24 hours: new demand, including short test deployments.',
    aliases: ['new leases', 'akash new leases', 'daily leases'],
  },
  {
    id: 'akash.providers.active',
    network: 'akash',
    label: 'Akash active providers',
    unit: 'count',
    source: 'akash-console',
    help: 'Providers online with a successful status check: the supply side of the marketplace.',
    aliases: ['akash providers', 'providers', 'active providers'],
    key: true,
  },
  {
    id: 'akash.gpu.total',
    network: 'akash',
    label: 'Akash GPUs (total)',
    unit: 'gpus',
    source: 'akash-console',
    help: 'All GPUs providers offer on the network, leased or not.',
    aliases: ['akash gpus', 'gpus on akash', 'total gpus', 'akash gpu count', 'gpus'],
    key: true,
  },
  {
    id: 'akash.gpu.leased',
    network: 'akash',
    label: 'Akash GPUs leased',
    unit: 'gpus',
    source: 'akash-console',
    help: 'GPUs in active leases right now.',
    aliases: ['leased gpus', 'akash leased gpus', 'gpus in use'],
  },
  {
    id: 'akash.gpu.available',
    network: 'akash',
    label: 'Akash GPUs available',
    unit: 'gpus',
    source: 'akash-console',
    help: 'GPUs free to lease; a falling number with steady supply means rising demand.',
    aliases: ['available gpus', 'akash available gpus', 'free gpus'],
    key: true,
  },
  {
    id: 'akash.gpu.utilization_pct',
    network: 'akash',
    label: 'Akash GPU utilisation',
    unit: 'percent',
    source: 'akash-console',
    help: 'Share of GPUs leased or pending, (active + pending) / total.',
    aliases: [
      'gpu utilization',
      'gpu utilisation',
      'akash utilization',
      'akash gpu usage',
      'share of gpus leased',
    ],
    key: true,
  },
  {
    id: 'akash.gpu.price_usd_hr',
    network: 'akash',
    label: 'Akash GPU price (avg USD/GPU-hour)',
    unit: 'usd_per_gpu_hour',
    source: 'akash-console',
    help: 'Availability-weighted average of recent provider bids across GPU models.',
    aliases: ['gpu price', 'akash gpu price', 'gpu hourly price', 'gpu cost'],
  },
  {
    id: 'akash.spend.usd_24h',
    network: 'akash',
    label: 'Akash spend (USD, 24 h)',
    unit: 'usd_per_day',
    source: 'akash-console',
    help: 'What tenants paid for leases in the last 24 hours, all denominations in USD.',
    aliases: ['akash spend', 'daily spend', 'akash daily spend', 'akash usage'],
    key: true,
  },
  {
    id: 'akash.spend.akt_24h',
    network: 'akash',
    label: 'Akash spend (AKT, 24 h)',
    unit: 'akt_per_day',
    source: 'akash-console',
    help: 'Lease payments made in AKT in the last 24 hours.',
    aliases: ['akt spend', 'akash spend akt'],
  },
  {
    id: 'akash.cpu.leased',
    network: 'akash',
    label: 'Akash vCPUs leased',
    unit: 'vcpu',
    source: 'akash-console',
    help: 'CPU cores in active leases.',
    aliases: ['akash cpu', 'leased cpu', 'akash cpus'],
  },
];

const akash: MetricDefinition[] = akashConsole.map((metric) => ({ ...metric, page: AKASH_STATS_PAGE }));

const tokens: MetricDefinition[] = coins.flatMap((coin) => [
  {
    id: `token.price_usd{${coin.id}}`,
    network: coin.network,
    label: `${coin.ticker.toUpperCase()} price`,
    unit: 'usd' as const,
    source: 'coingecko' as const,
    help: `${coin.name} token price in USD (CoinGecko).`,
    aliases: [
      ...coin.tickers.flatMap((ticker) => [`${ticker} price`, ticker]),
      `${coin.name} price`,
      `${coin.id} price`,
    ],
    key: true,
    page: coingeckoPage(coin.id),
  },
  {
    id: `token.market_cap_usd{${coin.id}}`,
    network: coin.network,
    label: `${coin.ticker.toUpperCase()} market cap`,
    unit: 'usd' as const,
    source: 'coingecko' as const,
    help: `${coin.name} circulating market capitalisation in USD (CoinGecko).`,
    aliases: [
      ...coin.tickers.flatMap((ticker) => [`${ticker} market cap`, `${ticker} mcap`]),
      `${coin.name} market cap`,
    ],
    page: coingeckoPage(coin.id),
  },
]);

const defi: MetricDefinition[] = [
  ...(['akash-network', 'hivemapper', 'helium'] as const).map((slug) => ({
    id: `defi.fees.usd_24h{${slug}}`,
    network: slugNetwork(slug),
    label: `${slugName(slug)} fees (USD, 24 h)`,
    unit: 'usd_per_day' as const,
    source: 'defillama' as const,
    help:
      slug === 'helium'
        ? 'Helium Mobile HNT buy-and-burn only; DefiLlama reports 0 since 2026-01-02.'
        : `Fees users paid to ${slugName(slug)} in the last 24 hours (DefiLlama).`,
    aliases: [`${slugName(slug)} fees`, `${slugTicker(slug)} fees`],
    page: defillamaPage(slug),
  })),
  ...(['akash-network', 'hivemapper'] as const).map((slug) => ({
    id: `defi.revenue.usd_24h{${slug}}`,
    network: slugNetwork(slug),
    label: `${slugName(slug)} revenue (USD, 24 h)`,
    unit: 'usd_per_day' as const,
    source: 'defillama' as const,
    help: `The protocol's take of the fees in the last 24 hours (DefiLlama).`,
    aliases: [`${slugName(slug)} revenue`, `${slugTicker(slug)} revenue`, `${slugName(slug)} daily revenue`],
    key: true,
    page: defillamaPage(slug),
  })),
  ...(['akash-network', 'hivemapper'] as const).map((slug) => ({
    id: `defi.revenue.usd_30d{${slug}}`,
    network: slugNetwork(slug),
    label: `${slugName(slug)} revenue (USD, 30 d)`,
    unit: 'usd_per_30d' as const,
    source: 'defillama' as const,
    help: 'Protocol revenue over the last 30 days (DefiLlama), the closest to "this month".',
    aliases: [
      `${slugName(slug)} revenue this month`,
      `${slugName(slug)} monthly revenue`,
      `${slugName(slug)} revenue 30d`,
    ],
    page: defillamaPage(slug),
  })),
  {
    id: 'defi.tvl.usd{akash-network}',
    network: 'akash',
    label: 'Akash TVL (USD)',
    unit: 'usd',
    source: 'defillama',
    help: 'Value locked in the protocol as DefiLlama counts it (for Akash mostly staked AKT).',
    aliases: ['akash tvl', 'akt tvl', 'tvl', 'total value locked'],
    page: defillamaPage('akash-network'),
  },
];

function slugNetwork(slug: string): Network {
  const entry = NETWORK_TABLE.find((candidate) => candidate.defillamaSlug === slug);
  if (!entry) throw new Error(`no network in the network table has DefiLlama slug ${slug}`);
  return entry.id;
}
function slugName(slug: string): string {
  return networkEntry(slugNetwork(slug)).name;
}
function slugTicker(slug: string): string {
  return networkEntry(slugNetwork(slug)).tokens[0]!.ticker;
}
function coingeckoPage(coinId: string): string {
  return `https://www.coingecko.com/en/coins/${coinId}`;
}
function defillamaPage(slug: string): string {
  return `https://defillama.com/protocol/${slug}`;
}

export const CATALOGUE: readonly MetricDefinition[] = [...akash, ...tokens, ...defi];

export const COINGECKO_IDS: readonly string[] = coins.map((coin) => coin.id);
export const DEFILLAMA_FEE_SLUGS = ['akash-network', 'hivemapper', 'helium'] as const;
export const DEFILLAMA_REVENUE_SLUGS = ['akash-network', 'hivemapper'] as const;
export const DEFILLAMA_TVL_SLUGS = ['akash-network'] as const;

const byId = new Map(CATALOGUE.map((metric) => [metric.id, metric]));

export function getMetric(id: string): MetricDefinition | undefined {
  return byId.get(id);
}

export function metricsForNetwork(network: Network): MetricDefinition[] {
  return CATALOGUE.filter((metric) => metric.network === network);
}
