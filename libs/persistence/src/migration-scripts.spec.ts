import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DATABASE_OWNERS } from './database-url';

/*
 * `prisma migrate deploy` runs through @prisma/adapter-pg, whose executeScript splits a migration at EVERY semicolon
 * (adapter-pg 6.19: `script.split(";")`), comments and string literals included. A semicolon there cuts a statement in
 * two: the deploy fails half-applied and the database is left with a failed migration (P3009) to clear by hand. The
 * tests' freshDatabase sends each file whole, so only this check catches it before `npm run db:migrate` does.
 */

const repoRoot = path.resolve(__dirname, '../../..');

function migrationScripts(): [string, string][] {
  return DATABASE_OWNERS.flatMap((owner) => {
    const folder = path.join(repoRoot, 'libs', owner, 'prisma', 'migrations');
    return readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry): [string, string] => [`${owner}/${entry.name}`, readFileSync(path.join(folder, entry.name, 'migration.sql'), 'utf8')]);
  });
}

/** The comments and string literals of a script, where a semicolon does not end a statement. */
function commentsAndLiterals(sql: string): string[] {
  return [...sql.matchAll(/--[^\n]*|'(?:[^']|'')*'/g)].map(([text]) => text);
}

describe('every migration applies through adapter-pg, which splits scripts at every semicolon', () => {
  it.each(migrationScripts())('%s has no semicolon inside a comment or a string literal', (_name, sql) => {
    expect(commentsAndLiterals(sql).filter((text) => text.includes(';'))).toEqual([]);
  });

  it('finds the semicolon this rule is about', () => {
    expect(commentsAndLiterals("-- kept; a note\nSELECT 'a;b', 'c';").filter((text) => text.includes(';'))).toEqual(['-- kept; a note', "'a;b'"]);
  });
});
