import { defineConfig } from 'prisma/config';
import { databaseUrl, type DatabaseOwner } from './database-url';
import { migrationAdapter } from './migration-adapter';

/**
 * The Prisma CLI configuration of one service's schema (`libs/<owner>/prisma/prisma.config.ts` calls this).
 * Prisma runs here on its WebAssembly engines through adapter-pg, because its native engines are a download
 * these machines cannot make; the schema's `env("DATABASE_URL")` is pointed at the owner's database.
 */
export function prismaConfig(owner: DatabaseOwner) {
  const url = databaseUrl(owner);
  process.env.DATABASE_URL = url;
  return defineConfig({
    experimental: { adapter: true },
    engine: 'js',
    schema: 'schema.prisma',
    adapter: async () => migrationAdapter(url),
  });
}
