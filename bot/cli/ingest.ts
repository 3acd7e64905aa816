import { loadEnvironmentConfig } from '../load-environment-config.ts';
import { createLogger } from '../logger.ts';
import { createDatabase } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { startKnowledge } from '../start-knowledge.ts';

/**
 * `npm run ingest -- <dir or file>...`: brings the store in line with each path (new and changed
 * files in, vanished ones out, unchanged ones skipped) and prints what it did.
 */
async function main(): Promise<number> {
  const paths = process.argv.slice(2);
  if (paths.length === 0) {
    console.error('usage: npm run ingest -- <folder or file>...   (Markdown, MDX and plain text)');
    return 2;
  }
  const config = loadEnvironmentConfig();
  if (!config) return 1;
  const logger = createLogger(config.logLevel, process.stderr);
  const db = await createDatabase(config.database);
  let failures = 0;
  try {
    await migrate(db);
    const knowledge = await startKnowledge({ db, config, logger, skipBundled: true });
    for (const path of paths) {
      const started = performance.now();
      try {
        const report = await knowledge.ingest(path);
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        console.log(
          `${path}: ${report.added} added, ${report.updated} updated, ${report.removed} removed, ` +
            `${report.unchanged} unchanged, ${report.failed.length} skipped (${report.chunks} chunks) in ${seconds} s`,
        );
        for (const failure of report.failed) console.log(`  skipped ${failure.path}: ${failure.reason}`);
        for (const warning of report.warnings)
          console.log(
            `  warning ${warning.path}:${warning.line}: never quoted (${warning.reason}): ${warning.text}`,
          );
      } catch (error) {
        failures++;
        console.error(`${path}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  } finally {
    await db.close();
  }
  return failures > 0 ? 1 : 0;
}

process.exitCode = await main();
