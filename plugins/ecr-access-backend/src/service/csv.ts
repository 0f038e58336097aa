import { AuditListRow } from '../database';

const COLUMNS: Array<[string, (item: AuditListRow) => string]> = [
  ['entityRef', i => i.entityRef],
  ['title', i => i.title ?? ''],
  ['owner', i => i.owner ?? ''],
  ['health', i => i.health],
  ['mechanisms', i => i.mechanisms.join(' ')],
  ['findingCodes', i => i.findingCodes.join(' ')],
  ['clusters', i => i.clusters.join(' ')],
  ['stale', i => String(i.stale)],
  ['checkedAt', i => i.checkedAt],
  ['summary', i => i.summary],
];

/**
 * One RFC 4180 field: quoted when it holds a comma, quote or line break, quotes doubled.
 * A leading `=`, `+`, `-` or `@` is prefixed with `'` so that a spreadsheet does not run
 * an entity title as a formula (OWASP "CSV injection").
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const line = (fields: string[]) => `${fields.map(csvField).join(',')}\r\n`;

export const CSV_HEADER = line(COLUMNS.map(([name]) => name));

export function csvLine(item: AuditListRow): string {
  return line(COLUMNS.map(([, value]) => value(item)));
}
