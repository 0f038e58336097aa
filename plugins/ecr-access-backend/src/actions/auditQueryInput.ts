import { auditQuerySchema } from '@ecr-access/plugin-ecr-access-common';
import type { z as z3 } from 'zod/v3';
import type * as core from 'zod/v4/core';

// The audit action's input is the query of `GET /audit` (-common's auditQuerySchema), minus
// `format` (an export is a download, not an answer), in JSON's types rather than the URL's
// strings: a count is a number, `stale` a boolean. It is derived from the schema, field by
// field, so a filter added to the contract reaches the action; the action then sends the
// values as the query string, and the route validates them with that same schema.

const WIRE_ONLY = ['format'];

type Zod3 = typeof z3;

/** What a query parameter stands for, as a JSON type. */
function jsonTypeOf(wire: core.$ZodType, zod: Zod3): z3.ZodTypeAny {
  const def = wire._zod.def;
  if (def.type === 'optional') {
    return jsonTypeOf((def as core.$ZodOptionalDef).innerType, zod);
  }
  if (def.type === 'enum') {
    const values = Object.values((def as core.$ZodEnumDef).entries);
    return zod.enum(values.map(String) as [string, ...string[]]);
  }
  if (def.type === 'string') return zod.string();
  if (def.type === 'pipe') {
    // Read by kind rather than instanceof: -common may hold another copy of zod.
    const { in: from, out: to } = def as core.$ZodPipeDef;
    // A count: digits piped into a whole number.
    if (to._zod.def.type === 'number') return zod.number().int();
    // A flag: 'true' or 'false' transformed into a boolean.
    const flag = from._zod.def as core.$ZodEnumDef;
    if (
      flag.type === 'enum' &&
      Object.keys(flag.entries).join() === 'true,false'
    ) {
      return zod.boolean();
    }
  }
  throw new Error(
    `No JSON type written for the audit query's zod 4 '${def.type}' parameter`,
  );
}

/** The names of the action's input: the route's query parameters but `format`. */
export const AUDIT_INPUT_KEYS = Object.keys(auditQuerySchema.shape).filter(
  key => !WIRE_ONLY.includes(key),
) as Array<Exclude<keyof typeof auditQuerySchema.shape, 'format'>>;

/** The action's input schema, each field described as the contract describes it. */
export function auditQueryInputSchema(zod: Zod3) {
  const shape = Object.fromEntries(
    AUDIT_INPUT_KEYS.map(key => {
      const wire = auditQuerySchema.shape[key];
      const field = jsonTypeOf(wire, zod).optional();
      return [key, wire.description ? field.describe(wire.description) : field];
    }),
  );
  return zod.object(shape);
}

/** The input as `GET /audit`'s query string. */
export function auditQueryString(input: Record<string, unknown>): string {
  const query = new URLSearchParams();
  for (const key of AUDIT_INPUT_KEYS) {
    const value = input[key];
    if (value !== undefined) query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}
