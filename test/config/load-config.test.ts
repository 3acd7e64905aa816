import { describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../bot/config.ts';

function valid(env: Record<string, string | undefined>): Config {
  const result = loadConfig(env);
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}

describe('loadConfig', () => {
  it('runs offline on the embedded database with no variables set', () => {
    const config = valid({});
    expect(config).toMatchObject({
      logLevel: 'info',
      database: { url: undefined, dataDir: './data' },
      knowledgeDir: './knowledge',
      openai: undefined,
      embeddingModel: undefined,
      telegram: undefined,
      discord: undefined,
    });
    expect(config.metrics).toMatchObject({ mode: 'replay', timeoutMs: 10_000, sendRatePerSecond: 25 });
  });

  it('treats blank values as unset', () => {
    const config = valid({ DATABASE_URL: '  ', OPENAI_API_KEY: '', OPENAI_BASE_URL: ' ' });
    expect(config.database.url).toBeUndefined();
    expect(config.openai).toBeUndefined();
  });

  it('turns the LLM on with a base URL alone, with the default chat model and time-out', () => {
    const config = valid({
      OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
      EMBEDDING_MODEL: 'nomic-embed-text',
    });
    expect(config.openai).toEqual({
      apiKey: undefined,
      baseUrl: 'http://127.0.0.1:11434/v1',
      chatModel: 'gpt-4o-mini',
      timeoutMs: 20_000,
    });
    expect(config.embeddingModel).toBe('nomic-embed-text');
  });

  it('keeps the local embedder when EMBEDDING_MODEL is set without an API to call', () => {
    expect(valid({ EMBEDDING_MODEL: 'text-embedding-3-small' }).embeddingModel).toBeUndefined();
  });

  it('reads the database, folders, key and time-out as given', () => {
    const config = valid({
      DATABASE_URL: 'postgres://bot@db:5432/depin',
      DATA_DIR: '/var/lib/depin',
      KNOWLEDGE_DIR: '/srv/knowledge',
      OPENAI_API_KEY: 'sk-live',
      CHAT_MODEL: 'gpt-4.1-mini',
      LLM_TIMEOUT_MS: '5000',
      LOG_LEVEL: 'debug',
    });
    expect(config.database).toEqual({ url: 'postgres://bot@db:5432/depin', dataDir: '/var/lib/depin' });
    expect(config.knowledgeDir).toBe('/srv/knowledge');
    expect(config.openai).toEqual({
      apiKey: 'sk-live',
      baseUrl: undefined,
      chatModel: 'gpt-4.1-mini',
      timeoutMs: 5000,
    });
    expect(config.logLevel).toBe('debug');
  });

  it('lists every bad variable in one message', () => {
    const result = loadConfig({
      LOG_LEVEL: 'loud',
      OPENAI_BASE_URL: 'not a url',
      LLM_TIMEOUT_MS: '-5',
      ASK_CONCURRENCY: 'many',
      METRICS_MODE: 'sometimes',
    });
    expect(result.ok).toBe(false);
    const reason = result.ok ? '' : result.reason;
    expect(reason.startsWith('Invalid configuration (see .env.example):')).toBe(true);
    for (const name of ['LOG_LEVEL', 'OPENAI_BASE_URL', 'LLM_TIMEOUT_MS', 'ASK_CONCURRENCY', 'METRICS_MODE'])
      expect(reason).toMatch(new RegExp(`^  ${name}: `, 'm'));
    expect(reason.split('\n')).toHaveLength(6);
  });

  it('reads only the object it is given, never process.env', () => {
    const saved = process.env.KNOWLEDGE_DIR;
    process.env.KNOWLEDGE_DIR = '/from/process/env';
    try {
      expect(valid({}).knowledgeDir).toBe('./knowledge');
    } finally {
      if (saved === undefined) delete process.env.KNOWLEDGE_DIR;
      else process.env.KNOWLEDGE_DIR = saved;
    }
  });
});
