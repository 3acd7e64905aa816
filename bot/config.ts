import { z } from 'zod';

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Every variable the bot reads. `.env.example` must list exactly these (a test checks it). */
export const configSchema = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: optionalString,
  DATA_DIR: z.string().default('./data'),
  KNOWLEDGE_DIR: z.string().default('./knowledge'),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString.pipe(z.url().optional()),
  EMBEDDING_MODEL: optionalString,
  CHAT_MODEL: z.string().default('gpt-4o-mini'),
  LLM_TIMEOUT_MS: positiveInt(20_000),
  // --- chat platforms and limits (bot core) ---
  TELEGRAM_BOT_TOKEN: optionalString.pipe(
    z
      .string()
      .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'does not look like a bot token from @BotFather (123456:ABC...)')
      .optional(),
  ),
  TELEGRAM_API_ROOT: z.url().default('https://api.telegram.org'),
  TELEGRAM_WEBHOOK_URL: optionalString.pipe(z.url().optional()),
  TELEGRAM_WEBHOOK_SECRET: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, 'use 1-256 characters A-Z, a-z, 0-9, _ and -')
      .optional(),
  ),
  TELEGRAM_WEBHOOK_HOST: z.string().default('0.0.0.0'),
  TELEGRAM_WEBHOOK_PORT: positiveInt(8443),
  DISCORD_TOKEN: optionalString,
  DISCORD_API_URL: z.url().default('https://discord.com/api'),
  DISCORD_GUILD_ID: optionalString.pipe(
    z
      .string()
      .regex(/^\d{5,}$/, 'must be a numeric guild id')
      .optional(),
  ),
  DISCORD_SHARD_COUNT: optionalString.pipe(
    z
      .string()
      .regex(/^(auto|[1-9]\d*)$/, "must be a whole number of shards or 'auto'")
      .transform((value) => (value === 'auto' ? ('auto' as const) : Number(value)))
      .optional(),
  ),
  DISCORD_SHARD_IDS: optionalString.pipe(
    z
      .string()
      .regex(/^\d+(-\d+)?(,\d+(-\d+)?)*$/, 'must list shard ids like 0,1 or 0-3')
      .transform(toShardIds)
      .optional(),
  ),
  DISCORD_PUBLIC_KEY: optionalString.pipe(
    z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'must be the 64-character hex public key (Developer Portal → General)')
      .optional(),
  ),
  DISCORD_INTERACTIONS_HOST: z.string().default('0.0.0.0'),
  DISCORD_INTERACTIONS_PORT: optionalString.pipe(
    z
      .string()
      .regex(/^\d{1,5}$/, 'must be a port number')
      .transform(Number)
      .optional(),
  ),
  DISCORD_REQUESTS_PER_SECOND: positiveInt(50),
  ASK_RATE_PER_MINUTE: positiveInt(6),
  ASK_RATE_PER_DAY: positiveInt(60),
  QUESTION_MAX_CHARS: positiveInt(1_000),
  ASK_TIMEOUT_MS: positiveInt(30_000),
  ASK_CONCURRENCY: positiveInt(8),
  LIMITS_SHARED: z.enum(['auto', 'on', 'off']).default('auto'),
  // --- live metrics, alerts and digests (metrics/) ---
  METRICS_MODE: z.enum(['replay', 'live']).default('replay'),
  METRICS_POLL_SECONDS: optionalString.pipe(
    z
      .string()
      .regex(/^[1-9]\d*$/, 'must be a whole number of seconds')
      .transform(Number)
      .optional(),
  ),
  AKASH_API_URL: z.url().default('https://console-api.akash.network'),
  COINGECKO_API_URL: z.url().default('https://api.coingecko.com/api/v3'),
  COINGECKO_API_KEY: optionalString,
  DEFILLAMA_API_URL: z.url().default('https://api.llama.fi'),
  METRICS_TIMEOUT_MS: positiveInt(10_000),
  METRICS_SEND_RATE: positiveInt(25),
  METRICS_SEND_CONCURRENCY: positiveInt(8),
});

export type RawConfig = z.infer<typeof configSchema>;

