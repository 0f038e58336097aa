// The promises of the demo: the legend table at the top of examples/sandbox/demo.yaml, read as
// data, so that the browser test checks every entity it lists (including rows added later)
// against what its card shows. The expectations live in the legend's columns only.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEMO_SCENARIO = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../../examples/sandbox/demo.yaml',
);

/** A finding code: upper-case words joined by underscores (SECRET_EXPIRED). */
const CODE = /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g;

/**
 * One legend row: `#   <entity>  <cluster / namespace>  <pull mechanism>  <what it shows>`,
 * columns separated by two or more spaces. Continuation lines (indented further) and the
 * header are not rows.
 */
const ROW = /^#\s{3}([a-z0-9][a-z0-9-]*)\s{2,}(\S.*?)\s{2,}(\S+)\s{2,}(\S.*)$/;

/**
 * The legend's rows as `{ entity, where, mechanism, shows, findings, stale }`: the mechanism
 * the card must headline, the finding codes it must show, and whether it must say "Stale".
 */
export function parseLegend(text) {
  const lines = text.split('\n');
  const header = lines.findIndex(l => /^#\s*Entity \(catalog name\)/.test(l));
  if (header < 0) throw new Error('demo.yaml has no legend header');
  const rows = [];
  for (const line of lines.slice(header + 1)) {
    if (!line.startsWith('#')) break;
    const match = ROW.exec(line);
    if (!match) continue;
    const [, entity, where, mechanism, shows] = match;
    rows.push({
      entity,
      where,
      mechanism,
      shows,
      findings: [...new Set(shows.match(CODE) ?? [])],
      stale: /\bstale\b/i.test(shows),
    });
  }
  if (rows.length === 0) throw new Error('the legend of demo.yaml has no rows');
  return rows;
}

export async function readLegend(path = DEMO_SCENARIO) {
  return parseLegend(await readFile(path, 'utf8'));
}
