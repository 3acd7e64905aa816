import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const RULES_ENTRY = new URL('./unsafe-passages.ts', import.meta.url);
let memo: string | undefined;

/**
 * Identifies the rules that find unsafe passages: a hash of the source of unsafe-passages.ts and of
 * every module it imports, directly or not. Ingestion stores each document's passages with this
 * value and scans an unchanged file again only when it differs, so a new release's rules reach
 * every document while a re-run over 100k unchanged chunks does not rescan 60 MB of text.
 */
export function unsafeRulesFingerprint(): string {
  if (memo) return memo;
  try {
    const hash = createHash('sha256');
    for (const file of importClosure(RULES_ENTRY)) {
      hash.update(`${file.split('/').slice(-2).join('/')}\n${readFileSync(file, 'utf8')}\n`);
    }
    memo = hash.digest('hex').slice(0, 16);
  } catch {
    // Sources not beside the running code (a bundle): a value no stored one equals, so every file
    // is scanned each run, as before the passages were stored.
    memo = `unread-${randomUUID()}`;
  }
  return memo;
}

/** The module and every module it imports by a relative path, directly or not (absolute paths). */
export function importClosure(entry: URL): string[] {
  const seen = new Set<string>();
  const visit = (url: URL) => {
    const file = fileURLToPath(url);
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    // Packages are pinned by the lockfile; the rules import none today.
    for (const match of source.matchAll(/^(?:import|export)\s[^;]*?\sfrom\s+'(\.{1,2}\/[^']+\.ts)'/gm)) {
      visit(new URL(match[1]!, url));
    }
  };
  visit(entry);
  return [...seen];
}
