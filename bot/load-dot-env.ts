/** Reads ./.env into process.env where present; without one the environment alone configures the run. */
export function loadDotEnv(): void {
  try {
    process.loadEnvFile();
  } catch (error) {
    // A missing file is the normal case; one that cannot be read is a mistake worth stopping for.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
