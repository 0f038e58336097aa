import { InputError } from '@backstage/errors';
import { z } from 'zod/v3';
import { rejectPrototypeKeys } from './prototypeKeys';

type FieldSchemas = Record<string, (zod: typeof z) => z.ZodTypeAny>;

/** `repositories.0` → `repositories[0]`: the field as a template author writes it. */
function fieldPath(path: Array<string | number>): string {
  if (path.length === 0) return 'input';
  return path.reduce<string>((field, part) => {
    if (typeof part === 'number') return `${field}[${part}]`;
    return field ? `${field}.${part}` : part;
  }, '');
}

/**
 * Parses the input with the action's own zod fields, inside the handler. The scaffolder's
 * engine already validates against the JSON schema derived from them, but a handler is also
 * reached without that engine (other runners, retries, direct calls), and an action that
 * writes IAM roles must not trust that someone else checked. Defaults are applied as the
 * schema says. A rejection is an `InputError` whose message starts with the field; a key
 * the action does not know, or a prototype key (`__proto__`, `constructor`), is one too.
 */
export function parseActionInput<T extends FieldSchemas>(
  fields: T,
  input: unknown,
): { [K in keyof T]: z.output<ReturnType<T[K]>> } {
  rejectPrototypeKeys(input);
  // Strict: a key the action does not know is a typo or a probe, and is named, not dropped.
  const schema = z
    .object(
      Object.fromEntries(
        Object.entries(fields).map(([name, field]) => [name, field(z)]),
      ),
    )
    .strict();
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data as any;
  const messages = parsed.error.issues.map(issue => {
    if (issue.code === 'unrecognized_keys') {
      return `${issue.keys
        .map(key => fieldPath([...issue.path, key]))
        .join(', ')}: not an input of this action`;
    }
    const field = fieldPath(issue.path);
    // Our messages already begin with the field; zod's own ("Required") do not.
    return issue.message.startsWith(field) && issue.path.length <= 1
      ? issue.message
      : `${field}: ${issue.message}`;
  });
  throw new InputError([...new Set(messages)].join('; '));
}
