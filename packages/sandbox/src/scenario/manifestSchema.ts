import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { apiVersionOf, RESOURCE_TYPES, ResourceType } from '../k8s/resources';
import { K8sError } from '../k8s/status';
import { K8sObject } from '../k8s/types';
import { validateLabels, validateName } from '../k8s/validation';
import { isTimeExpression } from '../time';
import { timeExpr } from './fields';

/**
 * Raw Kubernetes objects seeded into a cluster at start-up (`clusters[].manifests`), as people
 * write them: the documents of a YAML file (path relative to the scenario file), or objects
 * written inline. Loading reads each file once into `objects`, so a parsed scenario no longer
 * depends on the directory it was loaded from.
 */
// Any value here: each object is checked on its own after loading, with a message naming it
// (`checkManifestObject`); typed as what `objects` holds once loaded.
const rawObject = z.custom<ManifestObject>(() => true);

export const manifestEntry = z
  .object({
    /** A YAML file of one or more documents, relative to the scenario file. */
    file: z.string().min(1).optional(),
    /** One object written inline. */
    object: rawObject.optional(),
    /** Objects written inline; after loading, also what `file` held. */
    objects: z.array(rawObject).optional(),
    /** `metadata.creationTimestamp` of objects that carry none. */
    createdAt: timeExpr.default('30d ago'),
    /** The time of the manager's write (`managedFields[].time`); default `createdAt`. */
    lastWritten: timeExpr.optional(),
    /** The field manager of that write, e.g. kubectl-client-side-apply, kubectl-create, helm. */
    manager: z.string().min(1).default('kubectl-client-side-apply'),
    /**
     * What the CronJob controller did for every CronJob of this entry: its latest Job (owned by
     * the CronJob, named `<cronjob>-<minutes since epoch>`) with this outcome, and the
     * CronJob's `status.lastScheduleTime` / `lastSuccessfulTime`.
     */
    lastRun: z
      .object({
        at: timeExpr,
        outcome: z.enum(['succeeded', 'failed']).default('succeeded'),
        /** `status.lastSuccessfulTime` when the last run failed (default: none recorded). */
        lastSuccess: timeExpr.optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((entry, ctx) => {
    const given = (['file', 'object', 'objects'] as const).filter(
      key => entry[key] !== undefined,
    );
    // `file` with `objects` is a loaded entry: the objects were read from that file.
    const loaded = given.length === 2 && !given.includes('object');
    if (given.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected one of file (a YAML file), object or objects',
      });
    } else if (given.length > 1 && !loaded) {
      ctx.addIssue({
        code: 'custom',
        message: `expected one of file, object or objects, got ${given.join(
          ' and ',
        )}`,
      });
    }
  });

export type ScenarioManifest = z.output<typeof manifestEntry>;

/** A manifest object after loading: kind and names checked, namespace filled. */
export interface ManifestObject extends K8sObject {
  apiVersion: string;
  kind: string;
  metadata: K8sObject['metadata'] & { name: string };
}

/** The object's status fields that hold times (`lastSuccessfulTime`, `startTime`…). */
export function isTimeField(key: string): boolean {
  return /(Time|Timestamp)$/.test(key);
}

/** Fields the API server owns: dropped from manifests, as `kubectl create` sends none. */
const SERVER_FIELDS = ['uid', 'resourceVersion', 'generation', 'managedFields'];

function k8sMessage(check: () => void): string | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    if (error instanceof K8sError) return error.message;
    throw error;
  }
}

function typeOf(apiVersion: unknown, kind: unknown): ResourceType | undefined {
  return RESOURCE_TYPES.find(
    t => apiVersionOf(t) === apiVersion && t.kind === kind,
  );
}

