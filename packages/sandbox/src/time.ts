/**
 * Scenario times are relative to "now" ("30h ago", "2d ago", "now") so that a
 * scenario never goes stale: an ECR token lives 12 hours, so absolute dates in a
 * checked-in file would turn every secret into an expired one within a day.
 */

const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

/** `now`, `<n><s|m|h|d|w|y> ago`, `in <n><unit>`, or an ISO-8601 timestamp. */
const RELATIVE_TIME_PATTERN =
  /^(now|\d+(\.\d+)?\s*[smhdwy]\s+ago|in\s+\d+(\.\d+)?\s*[smhdwy])$/;

export function isTimeExpression(text: string): boolean {
  return (
    RELATIVE_TIME_PATTERN.test(text.trim()) ||
    (/^\d{4}-\d{2}-\d{2}/.test(text) && !Number.isNaN(Date.parse(text)))
  );
}

/** Resolves a scenario time expression against `now`. */
export function resolveTime(text: string, now: Date): Date {
  const value = text.trim();
  if (value === 'now') {
    return new Date(now.getTime());
  }
  const match = /^(in\s+)?(\d+(?:\.\d+)?)\s*([smhdwy])(\s+ago)?$/.exec(value);
  if (match) {
    const amount = Number(match[2]) * UNIT_MS[match[3]];
    const sign = match[1] ? 1 : -1;
    return new Date(now.getTime() + sign * amount);
  }
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) {
    throw new Error(`Not a time expression: "${text}"`);
  }
  return new Date(parsed);
}

/** Kubernetes serialises times as RFC 3339 with second precision. */
export function k8sTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** `500ms`, `2s`, `1m` or a number of milliseconds. */
export function parseDurationMs(value: string | number): number {
  if (typeof value === 'number') {
    return value;
  }
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/.exec(value.trim());
  if (!match) {
    throw new Error(`Not a duration: "${value}"`);
  }
  const factor: Record<string, number> = {
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
  };
  return Number(match[1]) * factor[match[2]];
}
