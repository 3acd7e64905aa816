import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { configSchema, loadConfig } from '../../bot/config.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const METRICS_VARIABLES = [
  'METRICS_MODE',
  'METRICS_POLL_SECONDS',
  'AKASH_API_URL',
  'COINGECKO_API_URL',
  'COINGECKO_API_KEY',
  'DEFILLAMA_API_URL',
  'METRICS_TIMEOUT_MS',
  'METRICS_SEND_RATE',
  'METRICS_SEND_CONCURRENCY',
];

describe('metrics configuration', () => {
  it('defaults to the offline replay mode with the public API URLs', () => {
    const result = loadConfig({});
    expect(result.ok && result.value.metrics).toEqual({
      mode: 'replay',
      pollSeconds: undefined,
      akashApiUrl: 'https://console-api.akash.network',
      coingeckoApiUrl: 'https://api.coingecko.com/api/v3',
      coingeckoApiKey: undefined,
      defillamaApiUrl: 'https://api.llama.fi',
      timeoutMs: 10_000,
      sendRatePerSecond: 25,
      sendConcurrency: 8,
    });
  });

  it('reads live mode, a poll override and a key', () => {
    const result = loadConfig({
      METRICS_MODE: 'live',
      METRICS_POLL_SECONDS: '30',
      COINGECKO_API_KEY: ' CG-abc ',
    });
    expect(result.ok && result.value.metrics).toMatchObject({
      mode: 'live',
      pollSeconds: 30,
      coingeckoApiKey: 'CG-abc',
    });
  });

  it('names every bad metrics variable at once', () => {
    const result = loadConfig({
      METRICS_MODE: 'fast',
      METRICS_POLL_SECONDS: '0',
      AKASH_API_URL: 'not a url',
    });
    expect(result.ok).toBe(false);
    const reason = result.ok ? '' : result.reason;
    for (const name of ['METRICS_MODE', 'METRICS_POLL_SECONDS', 'AKASH_API_URL'])
      expect(reason).toContain(name);
  });

  it('lists the metrics variables in the schema and in .env.example', () => {
    const example = readFileSync(path.join(repoRoot, '.env.example'), 'utf8');
    const listed = new Set([...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]));
    for (const name of METRICS_VARIABLES) {
      expect(Object.keys(configSchema.shape)).toContain(name);
      expect(listed.has(name), name).toBe(true);
    }
  });
});
