/**
 * A policy document as IAM returns it (URL-encoded JSON, RFC 3986) or as we build it, in a
 * form where two documents that mean the same compare equal: keys sorted, one-element lists
 * as their element (IAM accepts both for Action, Resource and condition values).
 */
export function canonicalPolicy(document: unknown): string {
  const parsed =
    typeof document === 'string'
      ? JSON.parse(decodePolicy(document))
      : document;
  return JSON.stringify(canonical(parsed));
}

function decodePolicy(text: string): string {
  const trimmed = text.trim();
  return trimmed.startsWith('{') ? trimmed : decodeURIComponent(trimmed);
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(canonical);
    return items.length === 1 ? items[0] : items;
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map(key => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}