/** Problems of one object (messages without a path prefix), or the object made ready to seed. */
export function checkManifestObject(
  raw: unknown,
): { object: ManifestObject } | { problems: string[] } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return { problems: ['expected a Kubernetes object (a YAML mapping)'] };
  }
  const input = raw as Record<string, unknown>;
  const problems: string[] = [];
  const { apiVersion, kind } = input;
  if (typeof apiVersion !== 'string') problems.push('apiVersion: Required');
  if (typeof kind !== 'string') problems.push('kind: Required');
  const metadata = input.metadata as Record<string, unknown> | undefined;
  if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata)) {
    problems.push('metadata: Required');
    return { problems };
  }
  if (typeof metadata.name !== 'string' || !metadata.name) {
    problems.push('metadata.name: Required');
  }
  if (problems.length) return { problems };
  const type = typeOf(apiVersion, kind);
  if (!type) {
    const served = [
      ...new Set(RESOURCE_TYPES.map(t => `${apiVersionOf(t)} ${t.kind}`)),
    ];
    return {
      problems: [
        `apiVersion/kind: the sandbox does not serve ${apiVersion} ${kind} (it serves ${served.join(
          ', ',
        )})`,
      ],
    };
  }
  const name = metadata.name as string;
  for (const message of [
    k8sMessage(() => validateName(type, name)),
    k8sMessage(() =>
      validateLabels(
        type,
        name,
        metadata.labels as Record<string, string> | undefined,
      ),
    ),
  ]) {
    if (message) problems.push(message);
  }
  for (const field of ['labels', 'annotations']) {
    const map = metadata[field];
    if (
      map !== undefined &&
      (typeof map !== 'object' ||
        Array.isArray(map) ||
        Object.values(map as object).some(v => typeof v !== 'string'))
    ) {
      problems.push(`metadata.${field}: expected a map of strings`);
    }
  }
  const namespace = metadata.namespace;
  if (type.namespaced) {
    if (
      namespace !== undefined &&
      (typeof namespace !== 'string' ||
        !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace))
    ) {
      problems.push('metadata.namespace: expected a DNS-1123 label');
    }
  } else if (namespace !== undefined) {
    problems.push(
      `metadata.namespace: a ${kind} is not namespaced (cluster-scoped)`,
    );
  }
  const created = metadata.creationTimestamp;
  if (
    created !== undefined &&
    (typeof created !== 'string' || !isTimeExpression(created))
  ) {
    problems.push(
      'metadata.creationTimestamp: expected "now", "<n><s|m|h|d|w|y> ago" or ISO time',
    );
  }
  problems.push(...statusTimeProblems(input.status, 'status'));
  if (problems.length) return { problems };
  const kept = Object.fromEntries(
    Object.entries(metadata).filter(([key]) => !SERVER_FIELDS.includes(key)),
  );
  return {
    object: {
      ...input,
      apiVersion: apiVersion as string,
      kind: kind as string,
      metadata: {
        ...kept,
        name,
        ...(type.namespaced
          ? { namespace: (namespace as string | undefined) ?? 'default' }
          : {}),
      },
    },
  };
}

function statusTimeProblems(value: unknown, path: string): string[] {
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const at = Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`;
    if (typeof child === 'string' && isTimeField(key)) {
      return isTimeExpression(child)
        ? []
        : [`${at}: expected "now", "<n><s|m|h|d|w|y> ago" or ISO time`];
    }
    return statusTimeProblems(child, at);
  });
}

function describe(object: unknown): string {
  const o = object as {
    kind?: unknown;
    metadata?: { name?: unknown; namespace?: unknown };
  };
  const name = [o?.metadata?.namespace, o?.metadata?.name]
    .filter(x => typeof x === 'string')
    .join('/');
  return [typeof o?.kind === 'string' ? o.kind : 'object', name]
    .filter(Boolean)
    .join(' ');
}

/**
 * Reads each `file` entry (relative to `baseDir`) and checks every object of every entry,
 * replacing them with their loaded form. Problems name the entry, the file and document, and
 * the object: `clusters[0].manifests[1] (app.yaml, document 2, Deployment shop/web): …`.
 */
export function loadManifests(
  entries: ScenarioManifest[],
  at: string,
  baseDir: string,
): string[] {
  const problems: string[] = [];
  entries.forEach((entry, i) => {
    const where = `${at}[${i}]`;
    let raws: unknown[];
    let origin: (index: number) => string;
    if (entry.objects !== undefined) {
      raws = entry.objects;
      origin = index =>
        entry.file
          ? `${entry.file}, document ${index + 1}`
          : `objects[${index}]`;
    } else if (entry.object !== undefined) {
      raws = [entry.object];
      origin = () => 'object';
    } else {
      const path = isAbsolute(entry.file!)
        ? entry.file!
        : resolve(baseDir, entry.file!);
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        problems.push(
          `${where}.file: cannot read ${entry.file} (${
            (error as NodeJS.ErrnoException).code ?? (error as Error).message
          }; relative paths are resolved from the scenario's folder, ${baseDir})`,
        );
        return;
      }
      const documents = parseAllDocuments(text);
      const broken = documents.findIndex(d => d.errors.length > 0);
      if (broken >= 0) {
        problems.push(
          `${where}.file: ${entry.file}, document ${
            broken + 1
          }: not valid YAML: ${documents[broken].errors[0].message}`,
        );
        return;
      }
      raws = documents.map(d => d.toJS()).filter(d => d !== null);
      if (raws.length === 0) {
        problems.push(`${where}.file: ${entry.file} holds no object`);
        return;
      }
      origin = index => `${entry.file}, document ${index + 1}`;
    }
    const objects: ManifestObject[] = [];
    raws.forEach((raw, index) => {
      const checked = checkManifestObject(raw);
      if ('problems' in checked) {
        for (const problem of checked.problems) {
          problems.push(
            `${where} (${origin(index)}, ${describe(raw)}): ${problem}`,
          );
        }
      } else {
        objects.push(checked.object);
      }
    });
    delete entry.object;
    entry.objects = objects;
  });
  return problems;
}

/** The loaded objects of a cluster's manifests, with the entry each came from. */
export function manifestObjectsOf(cluster: {
  manifests: ScenarioManifest[];
}): Array<{ entry: ScenarioManifest; index: number; object: ManifestObject }> {
  return cluster.manifests.flatMap((entry, index) =>
    (entry.objects ?? []).map(object => ({
      entry,
      index,
      object: object as ManifestObject,
    })),
  );
}
