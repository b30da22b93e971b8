// Prisma CLI configuration: the JS schema engine (WASM) with the pg adapter, so the
// CLI needs no native engine download. Used only to generate the client and SQL diffs;
// migrations are applied by dbmate (scripts/migrate.ts).
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

export default defineConfig({
  experimental: { adapter: true },
  schema: 'prisma/schema.prisma',
  engine: 'js',
  adapter: () => Promise.resolve(new PrismaPg({ connectionString: process.env.DATABASE_URL ?? 'postgresql://unused@127.0.0.1:1/unused' })),
});
