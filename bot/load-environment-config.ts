import { loadConfig, type Config } from './config.ts';

/**
 * The config of an entry point (the bot, `npm run ask`, `npm run ingest`): ./.env read into
 * process.env where present, then validated. Undefined after printing every bad variable.
 */
export function loadEnvironmentConfig(): Config | undefined {
  loadDotEnv();
  const loaded = loadConfig(process.env);
  if (loaded.ok) return loaded.value;
  console.error(loaded.reason);
  return undefined;
}

/** Reads ./.env into process.env where present; without one the environment alone configures the run. */
function loadDotEnv(): void {
  try {
    process.loadEnvFile();
  } catch (error) {
    // A missing file is the normal case; one that cannot be read is a mistake worth stopping for.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
