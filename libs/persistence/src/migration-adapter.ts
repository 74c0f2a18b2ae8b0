import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';

// adapter-pg cannot deserialize the `name` and `"char"` column types that Prisma's schema engine meets while
// introspecting the catalog during `migrate deploy` (prisma/orm#27403); both are plain text, so report them as such.
const TEXT_OID = 25;
const CATALOG_TEXT_OIDS = new Set([18, 19]);

class CatalogTextPool extends pg.Pool {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override async query(...args: any[]): Promise<any> {
    const result = await (super.query as (...a: unknown[]) => Promise<pg.QueryResult>)(...args);
    for (const field of result.fields ?? []) {
      if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    }
    return result;
  }
}

export function migrationAdapter(connectionString = process.env.DATABASE_URL) {
  if (!connectionString) throw new Error('DATABASE_URL is not set: it names the database to migrate');
  // The CLI never disposes the adapter (its WebAssembly schema engine's stop() only frees the engine), so the pool's
  // idle connections would hold the process open until pg's idle timeout (10 s) after every command: let them not.
  return new PrismaPg(new CatalogTextPool({ connectionString, allowExitOnIdle: true }), { disposeExternalPool: true });
}
