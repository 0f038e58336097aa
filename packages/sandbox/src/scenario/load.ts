import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { Scenario, ScenarioInput, scenarioSchema } from './schema';
import { checkReferences } from './references';
import { loadManifests } from './manifestSchema';

/** Raised for a scenario that does not validate; the message names each bad field. */
export class ScenarioError extends Error {
  readonly problems: string[];
  constructor(source: string, problems: string[]) {
    super(`Invalid scenario ${source}:\n  ${problems.join('\n  ')}`);
    this.name = 'ScenarioError';
    this.problems = problems;
  }
}

/** `['clusters', 1, 'workloads', 3, 'images', 0]` → `clusters[1].workloads[3].images[0]` */
function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') {
      out += `[${part}]`;
    } else {
      out += out ? `.${String(part)}` : String(part);
    }
  }
  return out || '(root)';
}

function describeIssues(error: z.ZodError): string[] {
  return error.issues.map(
    issue => `${formatPath(issue.path)}: ${issue.message}`,
  );
}

/**
 * Validates a scenario given as an object (already parsed YAML or built in code). Manifest
 * files (`clusters[].manifests[].file`) are read relative to `baseDir` (default: the current
 * directory; the scenario file's folder when loaded from a file).
 */
export function parseScenario(
  input: unknown,
  source = '(inline)',
  baseDir = process.cwd(),
): Scenario {
  const result = scenarioSchema.safeParse(input ?? {});
  if (!result.success) {
    throw new ScenarioError(source, describeIssues(result.error));
  }
  const manifestProblems = result.data.clusters.flatMap((cluster, i) =>
    loadManifests(cluster.manifests, `clusters[${i}].manifests`, baseDir),
  );
  if (manifestProblems.length > 0) {
    throw new ScenarioError(source, manifestProblems);
  }
  const problems = checkReferences(result.data);
  if (problems.length > 0) {
    throw new ScenarioError(source, problems);
  }
  return result.data;
}

/** Parses scenario YAML text; manifest files are read relative to `baseDir`. */
export function parseScenarioYaml(
  text: string,
  source = '(inline)',
  baseDir?: string,
): Scenario {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new ScenarioError(source, [
      `not valid YAML: ${(error as Error).message}`,
    ]);
  }
  return parseScenario(raw, source, baseDir);
}

/** Reads and validates a scenario file. */
export function loadScenarioFile(path: string): Scenario {
  return parseScenarioYaml(readFileSync(path, 'utf8'), path, dirname(path));
}

/** Accepts what `startSandbox({ scenario })` takes: a parsed scenario, raw input or a file path. */
export function toScenario(
  scenario: Scenario | ScenarioInput | string,
): Scenario {
  if (typeof scenario === 'string') {
    return loadScenarioFile(scenario);
  }
  return parseScenario(scenario);
}
