import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { chunkMarkdown, DEFAULT_CHUNK_OPTIONS } from '../../knowledge/chunk-markdown.ts';
import { parseDocument, SUPPORTED_EXTENSIONS } from '../../knowledge/parse-document.ts';

/** Real material to recombine: sentences, headings, titles and chunk lengths of a corpus. */
export interface CorpusPools {
  titles: string[];
  headings: string[];
  sentences: string[];
  chunkLengths: number[];
}

/** Sections per generated file; each section is short enough to become exactly one chunk. */
const SECTIONS_PER_FILE = 20;
const FILES_PER_FOLDER = 500;

/** Chunks a corpus once with the real parser and splitter and keeps its parts as sampling pools. */
export async function loadCorpusPools(dir: string): Promise<CorpusPools> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const files = entries.filter(
    (entry) => entry.isFile() && SUPPORTED_EXTENSIONS.includes(extname(entry.name).toLowerCase()),
  );
  const pools: CorpusPools = { titles: [], headings: [], sentences: [], chunkLengths: [] };
  for (const entry of files) {
    const parsed = parseDocument(entry.name, await readFile(join(entry.parentPath, entry.name), 'utf8'));
    if (!parsed.ok) continue;
    pools.titles.push(parsed.value.title);
    for (const chunk of await chunkMarkdown(parsed.value.body)) {
      pools.chunkLengths.push(chunk.text.length);
      const heading = chunk.headingPath.at(-1);
      if (heading) pools.headings.push(heading);
      pools.sentences.push(...toSentences(chunk.text));
    }
  }
  if (pools.sentences.length === 0) throw new Error(`no usable text under ${dir}`);
  if (pools.headings.length === 0) pools.headings.push('Overview');
  return pools;
}

/**
 * Sentences and list lines of a chunk. Lines that would change the Markdown structure of a generated
 * file (headings, code fences, front matter rules, tables) are dropped, so one section stays one chunk.
 */
function toSentences(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^(#|```|~~~|---|\||<)/.test(line))
    .flatMap((line) => line.split(/(?<=[.!?])\s+(?=[A-Z])/))
    .filter((sentence) => sentence.split(/\s+/).length >= 3);
}

/** Mulberry32: a tiny seeded PRNG, so every run generates the same corpus. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticCorpus {
  files: number;
  chunks: number;
}

/**
 * Writes `chunks` sections as Markdown files under `dir`: real headings over bodies of real sentences
 * drawn across documents, each body as long as a real chunk drawn at random (below the splitter's
 * chunk size, so the ingest pipeline makes exactly one chunk of each section).
 */
export async function writeSyntheticCorpus(
  pools: CorpusPools,
  dir: string,
  chunks: number,
  seed: number,
): Promise<SyntheticCorpus> {
  const random = createRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const maxLength = DEFAULT_CHUNK_OPTIONS.chunkSize - 50;
  const files = Math.ceil(chunks / SECTIONS_PER_FILE);
  for (let file = 0; file < files; file++) {
    const sections = Math.min(SECTIONS_PER_FILE, chunks - file * SECTIONS_PER_FILE);
    const title = `${pick(pools.titles)} (${file + 1})`;
    const lines = ['---', `title: ${JSON.stringify(title)}`, '---', '', `# ${title}`, ''];
    for (let section = 0; section < sections; section++) {
      lines.push(`## ${pick(pools.headings)}`, '');
      const target = Math.min(pick(pools.chunkLengths), maxLength);
      let body = pick(pools.sentences).slice(0, maxLength);
      while (body.length < target) {
        const next = pick(pools.sentences);
        if (body.length + next.length + 1 > maxLength) break;
        body += random() < 0.2 ? `\n\n${next}` : ` ${next}`;
      }
      lines.push(body, '');
    }
    const folder = join(dir, `part-${String(Math.floor(file / FILES_PER_FOLDER)).padStart(3, '0')}`);
    if (file % FILES_PER_FOLDER === 0) await mkdir(folder, { recursive: true });
    await writeFile(join(folder, `doc-${String(file).padStart(6, '0')}.md`), lines.join('\n'));
  }
  return { files, chunks };
}
