// `npm start`'s process supervisor. Each part runs in its own process group, so Ctrl-C reaches
// only the supervisor, which stops the apps first (the worker drains) and then the services.
// A part that crashes is restarted with back-off; everything stops only on Ctrl-C or when a
// part keeps failing right after each restart.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Logger } from '../common/log';

export interface Part {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  spawnOptions?: Pick<SpawnOptions, 'uid' | 'gid'>;
  /** Apps (worker, API) stop before the services they use. */
  tier: 'service' | 'app';
  stopSignal?: NodeJS.Signals;
  /** Written at each start, so a developer can stop the part (e.g. to run their own worker). */
  pidFile?: string;
  /** Said when an app exits cleanly, which only a deliberate stop does: it is not restarted. */
  onCleanExit?: string;
}

const BACKOFF_MS = [1_000, 2_000, 4_000, 8_000, 16_000, 30_000];
/** A run this long counts as healthy and resets the back-off. */
const HEALTHY_AFTER_MS = 30_000;
/** Consecutive failed runs (each shorter than HEALTHY_AFTER_MS) before giving up. */
const MAX_FAILURES = 8;

interface Running {
  part: Part;
  child?: ChildProcess;
  startedAt: number;
  failures: number;
  restartTimer?: NodeJS.Timeout;
}

export class Supervisor {
  private readonly running = new Map<string, Running>();
  private stopping = false;

  constructor(
    private readonly log: Logger,
    private readonly giveUp: (reason: string) => void,
  ) {
    // Last resort if this process dies some other way: leave no child running.
    process.on('exit', () => this.children().forEach((c) => signalGroup(c, 'SIGKILL')));
  }

  start(part: Part): void {
    if (this.stopping) return;
    const entry = this.running.get(part.name) ?? { part, startedAt: 0, failures: 0 };
    this.running.set(part.name, entry);
    const child = spawn(part.command, part.args, {
      env: part.env ?? process.env,
      ...part.spawnOptions,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.relay(part.name, child.stdout);
    this.relay(part.name, child.stderr);
    child.on('error', (err) => this.log.error({ part: part.name, err }, 'could not start'));
    child.on('exit', (code, signal) => this.exited(entry, code, signal));
    entry.child = child;
    entry.startedAt = Date.now();
    if (part.pidFile && child.pid) writeFileSync(part.pidFile, `${child.pid}\n`);
  }

  /** A part's output as JSON lines: the worker's and API's already are (pino); other lines are wrapped, tagged with the part. */
  private relay(name: string, stream: Readable): void {
    createInterface({ input: stream }).on('line', (line) => {
      if (line.startsWith('{') && line.endsWith('}')) process.stdout.write(`${line}\n`);
      else if (line.trim()) this.log.info({ part: name }, line);
    });
  }

  private exited(entry: Running, code: number | null, signal: NodeJS.Signals | null): void {
    signalGroup(entry.child!, 'SIGKILL'); // whatever the part left behind in its group
    entry.child = undefined;
    if (this.stopping) return;
    const { part } = entry;
    if (part.tier === 'app' && code === 0) {
      this.log.info({ part: part.name }, `stopped (exit 0); not restarting it.${part.onCleanExit ? ` ${part.onCleanExit}` : ''}`);
      return;
    }
    entry.failures = Date.now() - entry.startedAt >= HEALTHY_AFTER_MS ? 1 : entry.failures + 1;
    if (entry.failures > MAX_FAILURES) {
      this.giveUp(`${part.name} exited (${signal ?? code}) ${MAX_FAILURES} times in a row shortly after starting; it cannot be brought back`);
      return;
    }
    const delay = BACKOFF_MS[Math.min(entry.failures, BACKOFF_MS.length) - 1];
    this.log.warn(
      { part: part.name, exit: signal ?? code, attempt: entry.failures },
      `exited; restarting it in ${delay / 1000} s (attempt ${entry.failures} of ${MAX_FAILURES})`,
    );
    entry.restartTimer = setTimeout(() => this.start(part), delay);
  }

  /** Apps first, then services; a part that ignores its signal is killed after 15 s. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    for (const tier of ['app', 'service'] as const) {
      const entries = [...this.running.values()].filter((e) => e.part.tier === tier);
      entries.forEach((e) => clearTimeout(e.restartTimer));
      await Promise.all(entries.map((e) => (e.child ? stopChild(e.child, e.part.stopSignal ?? 'SIGTERM') : Promise.resolve())));
    }
  }

  private children(): ChildProcess[] {
    return [...this.running.values()].flatMap((e) => (e.child ? [e.child] : []));
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => signalGroup(child, 'SIGKILL'), 15_000);
    child.once('exit', () => (clearTimeout(kill), resolve()));
    signalGroup(child, signal);
  });
}
