/**
 * Splits passage text into readable sentences, leaving out Markdown noise (images, link lists, code).
 * A table row becomes a sentence of its own, each cell labelled with its column ("Title: NextGen AMD
 * GPU support; Status: Draft"), since an index or a price list answers many questions.
 */
export function splitSentences(text: string): string[] {
  const cleaned = tablesAsSentences(text)
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
