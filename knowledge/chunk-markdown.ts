import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';

export interface Chunk {
  position: number;
  /** Headings above the chunk, outermost first (the document title heading excluded). */
  headingPath: string[];
  text: string;
}

export interface ChunkOptions {
  chunkSize: number;
  chunkOverlap: number;
}

export const DEFAULT_CHUNK_OPTIONS: ChunkOptions = { chunkSize: 1000, chunkOverlap: 150 };

interface Section {
  headingPath: string[];
  body: string;
}

/**
 * Splits Markdown at headings first, so every chunk knows its heading path, then splits long
 * sections with langchain's markdown-aware recursive splitter.
 */
export async function chunkMarkdown(markdown: string, options = DEFAULT_CHUNK_OPTIONS): Promise<Chunk[]> {
  const splitter = RecursiveCharacterTextSplitter.fromLanguage('markdown', options);
  const chunks: Chunk[] = [];
  for (const section of splitSections(markdown)) {
    const body = section.body.trim();
    if (!hasWords(body)) continue;
    const pieces = body.length <= options.chunkSize ? [body] : await splitter.splitText(body);
    for (const piece of pieces) {
      if (hasWords(piece))
        chunks.push({ position: chunks.length, headingPath: section.headingPath, text: piece.trim() });
    }
  }
  return chunks;
}

export function splitSections(markdown: string): Section[] {
  const sections: Section[] = [];
  const stack: { level: number; title: string; question?: boolean }[] = [];
  let lines: string[] = [];
  const flush = () => {
    sections.push({
      headingPath: stack.filter((h) => h.level > 1).map((h) => h.title),
      body: lines.join('\n'),
    });
    lines = [];
  };
  const open = (level: number, title: string, question = false) => {
    flush();
    while (stack.length > 0 && stack[stack.length - 1]!.level >= level) stack.pop();
    stack.push({ level, title: cleanHeading(title), question });
  };
  const source = markdown.split('\n');
  let inFence = false;
  let pendingLevel = 0; // a bare '###' line (common in scraped pages): the next short line is its text
  source.forEach((line, index) => {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const heading = inFence ? null : /^(#{1,6})(?:\s+(.*?))?\s*#*\s*$/.exec(line);
    if (heading) {
      if (heading[2]) open(heading[1]!.length, heading[2]);
      else pendingLevel = heading[1]!.length;
      return;
    }
    const trimmed = line.trim();
    if (pendingLevel > 0 && trimmed !== '') {
      const level = pendingLevel;
      pendingLevel = 0;
      if (trimmed.length <= 120) return open(level, trimmed);
    }
    // A short stand-alone line ending in '?' is an FAQ question even without heading markup.
    if (!inFence && isStandaloneQuestion(source, index)) {
      const top = stack.at(-1);
      return open(top?.question ? top.level : Math.min((top?.level ?? 1) + 1, 7), trimmed, true);
    }
    lines.push(line);
  });
  flush();
  return sections;
}

function isStandaloneQuestion(lines: string[], index: number): boolean {
  const line = lines[index]!.trim();
  return (
    line.length >= 8 &&
    line.length <= 120 &&
    line.endsWith('?') &&
    !/^[-*>|]|^\d+\./.test(line) &&
    (lines[index - 1] ?? '').trim() === '' &&
    (lines[index + 1] ?? '').trim() === ''
  );
}

function cleanHeading(text: string): string {
  return text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`]/g, '')
    .replace(/\s*\{#[^}]*\}\s*$/, '')
    .trim();
}

function hasWords(text: string): boolean {
  return /[\p{L}\p{N}]{2,}/u.test(text);
}
