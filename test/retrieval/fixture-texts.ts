import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_DIR } from '../knowledge/knowledge-folder.ts';

/** The fixture documents' paragraphs: real text to embed in tests. */
export function fixtureChunkTexts(): string[] {
  return readdirSync(FIXTURE_DIR).flatMap((file) =>
    readFileSync(join(FIXTURE_DIR, file), 'utf8').split(/\n\s*\n/),
  );
}
