import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabase } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { PGLITE_POSTGRES_MAJOR } from '../../db/pglite.ts';

describe('the PGlite data folder', () => {
  const folders: string[] = [];
  const newFolder = () => {
    const folder = mkdtempSync(join(tmpdir(), 'depin-pglite-'));
    folders.push(folder);
    return folder;
  };
  afterEach(() => {
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  it('takes the migrations and pgvector, and is written by the Postgres major the version check expects', async () => {
    const folder = newFolder();
    const db = await createDatabase({ dataDir: folder });
    await migrate(db);
    expect(await db.query(`SELECT '[3,4]'::vector <-> '[0,0]'::vector AS distance`)).toEqual([
      { distance: 5 },
    ]);
    await db.close();
    expect(readFileSync(join(folder, 'PG_VERSION'), 'utf8').trim()).toBe(PGLITE_POSTGRES_MAJOR);
  });

  it('of an older PGlite is refused with what to do, and left untouched', async () => {
    const folder = newFolder();
    // What PGlite 0.3 leaves: Postgres 17's folder.
    writeFileSync(join(folder, 'PG_VERSION'), '17\n');
    await expect(createDatabase({ dataDir: folder })).rejects.toThrow(
      new RegExp(`DATA_DIR ${folder} holds a Postgres 17 database.*Move the folder aside`),
    );
    expect(readdirSync(folder)).toEqual(['PG_VERSION']);
  });
});
