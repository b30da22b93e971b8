// Registers the search attributes the workflows set (workflows/search-attributes.ts) where a
// server lacks them. The dev server's --search-attribute flags act only when its database file
// is new, so an existing `.data/temporal.db` would miss attributes added since; a workflow that
// sets an unregistered one cannot make progress.
import { SearchAttributeType } from '@temporalio/common';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { allSearchAttributes } from '../workflows/search-attributes';

const indexed = temporal.api.enums.v1.IndexedValueType;
const indexedType: Record<SearchAttributeType, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: indexed.INDEXED_VALUE_TYPE_KEYWORD,
  KEYWORD_LIST: indexed.INDEXED_VALUE_TYPE_KEYWORD_LIST,
  BOOL: indexed.INDEXED_VALUE_TYPE_BOOL,
  INT: indexed.INDEXED_VALUE_TYPE_INT,
  DATETIME: indexed.INDEXED_VALUE_TYPE_DATETIME,
  TEXT: indexed.INDEXED_VALUE_TYPE_TEXT,
  DOUBLE: indexed.INDEXED_VALUE_TYPE_DOUBLE,
};

/** Adds the missing ones; returns their names. */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = allSearchAttributes.filter((a) => !(a.name in (customAttributes ?? {})));
  if (missing.length) {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((a) => [a.name, indexedType[a.type]])),
    });
  }
  return missing.map((a) => a.name);
}

// `tsx scripts/search-attributes.ts [address] [namespace]`: for a server set up by hand or by scripts/temporal-engine.sh.
if (require.main === module) {
  const [address = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233', namespace = process.env.TEMPORAL_NAMESPACE ?? 'default'] = process.argv.slice(2);
  Connection.connect({ address })
    .then(async (connection) => {
      const added = await ensureSearchAttributes(connection, namespace);
      console.log(added.length ? `Search attributes added: ${added.join(', ')}` : 'Search attributes: all present');
      await connection.close();
    })
    .catch((err: Error) => {
      console.error(`Could not register the search attributes at ${address}: ${err.message}`);
      process.exit(1);
    });
}
