// Validates the parts of a request a route reads, reporting every failing field at once.
import type { Request } from 'express';
import type { z } from 'zod';
import { ApiError, issuesToFields, type FieldError } from './errors';

type Part = 'params' | 'query' | 'headers' | 'body';
type Schemas = Partial<Record<Part, z.ZodType>>;
type Parsed<S extends Schemas> = { [K in keyof S]: S[K] extends z.ZodType ? z.output<S[K]> : never };

export function validate<S extends Schemas>(req: Request, schemas: S): Parsed<S> {
  const parsed: Partial<Record<Part, unknown>> = {};
  const fields: FieldError[] = [];
  for (const part of ['params', 'query', 'headers', 'body'] as const) {
    const schema = schemas[part];
    if (!schema) continue;
    const result = schema.safeParse(req[part]);
    if (result.success) parsed[part] = result.data;
    else fields.push(...issuesToFields(part, result.error.issues));
  }
  if (fields.length) throw new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid', { fields });
  return parsed as Parsed<S>;
}
