// Registers the search attributes the workflows set (workflows/search-attributes.ts) where a
// server lacks them. The dev server's --search-attribute flags act only when its database file
// is new, so an existing `.data/temporal.db` would miss attributes added since; a workflow that
// sets an unregistered one cannot make progress.
import { SearchAttributeType } from '@temporalio/common';
import type { Connection } from '@temporalio/client';
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