export interface Config {
  logLevel: RawConfig['LOG_LEVEL'];
  database: { url?: string; dataDir: string };
  knowledgeDir: string;
  /** Set when an OpenAI-compatible endpoint is configured. */
  openai?: { apiKey?: string; baseUrl?: string; chatModel: string; timeoutMs: number };
  /** Undefined means the local deterministic embedder. */
  embeddingModel?: string;
  /** Set when TELEGRAM_BOT_TOKEN is; webhook mode when TELEGRAM_WEBHOOK_URL is. */
  telegram?: {
    token: string;
    apiRoot: string;
    webhook?: { url: string; secret: string; host: string; port: number };
  };
  /** Set when DISCORD_TOKEN is; guildId registers commands in one guild (instant, for development). */
  discord?: DiscordConfig;
  limits: {
    askPerMinute: number;
    askPerDay: number;
    questionMaxChars: number;
    /** Whole-answer budget: retrieval plus the LLM call. */
    askTimeoutMs: number;
    /** Questions answered at once across all chats; the rest queue. */
    askConcurrency: number;
    /**
     * Keep the per-user and platform limits in Postgres, one budget for every process on the database
     * (auto, the default: on with DATABASE_URL; PGlite is one process by construction).
     */
    shared?: 'auto' | 'on' | 'off';
  };
  metrics: MetricsConfig;
}

export interface DiscordConfig {
  token: string;
  apiUrl: string;
  guildId?: string;
  /**
   * This process's gateway shards: `ids` of `count` in all ('auto': Discord's recommended count,
   * all of them here). Undefined: one shard, as without sharding.
   */
  shards?: { count: number | 'auto'; ids?: number[] };
  /** Set when DISCORD_PUBLIC_KEY is: slash commands and buttons also arrive over HTTP. */
  interactions?: { publicKey: string; host: string; port: number };
  /** REST requests per second for the bot across every process (Discord's global limit: 50). */
  requestsPerSecond: number;
}

export interface MetricsConfig {
  /** 'replay' serves the bundled, dated sample series offline; 'live' polls the APIs. */
  mode: 'replay' | 'live';
  /** Overrides every source's own poll interval (tests, demos). */
  pollSeconds?: number;
  akashApiUrl: string;
  coingeckoApiUrl: string;
  coingeckoApiKey?: string;
  defillamaApiUrl: string;
  timeoutMs: number;
  /** Alert and digest messages per second across all chats (Telegram allows about 30 overall). */
  sendRatePerSecond: number;
  /** Sends in flight at once; also the most a crash can duplicate. */
  sendConcurrency: number;
}

export type ConfigResult = { ok: true; value: Config } | { ok: false; reason: string };

/** Pure: reads only the given env object and lists every bad variable at once. */
export function loadConfig(env: Record<string, string | undefined>): ConfigResult {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    return { ok: false, reason: `Invalid configuration (see .env.example):\n${lines.join('\n')}` };
  }
  const raw = parsed.data;
  if (raw.TELEGRAM_WEBHOOK_URL !== undefined && raw.TELEGRAM_WEBHOOK_SECRET === undefined) {
    return {
      ok: false,
      reason:
        'Invalid configuration (see .env.example):\n  TELEGRAM_WEBHOOK_SECRET: required when TELEGRAM_WEBHOOK_URL is set',
    };
  }
  const discordProblem = checkDiscord(raw);
  if (discordProblem) {
    return { ok: false, reason: `Invalid configuration (see .env.example):\n  ${discordProblem}` };
  }
  const hasLlm = raw.OPENAI_API_KEY !== undefined || raw.OPENAI_BASE_URL !== undefined;
  return {
    ok: true,
    value: {
      logLevel: raw.LOG_LEVEL,
      database: { url: raw.DATABASE_URL, dataDir: raw.DATA_DIR },
      knowledgeDir: raw.KNOWLEDGE_DIR,
      openai: hasLlm
        ? {
            apiKey: raw.OPENAI_API_KEY,
            baseUrl: raw.OPENAI_BASE_URL,
            chatModel: raw.CHAT_MODEL,
            timeoutMs: raw.LLM_TIMEOUT_MS,
          }
        : undefined,
      embeddingModel: hasLlm ? raw.EMBEDDING_MODEL : undefined,
      telegram: toTelegramConfig(raw),
      discord: toDiscordConfig(raw),
      limits: {
        askPerMinute: raw.ASK_RATE_PER_MINUTE,
        askPerDay: raw.ASK_RATE_PER_DAY,
        questionMaxChars: raw.QUESTION_MAX_CHARS,
        askTimeoutMs: raw.ASK_TIMEOUT_MS,
        askConcurrency: raw.ASK_CONCURRENCY,
        shared: raw.LIMITS_SHARED,
      },
      metrics: toMetricsConfig(raw),
    },
  };
}

