// The embedded default database: PGlite (WASM PostgreSQL) persisted in the data folder,
// served over the PostgreSQL wire protocol so the app connects exactly as it would to a server.
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export async function startEmbeddedDb(dataDir: string, port: number) {
  const db = await PGlite.create(dataDir);
  // The multiplexer keeps a transaction's statements on its own connection. Room for the
  // worker's and the API's pools (10 each by default) with margin.
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections: 64 });
  await server.start();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
