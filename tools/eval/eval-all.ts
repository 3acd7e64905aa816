import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readConversations, readQuestions } from './eval-sets.ts';
import { evaluateConversations, evaluateQuestions } from './evaluate-set.ts';
import { openEvalCorpus } from './open-corpus.ts';

/**
 * `npm run eval:all`: every set in ../shared/eval over ../shared/corpus, ingested once, one summary
 * line per set (conversations: follow-up and stand-alone turns; metric questions: routing accuracy).
 */
async function main() {
  const { values } = parseArgs({
    options: {
      sets: { type: 'string', default: '../shared/eval' },
      corpus: { type: 'string', default: '../shared/corpus' },
      store: { type: 'string' },
      verbose: { type: 'boolean', default: false },
    },
  });
  const dir = resolve(values.sets);
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => name.endsWith('.jsonl'))
        .sort()
    : [];
  if (files.length === 0) throw new Error(`no .jsonl sets in ${dir}; pass --sets <dir>`);
  const corpus = await openEvalCorpus(values.corpus, values.store);
  const lines: string[] = [];
  try {
    for (const name of files) {
      const file = join(dir, name);
      const kind = setKind(file);
      if (kind === 'metrics') {
        lines.push(`${name}: ${metricLine(file)}`);
        continue;
      }
      const report =
        kind === 'conversations'
          ? await evaluateConversations(corpus, readConversations(file))
          : await evaluateQuestions(corpus, readQuestions(file));
      if (values.verbose) console.log(`\n${name}\n${report.summary.join('\n')}`);
      const summaryLines = report.summary.filter((line) => /^(ours|bm25|follow-up|alone)\b/.test(line));
      lines.push(`${basename(name)}:`, ...summaryLines.map((line) => `  ${line}`));
    }
  } finally {
    await corpus.close();
  }
  console.log(lines.join('\n'));
}

/** What a set holds, read from its first row's fields. */
function setKind(file: string): 'questions' | 'conversations' | 'metrics' {
  const first = readFileSync(file, 'utf8')
    .split('\n')
    .find((line) => line.trim() !== '');
  const row = (first ? JSON.parse(first) : {}) as Record<string, unknown>;
  if ('turns' in row) return 'conversations';
  if ('metrics' in row) return 'metrics';
  return 'questions';
}

/** The routing evaluation runs in its own process: it starts the bundled knowledge and replay metrics. */
function metricLine(file: string): string {
  const output = execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      new URL('./eval-cli.ts', import.meta.url).pathname,
      '--metric-questions',
      file,
      '--json',
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const last = output.trim().split('\n').at(-1) ?? '{}';
  const figures = JSON.parse(last) as { accuracy?: number; routed_right?: number; questions?: number };
  return `routing accuracy ${figures.accuracy} (${figures.routed_right}/${figures.questions})`;
}

await main();
