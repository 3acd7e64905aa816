import { createDatabase } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { buildAnswerReply } from '../answer-reply.ts';
import { toPlainText } from '../adapters/terminal/terminal-format.ts';
import { loadEnvironmentConfig } from '../load-environment-config.ts';
import { startKnowledge } from '../start-knowledge.ts';
import { createLogger, redactSecrets } from '../logger.ts';

/** `npm run ask -- "question"`: answers once, prints the answer and its numbered sources, exits. */
async function main(): Promise<number> {
  const question = process.argv.slice(2).join(' ').trim();
  if (question === '') {
    console.error('usage: npm run ask -- "How does Akash price GPU leases?"');
    return 2;
  }
  const config = loadEnvironmentConfig();
  if (!config) return 1;
  // Logs go to stderr so stdout carries only the answer (pipe-friendly); quiet unless asked for.
  const logger = createLogger(process.env.LOG_LEVEL ? config.logLevel : 'warn', process.stderr);
  const db = await createDatabase(config.database);
  try {
    await migrate(db);
    const { ask } = await startKnowledge({ db, config, logger });
    const answer = await ask(question, { signal: AbortSignal.timeout(config.limits.askTimeoutMs) });
    process.stdout.write(`${toPlainText(buildAnswerReply(answer), { showButtons: false })}\n`);
    return 0;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(redactSecrets(error instanceof Error ? error.message : String(error)));
    process.exitCode = 1;
  },
);