function toTelegramConfig(raw: RawConfig): Config['telegram'] {
  if (raw.TELEGRAM_BOT_TOKEN === undefined) return undefined;
  const webhook =
    raw.TELEGRAM_WEBHOOK_URL !== undefined && raw.TELEGRAM_WEBHOOK_SECRET !== undefined
      ? {
          url: raw.TELEGRAM_WEBHOOK_URL,
          secret: raw.TELEGRAM_WEBHOOK_SECRET,
          host: raw.TELEGRAM_WEBHOOK_HOST,
          port: raw.TELEGRAM_WEBHOOK_PORT,
        }
      : undefined;
  return { token: raw.TELEGRAM_BOT_TOKEN, apiRoot: raw.TELEGRAM_API_ROOT.replace(/\/+$/, ''), webhook };
}

/** "0,2-4" → [0, 2, 3, 4], sorted and without repeats. */
function toShardIds(text: string): number[] {
  const ids = new Set<number>();
  for (const part of text.split(',')) {
    const [from = 0, to = from] = part.split('-').map(Number);
    for (let id = from; id <= to; id++) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}

/** The combinations zod cannot see one variable at a time. */
function checkDiscord(raw: RawConfig): string | undefined {
  const count = raw.DISCORD_SHARD_COUNT;
  const ids = raw.DISCORD_SHARD_IDS;
  if (ids !== undefined && typeof count !== 'number')
    return 'DISCORD_SHARD_IDS: needs DISCORD_SHARD_COUNT set to the total number of shards across all processes';
  if (ids !== undefined && typeof count === 'number' && ids.some((id) => id >= count))
    return `DISCORD_SHARD_IDS: shard ids run from 0 to ${count - 1} with DISCORD_SHARD_COUNT=${count}`;
  if (ids !== undefined && ids.length === 0) return 'DISCORD_SHARD_IDS: list at least one shard id';
  if (raw.DISCORD_INTERACTIONS_PORT !== undefined && raw.DISCORD_PUBLIC_KEY === undefined)
    return 'DISCORD_PUBLIC_KEY: required when DISCORD_INTERACTIONS_PORT is set (it verifies every request)';
  return undefined;
}

function toDiscordConfig(raw: RawConfig): Config['discord'] {
  if (raw.DISCORD_TOKEN === undefined) return undefined;
  const count = raw.DISCORD_SHARD_COUNT;
  return {
    token: raw.DISCORD_TOKEN,
    apiUrl: raw.DISCORD_API_URL,
    guildId: raw.DISCORD_GUILD_ID,
    shards: count === undefined ? undefined : { count, ids: raw.DISCORD_SHARD_IDS },
    requestsPerSecond: raw.DISCORD_REQUESTS_PER_SECOND,
    interactions:
      raw.DISCORD_PUBLIC_KEY === undefined
        ? undefined
        : {
            publicKey: raw.DISCORD_PUBLIC_KEY.toLowerCase(),
            host: raw.DISCORD_INTERACTIONS_HOST,
            port: raw.DISCORD_INTERACTIONS_PORT ?? 8444,
          },
  };
}

function toMetricsConfig(raw: RawConfig): MetricsConfig {
  return {
    mode: raw.METRICS_MODE,
    pollSeconds: raw.METRICS_POLL_SECONDS,
    akashApiUrl: raw.AKASH_API_URL,
    coingeckoApiUrl: raw.COINGECKO_API_URL,
    coingeckoApiKey: raw.COINGECKO_API_KEY,
    defillamaApiUrl: raw.DEFILLAMA_API_URL,
    timeoutMs: raw.METRICS_TIMEOUT_MS,
    sendRatePerSecond: raw.METRICS_SEND_RATE,
    sendConcurrency: raw.METRICS_SEND_CONCURRENCY,
  };
}
