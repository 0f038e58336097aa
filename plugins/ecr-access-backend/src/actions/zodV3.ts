import type { z as z3 } from 'zod/v3';
import { z } from 'zod/v4';
import type * as core from 'zod/v4/core';

// The actions registry takes zod 3 schemas (it turns them into JSON Schema with
// zod-to-json-schema, which reads zod 3 only), while -common's contract is written in zod 4.
// This converts the kinds of schema -common's response bodies are made of, so that an
// action's output is declared by the contract itself rather than by a second copy of it.
// Constraints that only validate input (lengths, patterns) are not carried: an output
// schema's job here is the shape, its descriptions, and dropping keys the contract does not
// name.

type Zod3 = typeof z3;

function converted(schema: core.$ZodType, zod: Zod3): z3.ZodTypeAny {
  const def = schema._zod.def;
  switch (def.type) {
    case 'string':
      return zod.string();
    case 'number':
      return (schema as z.ZodNumber).isInt ? zod.number().int() : zod.number();
    case 'boolean':
      return zod.boolean();
    case 'enum': {
      const values = Object.values((def as core.$ZodEnumDef).entries);
      return zod.enum(values.map(String) as [string, ...string[]]);
    }
    case 'array':
      return zod.array(toZodV3((def as core.$ZodArrayDef).element, zod));
    case 'optional':
      return toZodV3((def as core.$ZodOptionalDef).innerType, zod).optional();
    case 'nullable':
      return toZodV3((def as core.$ZodNullableDef).innerType, zod).nullable();
    case 'record': {
      const { keyType, valueType } = def as core.$ZodRecordDef;
      return zod.record(
        toZodV3(keyType, zod) as z3.ZodType<string>,
        toZodV3(valueType, zod),
      );
    }
    case 'object':
      return toZodV3Object(schema as z.ZodObject, zod);
    case 'union': {
      // E.g. a sentence's parts: words, or an age kept as its instant.
      const [first, second, ...rest] = (def as core.$ZodUnionDef).options.map(
        option => toZodV3(option, zod),
      );
      return zod.union([first, second, ...rest]);
    }
    default:
      throw new Error(
        `toZodV3 has no zod 3 form for a zod 4 '${def.type}' schema`,
      );
  }
}

/** A zod 4 schema of -common as zod 3, with its descriptions. */
export function toZodV3(schema: core.$ZodType, zod: Zod3): z3.ZodTypeAny {
  const result = converted(schema, zod);
  const description = z.globalRegistry.get(schema)?.description;
  return description ? result.describe(description) : result;
}

/** A zod 4 object of -common as the zod 3 object an action's schema must be. */
export function toZodV3Object(schema: z.ZodObject, zod: Zod3): z3.AnyZodObject {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([key, field]) => [
      key,
      toZodV3(field, zod),
    ]),
  );
  const result = zod.object(shape);
  const description = z.globalRegistry.get(schema)?.description;
  return description ? result.describe(description) : result;
}
