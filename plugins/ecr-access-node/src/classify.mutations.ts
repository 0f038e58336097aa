/* Test helpers: edit a fixture world at any path, for the property tests. */

export type Json = unknown;

/** Every path to a value in a JSON-like tree, in a stable order. */
export function paths(
  value: Json,
  prefix: Array<string | number> = [],
): Array<Array<string | number>> {
  if (typeof value !== 'object' || value === null) return [prefix];
  const keys = Array.isArray(value)
    ? value.map((_, i) => i)
    : Object.keys(value);
  return [
    prefix,
    ...keys.flatMap(k =>
      paths((value as Record<string | number, Json>)[k], [...prefix, k]),
    ),
  ];
}

export const DELETE: unique symbol = Symbol('delete');

/** Delete or replace the value at a path of a deep copy. */
export function mutate(
  root: Json,
  path: Array<string | number>,
  replacement: Json | typeof DELETE,
): Json {
  if (path.length === 0)
    return replacement === DELETE ? undefined : replacement;
  const copy = structuredClone(root) as Record<string | number, Json>;
  let node = copy;
  for (const key of path.slice(0, -1))
    node = node[key] as Record<string | number, Json>;
  const last = path[path.length - 1];
  if (replacement === DELETE) delete node[last];
  else node[last] = replacement;
  return copy;
}
