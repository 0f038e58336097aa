/** A container env entry with its literal value dropped; `valueFrom` references stay. */
function withoutValue(entry: unknown): unknown {
  return entry && typeof entry === 'object'
    ? { ...entry, value: undefined }
    : entry;
}

/**
 * `value` with the literal values of every `env` list in it dropped, at any depth (a CronJob's
 * containers are one level deeper than a Deployment's). Copies only the objects on the way to
 * an `env` list and shares the rest: a JSON round trip of every workload cost more CPU than
 * classifying it, and the object as listed is not changed (the refresher search still reads it).
 */
export function withoutEnvValues(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(withoutEnvValues);
    return items.some((item, i) => item !== value[i]) ? items : value;
  }
  if (!value || typeof value !== 'object') return value;
  let copy: Record<string, unknown> | undefined;
  for (const [key, inner] of Object.entries(value)) {
    const next =
      key === 'env' && Array.isArray(inner)
        ? inner.map(withoutValue)
        : withoutEnvValues(inner);
    if (next !== inner) {
      copy ??= { ...(value as Record<string, unknown>) };
      copy[key] = next;
    }
  }
  return copy ?? value;
}
