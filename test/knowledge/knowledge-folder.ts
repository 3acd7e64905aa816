import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The small Markdown/MDX/text corpus the knowledge and retrieval tests ingest. */
export const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/knowledge/', import.meta.url));

/** Temporary folders for tests that change files; remove them all in afterAll. */
export function createTempFolders(): { copyFixtures(): string; empty(): string; removeAll(): void } {
  const made: string[] = [];
  const empty = () => {
    const dir = mkdtempSync(join(tmpdir(), 'depin-knowledge-'));
    made.push(dir);
    return dir;
  };
  return {
    empty,
    copyFixtures() {
      const dir = empty();
      cpSync(FIXTURE_DIR, dir, { recursive: true });
      return dir;
    },
    removeAll() {
      for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}
