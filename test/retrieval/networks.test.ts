import { describe, expect, it } from 'vitest';
import { CATALOGUE, getMetric } from '../../metrics/series/catalogue.ts';
import { NETWORK_TABLE, NETWORKS, networksIn, parseNetwork } from '../../retrieval/networks.ts';

describe('the one network and ticker table', () => {
  it('parses names, tickers and former tickers for commands, in any case', () => {
    expect(parseNetwork('akash')).toBe('akash');
    expect(parseNetwork('AKT')).toBe('akash');
    expect(parseNetwork('Akash Network')).toBe('akash');
    expect(parseNetwork('RNDR')).toBe('render');
    expect(parseNetwork('render')).toBe('render');
    expect(parseNetwork('fil')).toBe('filecoin');
    expect(parseNetwork('HNT')).toBe('helium');
    expect(parseNetwork('mobile')).toBe('helium');
    expect(parseNetwork('honey')).toBe('hivemapper');
    expect(parseNetwork('solana')).toBeUndefined();
  });

  it('marks a text by names, tickers and own terms, but not by tickers that are everyday words', () => {
    expect([...networksIn('RNDR and AKT on Octane')].sort()).toEqual(['akash', 'render']);
    expect([...networksIn('a hotspot earns veHNT')]).toEqual(['helium']);
    expect([...networksIn('a mobile app for the internet of things (IoT)')]).toEqual([]);
  });

  it('gives every polled token a price and a market cap metric, named by all its tickers', () => {
    const coins = NETWORK_TABLE.flatMap((entry) => entry.tokens.flatMap((token) => token.coingeckoId ?? []));
    for (const coin of coins) {
      expect(getMetric(`token.price_usd{${coin}}`)).toBeDefined();
      expect(getMetric(`token.market_cap_usd{${coin}}`)).toBeDefined();
    }
    expect(getMetric('token.price_usd{render-token}')?.aliases).toContain('rndr price');
    expect(new Set(CATALOGUE.map((metric) => metric.network))).toEqual(new Set(NETWORKS));
  });

  it('links every metric to a public page a reader can open', () => {
    for (const metric of CATALOGUE) expect(metric.page).toMatch(/^https:\/\/[a-z.]+(\/|$)/);
    expect(getMetric('akash.gpu.available')?.page).toBe('https://stats.akash.network');
    expect(getMetric('token.price_usd{filecoin}')?.page).toBe('https://www.coingecko.com/en/coins/filecoin');
    expect(getMetric('defi.fees.usd_24h{hivemapper}')?.page).toBe(
      'https://defillama.com/protocol/hivemapper',
    );
  });
});
