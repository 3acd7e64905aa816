import { readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../bot/config.ts';
import { createLogger } from '../../bot/logger.ts';
import { createDatabase } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { startKnowledge } from '../../bot/start-knowledge.ts';
import { createMiniSearchBaseline } from './minisearch-baseline.ts';
import { firstHitRank, percentile, summarise, type EvalOutcome, type EvalQuestion } from './score.ts';

const WARM_UP = 3;

/**
 * Offline evaluation through the same ask path the bot uses, on a throwaway in-memory store, with
 * MiniSearch (default BM25) over the very same chunks as the peer baseline.
 */
async function main() {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string' },
      questions: { type: 'string' },
      json: { type: 'boolean', default: false },
      out: { type: 'string' },
    },
  });
  if (!values.corpus || !values.questions) {
    console.error(
      'usage: npm run eval -- --corpus <dir> --questions <file.jsonl> [--json] [--out <file.jsonl>]',
    );
    process.exitCode = 2;
    return;
  }
  const corpus = resolve(values.corpus);
  const questions = readQuestions(values.questions);
  const config = loadConfig({ LOG_LEVEL: 'warn' });
  if (!config.ok) throw new Error(config.reason);
  const logger = createLogger('warn', process.stderr);
  const db = await createDatabase({ dataDir: 'memory://' });
  try {
    await migrate(db);
    const knowledge = await startKnowledge({ db, config: config.value, logger, skipBundled: true });
    const ingestStarted = performance.now();
    const report = await knowledge.ingest(corpus);
    const ingestMs = performance.now() - ingestStarted;
    const fileOf = (root: string, path: string) => relative(corpus, resolve(root, path));

    for (const question of questions.slice(0, WARM_UP)) await knowledge.answer(question.question);
    const outcomes = new Map<string, EvalOutcome>();
    const lines: string[] = [];
    for (const question of questions) {
      const started = performance.now();
      const answer = await knowledge.answer(question.question);
      const ms = performance.now() - started;
      const retrieved = answer.retrieved
        .slice(0, 10)
        .map((hit) => ({ file: fileOf(hit.root, hit.path), text: hit.text }));
      const sourceFiles = answer.sources.map((source) => fileOf(corpus, source.path ?? ''));
      outcomes.set(question.id, { id: question.id, abstained: answer.abstained, sourceFiles, retrieved, ms });
      lines.push(
        JSON.stringify({
          id: question.id,
          answer: answer.text,
          abstained: answer.abstained,
          sources: answer.sources.map((source, index) => ({
            file: sourceFiles[index],
            title: source.title,
            section: source.section ?? '',
          })),
          retrieved,
          ms: Math.round(ms * 10) / 10,
        }),
      );
    }
    if (values.out) writeFileSync(values.out, `${lines.join('\n')}\n`);

    const chunks = await db.query<{
      id: string;
      root: string;
      path: string;
      title: string;
      section: string;
      text: string;
    }>(
      'SELECT c.id, d.root, d.path, d.title, c.section, c.text FROM chunks c JOIN documents d ON d.id = c.document_id',
    );
    const baseline = createMiniSearchBaseline(
      chunks.map((chunk) => ({
        id: Number(chunk.id),
        file: fileOf(chunk.root, chunk.path),
        title: chunk.title,
        section: chunk.section,
        text: chunk.text,
      })),
    );
    for (const question of questions.slice(0, WARM_UP)) baseline.search(question.question, 10);
    const baselineOutcomes = new Map<string, EvalOutcome>();
    for (const question of questions) {
      const started = performance.now();
      const retrieved = baseline.search(question.question, 10);
      baselineOutcomes.set(question.id, {
        id: question.id,
        abstained: false,
        sourceFiles: [],
        retrieved,
        ms: performance.now() - started,
      });
    }

    const summary = summarise(questions, outcomes);
    const baselineSummary = summarise(questions, baselineOutcomes);
    if (!values.json || process.stdout.isTTY) printTable(questions, outcomes);
    console.log(
      `\ningested ${report.added} files (${chunks.length} chunks, ${report.failed.length} failed) in ${(ingestMs / 1000).toFixed(1)} s; ` +
        `${questions.length} questions`,
    );
    console.log(
      `ours:     recall@5 ${summary.recall_at_5}  mrr@10 ${summary.mrr_at_10}  cited ${summary.cited}  abstain_ok ${summary.abstain_ok}  ` +
        `false_abstain ${summary.false_abstain}  p50 ${summary.p50_ms} ms  p95 ${summary.p95_ms} ms`,
    );
    console.log(
      `baseline: recall@5 ${baselineSummary.recall_at_5}  mrr@10 ${baselineSummary.mrr_at_10}  p50 ${baselineSummary.p50_ms} ms  ` +
        `p95 ${baselineSummary.p95_ms} ms  (${baseline.name})`,
    );
    if (values.json) {
      console.log(
        JSON.stringify({
          ...summary,
          baseline: {
            name: baseline.name,
            recall_at_5: baselineSummary.recall_at_5,
            mrr_at_10: baselineSummary.mrr_at_10,
            p50_ms: baselineSummary.p50_ms,
            p95_ms: baselineSummary.p95_ms,
          },
        }),
      );
    }
  } finally {
    await db.close();
  }
}

function readQuestions(file: string): EvalQuestion[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const parsed = JSON.parse(line) as Partial<EvalQuestion>;
      if (typeof parsed.question !== 'string' || !Array.isArray(parsed.gold)) {
        throw new Error(`${file}:${index + 1}: expected {id, question, gold: [{file, evidence}]}`);
      }
      return {
        id: parsed.id ?? `q${index + 1}`,
        question: parsed.question,
        gold: parsed.gold,
        kind: parsed.kind,
      };
    });
}

function printTable(questions: EvalQuestion[], outcomes: Map<string, EvalOutcome>) {
  console.log('id        kind          rank  answered  cited  ms     question');
  for (const question of questions) {
    const outcome = outcomes.get(question.id);
    if (!outcome) continue;
    const rank =
      question.gold.length === 0 ? '-' : String(firstHitRank(outcome.retrieved, question.gold, 10) ?? 'miss');
    const cited = question.gold.some((gold) => outcome.sourceFiles.includes(gold.file))
      ? 'yes'
      : question.gold.length
        ? 'no'
        : '-';
    console.log(
      `${question.id.padEnd(9)} ${(question.kind ?? '').padEnd(13)} ${rank.padEnd(5)} ${(outcome.abstained ? 'declined' : 'yes').padEnd(9)} ` +
        `${cited.padEnd(6)} ${outcome.ms.toFixed(0).padEnd(6)} ${question.question.slice(0, 70)}`,
    );
  }
  const times = [...outcomes.values()].map((outcome) => outcome.ms);
  console.log(
    `latency p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms`,
  );
}

await main();
