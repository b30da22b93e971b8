// Where the Temporal CLI is: TEMPORAL_CLI, then the project's tools folder, then PATH.
// scripts/ensure-temporal.sh builds it into the tools folder when none is found.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export function temporalCliPath(): string {
  const candidates = [
    process.env.TEMPORAL_CLI,
    join(__dirname, '..', '.tools', 'bin', 'temporal'),
    ...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'temporal')),
  ].filter((p): p is string => Boolean(p));
  for (const path of candidates) {
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // try the next place
    }
  }
  throw new Error('Temporal CLI not found: run `npm run temporal:ensure` (builds it with Go) or set TEMPORAL_CLI');
}
