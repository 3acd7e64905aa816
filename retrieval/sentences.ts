/**
 * Splits passage text into readable sentences, leaving out Markdown noise (images, link lists, code).
 * A table row becomes a sentence of its own, each cell labelled with its column ("Title: NextGen AMD
 * GPU support; Status: Draft"), since an index or a price list answers many questions; a list item
 * with short items under it becomes one sentence too ("Minimum Requirements: CPU: 4 cores; RAM:
 * 8GB"), since items that short would each be too short to quote.
 */
export function splitSentences(text: string): string[] {
  const cleaned = listsAsSentences(tablesAsSentences(text))
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/<[^>]+>/g, ' ')
    .replace(/^\s*[-*+]\s+/gm, '\n\n')
    .replace(/^\s*\d+\.\s+/gm, '\n\n')
    .replace(/[*_`#>]+/g, '')
    // Scraped pages wrap lines mid-sentence: a single newline is a space, a blank line ends a paragraph.
    .replace(/([^\n])\n(?!\n)/g, '$1 ');
  return cleaned
    .split(/(?<=[.!?])\s+(?=[A-Z0-9"'“(])|\n{2,}/)
    .map((sentence) => sentence.replace(/\s+/g, ' ').trim())
    .filter((sentence) => sentence.length >= 25 && sentence.length <= 600 && /[a-z]{3,}/i.test(sentence));
}

const TABLE_ROW = /^\s*\|.*\|\s*$/;
const SEPARATOR_ROW = /^\s*\|?(\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*\|?\s*$/;

/** Markdown tables rewritten as one labelled sentence per data row, each its own paragraph. */
export function tablesAsSentences(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const header = lines[index]!;
    if (!TABLE_ROW.test(header) || !SEPARATOR_ROW.test(lines[index + 1] ?? '')) {
      // A lone row outside a table with a header says nothing readable.
      out.push(TABLE_ROW.test(header) ? ' ' : header);
      continue;
    }
    const columns = cells(header);
    index += 2;
    for (; index < lines.length && TABLE_ROW.test(lines[index]!); index++) {
      const row = cells(lines[index]!)
        .map((cell, column) => (cell && columns[column] ? `${columns[column]}: ${cell}` : cell))
        .filter(Boolean);
      if (row.length > 0) out.push('', `${row.join('; ')}.`, '');
    }
    index--;
  }
  return out.join('\n');
}

function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((cell) => cell.trim());
}

const LIST_ITEM = /^(\s*)(?:[-*+]|\d+\.)\s+(.*\S)\s*$/;

/** A child item at most this long is a value ("RAM: 8GB"), not a sentence of its own. */
const SHORT_ITEM_CHARS = 40;

/** A line that introduces a list ("Minimum requirements:"). */
const LEAD_IN = /^(\s*)([^\s|].*):\s*$/;

/**
 * A list item whose children are all short, or a line ending in a colon followed by short items,
 * is rewritten as one item: the parent, a colon, the children joined by semicolons. Anything else
 * is left as it is.
 */
export function listsAsSentences(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const item = LIST_ITEM.exec(lines[index]!);
    // Under an item its children are indented deeper; under a lead-in line, any items that follow.
    const parent = item ?? LEAD_IN.exec(lines[index]!);
    const deeper = (indent: string) => (item ? indent.length > item[1]!.length : true);
    const children: string[] = [];
    let next = index + 1;
    for (; parent && next < lines.length; next++) {
      const child = LIST_ITEM.exec(lines[next]!);
      if (!child || !deeper(child[1]!)) break;
      children.push(child[2]!);
    }
    if (!parent || children.length === 0 || children.some((child) => child.length > SHORT_ITEM_CHARS)) {
      out.push(lines[index]!);
      continue;
    }
    const lead = parent[2]!.replace(/[:.]$/, '');
    out.push(`${parent[1]}- ${lead}: ${children.map((child) => child.replace(/[;.]$/, '')).join('; ')}.`);
    index = next - 1;
  }
  return out.join('\n');
}
