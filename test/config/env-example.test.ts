import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../bot/config.ts';

/** Variables named in .env.example, set (`NAME=`) or commented out (`# NAME=`). */
function listExampleVariables(text: string): string[] {
  return [...text.matchAll(/^(?:#\s*)?([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]!);
}

describe('.env.example', () => {
  const text = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');

  it('lists exactly the variables of the config schema, each once', () => {
    const listed = listExampleVariables(text);
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual(Object.keys(configSchema.shape).sort());
  });

  it('explains every variable with a comment line just above it', () => {
    const lines = text.split('\n');
    const unexplained = lines
      .map((line, index) => ({ line, above: lines[index - 1] ?? '' }))
      .filter(({ line }) => /^[A-Z][A-Z0-9_]*=/.test(line))
      .filter(({ above }) => !above.startsWith('#') && !/^[A-Z][A-Z0-9_]*=/.test(above))
      .map(({ line }) => line);
    expect(unexplained).toEqual([]);
  });

  it('is read by a parser that sees commented-out variables too', () => {
    expect(listExampleVariables('# A comment: X=1 inside\nFOO=1\n# BAR=2\n#BAZ=\nlower=3')).toEqual([
      'FOO',
      'BAR',
      'BAZ',
    ]);
  });
});
