import { InputError } from '@backstage/errors';

/** Keys that name Object.prototype's machinery, not data: never an input of any action. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const ORDINARY_PROTOTYPES = new Set<unknown>([
  Object.prototype,
  Array.prototype,
  null,
]);

/**
 * Refuses an input that holds `__proto__`, `constructor` or `prototype` as a key at any depth,
 * naming where. zod would drop such a key silently (its objects strip unknown keys), and code
 * that copies input into an object literal could have its prototype set by it. An object whose
 * prototype was already set (`{ __proto__: … }` parsed by a careless reader) is refused too.
 */
export function rejectPrototypeKeys(value: unknown, field = 'input'): void {
  if (typeof value !== 'object' || value === null) return;
  if (!ORDINARY_PROTOTYPES.has(Object.getPrototypeOf(value))) {
    throw new InputError(
      `${field}: has its prototype set (a __proto__ key); that is not an input of this action`,
    );
  }
  for (const key of Object.keys(value)) {
    const child = Array.isArray(value) ? `${field}[${key}]` : `${field}.${key}`;
    if (PROTOTYPE_KEYS.has(key)) {
      throw new InputError(
        `${child.replace(
          /^input\./,
          '',
        )}: '${key}' is not an input of this action (a prototype key is never accepted)`,
      );
    }
    rejectPrototypeKeys((value as Record<string, unknown>)[key], child);
  }
}
