/** Splits passage text into readable sentences, leaving out Markdown noise (tables, images, link lists). */
export function splitSentences(text: string): string[] {
  const cleaned = text
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/<[^>]+>/g, ' ')
    .replace(/^\s*\|.*\|\s*$/gm, ' ')
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
