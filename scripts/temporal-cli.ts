// Where the Temporal CLI is: TEMPORAL_CLI, then the project's tools folder, then PATH.
// scripts/ensure-temporal.sh builds it into the tools folder when none is found.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { SearchAttributeType } from '@temporalio/common';
import { allSearchAttributes } from '../workflows/search-attributes';

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

const flagType: Record<SearchAttributeType, string> = {
  KEYWORD: 'Keyword',
  KEYWORD_LIST: 'KeywordList',
  BOOL: 'Bool',
  INT: 'Int',
  DATETIME: 'Datetime',
  TEXT: 'Text',
  DOUBLE: 'Double',
};

/** `temporal server start-dev` arguments: file-backed, loopback only, our search attributes registered. */
export function devServerArgs(o: { port: number; dbFile: string; uiPort?: number; codecEndpoint?: string }): string[] {
  return [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(o.port),
    ...(o.uiPort ? ['--ui-port', String(o.uiPort), ...(o.codecEndpoint ? ['--ui-codec-endpoint', o.codecEndpoint] : [])] : ['--headless']),
    '--db-filename',
    o.dbFile,
    '--log-level',
    'error',
    ...allSearchAttributes.flatMap((k) => ['--search-attribute', `${k.name}=${flagType[k.type]}`]),
  ];
}
