import { parseArgs } from 'node:util';
import { readConversations, readQuestions } from './eval-sets.ts';
import { evaluateConversations, evaluateQuestions, type SetReport } from './evaluate-set.ts';
import { runMetricQuestions } from './metric-questions.ts';
import { openEvalCorpus } from './open-corpus.ts';

const USAGE =
  'usage: npm run eval -- --corpus <dir> (--questions <file.jsonl> | --conversations <file.jsonl>) [--json] [--out <file.jsonl>] [--store <dir>]\n' +
  '       npm run eval -- --metric-questions <file.jsonl> [--json] [--out <file.jsonl>]';

/**
 * Offline evaluation through the same ask path the bot uses, with MiniSearch (default BM25) over the
 * very same chunks as the peer baseline. `--store` keeps the ingested corpus in a PGlite folder so
 * repeated runs skip ingestion (delete it after changing how text is indexed).
 */
async function main() {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string' },
      questions: { type: 'string' },
      conversations: { type: 'string' },
      'metric-questions': { type: 'string' },
      json: { type: 'boolean', default: false },
      out: { type: 'string' },
      store: { type: 'string' },
    },
  });
  if (values['metric-questions']) {
    await runMetricQuestions(values['metric-questions'], { json: values.json, out: values.out });
    return;
  }
  if (!values.corpus || (!values.questions && !values.conversations)) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const corpus = await openEvalCorpus(values.corpus, values.store);
  try {
    const report: SetReport = values.conversations
      ? await evaluateConversations(corpus, readConversations(values.conversations), values.out)
      : await evaluateQuestions(corpus, readQuestions(values.questions!), values.out);
    if (!values.json || process.stdout.isTTY) console.log(report.details);
    const { files, failed, ms } = corpus.ingested;
    console.log(
      `\ningested ${files} files (${corpus.chunks.length} chunks, ${failed} failed) in ${(ms / 1000).toFixed(1)} s`,
    );
    console.log(report.summary.join('\n'));
    if (values.json) console.log(JSON.stringify(report.json));
  } finally {
    await corpus.close();
  }
}

await main();
