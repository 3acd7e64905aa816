import { basename, extname } from 'node:path';
import { repairMojibake } from '../lib/mojibake.ts';

export interface ParsedDocument {
  title: string;
  /** ISO date (YYYY-MM-DD) from front matter, when present and valid. */
  date?: string;
  /** Web address of the document (front matter `url`), when it is an http(s) link. */
  url?: string;
  /** Markdown body with front matter and MDX syntax removed. */
  body: string;
}

export type ParseResult = { ok: true; value: ParsedDocument } | { ok: false; reason: string };

export const SUPPORTED_EXTENSIONS = ['.md', '.mdx', '.markdown', '.txt'];

/** Reads front matter, strips MDX syntax and finds a title; rejects binary content. */
export function parseDocument(fileName: string, content: string): ParseResult {
  if (content.includes('\u0000')) return { ok: false, reason: 'looks like a binary file (NUL bytes)' };
  const replacementChars = content.match(/\uFFFD/g)?.length ?? 0;
  if (replacementChars > 16 && replacementChars > content.length / 100) {
    return { ok: false, reason: 'is not valid UTF-8 text' };
  }
  const { fields, rest } = splitFrontMatter(content.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'));
  const extension = extname(fileName).toLowerCase();
  // Scraped pages often arrive as UTF-8 read as Latin-1 ("NetworkÂ®"): answers quote this text.
  const text = repairMojibake(rest);
  const body = extension === '.mdx' ? stripMdx(text) : stripHtmlComments(text);
  const heading = /^#\s+(.+?)\s*#*\s*$/m.exec(body)?.[1];
  const title =
    cleanInline(repairMojibake(fields.title ?? '')) ||
    cleanInline(heading ?? '') ||
    titleFromFileName(fileName, extension);
  return {
    ok: true,
    value: {
      title,
      date: toIsoDate(fields.date ?? fields.updated ?? fields.lastUpdated),
      ...(toWebUrl(fields.url) ? { url: toWebUrl(fields.url) } : {}),
      body,
    },
  };
}

/**
 * Front matter's `url`, read on its own (unchanged files are not parsed in full). Only the front
 * matter is normalised, not the whole file: a re-run does this for every file of the folder.
 */
export function frontMatterUrl(content: string): string | undefined {
  const head = /^\uFEFF?---(?:\r\n?|\n)[\s\S]*?(?:\r\n?|\n)---[ \t]*(?:\r\n?|\n|$)/.exec(content)?.[0];
  if (head === undefined) return undefined;
  return toWebUrl(splitFrontMatter(head.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')).fields.url);
}

/** Only an http(s) address becomes a link; anything else in the field is ignored. */
function toWebUrl(value: string | undefined): string | undefined {
  return value && /^https?:\/\/[^\s<>"]+$/i.test(value) ? value : undefined;
}

function splitFrontMatter(content: string): { fields: Record<string, string>; rest: string } {
  const match = /^---\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(content);
  if (!match) return { fields: {}, rest: content };
  const fields: Record<string, string> = {};
  for (const line of (match[1] ?? '').split('\n')) {
    const pair = /^([A-Za-z_][\w-]*):\s*(.*)$/.exec(line);
    if (!pair?.[1]) continue;
    fields[pair[1]] = (pair[2] ?? '').trim().replace(/^(['"])(.*)\1$/, '$2');
  }
  return { fields, rest: content.slice(match[0].length) };
}

function stripHtmlComments(text: string): string {
  return text.replace(/<!--[\s\S]*?-->/g, '');
}

/** MDX: drop import/export lines and JSX tags, keep the text between tags. Code fences stay as they are. */
function stripMdx(text: string): string {
  const parts = text.split(/(^```[\s\S]*?^```)/m);
  return parts
    .map((part, index) =>
      index % 2 === 1
        ? part
        : stripHtmlComments(part)
            .replace(/^(import|export)\s.*$/gm, '')
            .replace(/\{\/\*[\s\S]*?\*\/\}/g, '')
            .replace(/<\/?[A-Za-z][\w.]*(?:\s[^<>]*?)?\/?>/g, ''),
    )
    .join('');
}

function cleanInline(text: string): string {
  return text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`]/g, '')
    .trim();
}

function titleFromFileName(fileName: string, extension: string): string {
  let name = basename(fileName, extension);
  if (['index', 'readme'].includes(name.toLowerCase()))
    name = basename(fileName.slice(0, -basename(fileName).length - 1));
  return (
    name
      .replace(/[-_]+/g, ' ')
      .replace(/\b\w/g, (letter) => letter.toUpperCase())
      .trim() || 'Untitled'
  );
}

function toIsoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const iso = /^(\d{4}-\d{2}-\d{2})/.exec(value)?.[1];
  if (iso) return Number.isNaN(Date.parse(iso)) ? undefined : iso;
  // Other formats ("June 1, 2025") parse in local time, so read the local calendar date back.
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return undefined;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
