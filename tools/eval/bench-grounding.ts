import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chunkMarkdown } from '../../knowledge/chunk-markdown.ts';
import { parseDocument } from '../../knowledge/parse-document.ts';
import { groundAnswer, MIN_COVERAGE, MIN_SUPPORT } from '../../retrieval/grounding.ts';
import type { SearchHit } from '../../retrieval/hybrid-search.ts';
import { COVERAGE_CASES, SUPPORT_CASES, type CoverageCase, type SupportCase } from './grounding-cases.ts';

const docsDir = fileURLToPath(new URL('../../knowledge/docs/', import.meta.url));

/**
 * `npm run bench:grounding`: the support score of each canned sentence against the bundled passage
 * it cites, the question coverage of each canned answer, and how many good and bad cases each
 * threshold would let through. The thresholds in grounding.ts are read off this table.
 */
async function main() {
  const support: (SupportCase & { support: number; fault?: string })[] = [];
  for (const item of SUPPORT_CASES) {
    const passage = await passageFor(item.doc, item.section);
    const result = groundAnswer('', item.sentence, [passage], { minSupport: 0, minCoverage: 0 });
    const check = result.sentences[0]!;
    support.push({ ...item, support: check.support, fault: check.fault });
  }
  console.log('support  fault                  label  sentence');
  for (const row of support)
    console.log(
      `${row.support.toFixed(2).padStart(7)}  ${(row.fault ?? '-').padEnd(22)} ${row.good ? 'good ' : 'bad  '}  ${row.sentence.slice(0, 90)}`,
    );
  console.log(
    '\nmin_support  good_kept  bad_kept  (only sentences not failed by a number, name or citation rule)',
  );
  for (const threshold of [0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8]) {
    const kept = (good: boolean) =>
      support.filter(
        (row) =>
          row.good === good &&
          (row.fault === undefined || row.fault === 'unsupported') &&
          row.support >= threshold,
      ).length;
    const total = (good: boolean) => support.filter((row) => row.good === good).length;
    console.log(
      `${threshold.toFixed(2).padStart(11)}  ${String(kept(true)).padStart(4)}/${total(true)}  ${String(kept(false)).padStart(6)}/${total(false)}${threshold === MIN_SUPPORT ? '   <- MIN_SUPPORT' : ''}`,
    );
  }

  const coverage: (CoverageCase & { coverage: number; rule?: string })[] = [];
  for (const item of COVERAGE_CASES) {
    const passage = await passageFor(item.doc, item.section);
    const result = groundAnswer(item.question, item.answer, [passage], { minCoverage: 0 });
    coverage.push({ ...item, coverage: result.coverage, rule: result.rule });
  }
  console.log('\ncoverage  label      question');
  for (const row of coverage)
    console.log(
      `${row.coverage.toFixed(2).padStart(8)}  ${row.onTopic ? 'on-topic ' : 'off-topic'}  ${row.question}`,
    );
  console.log('\nmin_coverage  on_topic_kept  off_topic_kept');
  for (const threshold of [0.3, 0.4, 0.5, 0.6, 0.7]) {
    const kept = (onTopic: boolean) =>
      coverage.filter((row) => row.onTopic === onTopic && row.coverage >= threshold).length;
    const total = (onTopic: boolean) => coverage.filter((row) => row.onTopic === onTopic).length;
    console.log(
      `${threshold.toFixed(2).padStart(12)}  ${String(kept(true)).padStart(8)}/${total(true)}  ${String(kept(false)).padStart(10)}/${total(false)}${threshold === MIN_COVERAGE ? '   <- MIN_COVERAGE' : ''}`,
    );
  }
}

const cache = new Map<string, SearchHit[]>();

/** The bundled document's chunk under the heading, as retrieval would hand it to the model. */
async function passageFor(doc: string, section: string): Promise<SearchHit> {
  if (!cache.has(doc)) {
    const parsed = parseDocument(doc, readFileSync(`${docsDir}${doc}`, 'utf8'));
    if (!parsed.ok) throw new Error(`${doc}: ${parsed.reason}`);
    const chunks = await chunkMarkdown(parsed.value.body);
    cache.set(
      doc,
      chunks.map((chunk, index) => ({
        id: index,
        documentId: 0,
        path: doc,
        root: docsDir,
        title: parsed.value.title,
        section: chunk.headingPath.join(' > '),
        position: chunk.position,
        text: chunk.text,
        score: 1,
        coverage: 1,
        similarity: 0,
        positions: [chunk.position],
      })),
    );
  }
  const passage = cache.get(doc)!.find((hit) => hit.section.endsWith(section));
  if (!passage) throw new Error(`${doc} has no section ${section}`);
  return passage;
}

await main();
