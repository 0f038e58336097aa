import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { apiVersionOf, RESOURCE_TYPES, ResourceType } from '../k8s/resources';
import { K8sError } from '../k8s/status';
import { K8sObject } from '../k8s/types';
import { validateLabels, validateName } from '../k8s/validation';
import { isTimeExpression } from '../time';
import { dnsLabel, stringMap, timeExpr } from './fields';

/**
 * Raw Kubernetes objects seeded into a cluster at start-up (`clusters[].manifests`), as people
 * write them: the documents of a YAML file (path relative to the scenario file), or objects
 * written inline. Loading reads each file once into `objects`, so a parsed scenario no longer
 * depends on the directory it was loaded from.
 */
// Any value here: each object is checked on its own after loading, with a message naming it
// (`manifestObjectSchema`); typed as what `objects` holds once loaded.
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

const TIME_MESSAGE = 'expected "now", "<n><s|m|h|d|w|y> ago" or ISO time';

/** Where status times must be scenario times: `[path, message]` of each that is not. */
function statusTimeProblems(
  value: unknown,
  path: Array<string | number>,
): Array<[Array<string | number>, string]> {
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const at = [...path, Array.isArray(value) ? Number(key) : key];
    if (typeof child === 'string' && isTimeField(key)) {
      return isTimeExpression(child) ? [] : [[at, TIME_MESSAGE]];
    }
    return statusTimeProblems(child, at);
  });
}

const REQUIRED = { message: 'Required' };

/**
 * One object of a manifest, as the API server would accept it from `kubectl apply`: a kind the
 * sandbox serves, a name and labels the API server's own validation accepts (its 422 message),
 * a namespace only on namespaced kinds, and scenario times where times are. Its output is the
 * object ready to seed: server-owned metadata dropped, the namespace `default` when none is
 * given (as kubectl's default context).
 */
const manifestObjectSchema = z
  .object(
    {
      apiVersion: z.string(REQUIRED),
      kind: z.string(REQUIRED),
      metadata: z
        .object(
          {
            name: z.string(REQUIRED).min(1, REQUIRED),
            namespace: dnsLabel.optional(),
            labels: stringMap.optional(),
            annotations: stringMap.optional(),
            creationTimestamp: timeExpr.optional(),
          },
          REQUIRED,
        )
        .loose(),
      status: z.unknown().optional(),
    },
    { message: 'expected a Kubernetes object (a YAML mapping)' },
  )
  .loose()
  .superRefine((object, ctx) => {
    for (const [path, message] of statusTimeProblems(object.status, [
      'status',
    ])) {
      ctx.addIssue({ code: 'custom', path, message });
    }
    const type = typeOf(object.apiVersion, object.kind);
    if (!type) {
      const served = [
        ...new Set(RESOURCE_TYPES.map(t => `${apiVersionOf(t)} ${t.kind}`)),
      ];
      ctx.addIssue({
        code: 'custom',
        path: ['kind'],
        message: `the sandbox does not serve ${object.apiVersion} ${
          object.kind
        } (it serves ${served.join(', ')})`,
      });
      return;
    }
    const { name, namespace, labels } = object.metadata;
    const nameProblem = k8sMessage(() => validateName(type, name));
    if (nameProblem) {
      ctx.addIssue({
        code: 'custom',
        // The API server's own 422 message names the field.
        path: [],
        message: nameProblem,
      });
    }
    const labelProblem = k8sMessage(() => validateLabels(type, name, labels));
    if (labelProblem) {
      ctx.addIssue({
        code: 'custom',
        // The API server's own 422 message names the field.
        path: [],
        message: labelProblem,
      });
    }
    if (!type.namespaced && namespace !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['metadata', 'namespace'],
        message: `a ${object.kind} is not namespaced (cluster-scoped)`,
      });
    }
  })
  .transform((object): ManifestObject => {
    const namespaced = typeOf(object.apiVersion, object.kind)!.namespaced;
    const kept = Object.fromEntries(
      Object.entries(object.metadata).filter(
        ([key]) => !SERVER_FIELDS.includes(key),
      ),
    );
    return {
      ...object,
      metadata: {
        ...kept,
        name: object.metadata.name,
        ...(namespaced
          ? { namespace: object.metadata.namespace ?? 'default' }
          : {}),
      },
    };
  });

/** `['metadata', 'labels', 'x']` → `metadata.labels.x`, `['status', 'conditions', 0]` → `status.conditions[0]`. */
function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((part, i) =>
      typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`,
    )
    .join('');
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

/** The raw objects of one entry, and how a problem names where one came from. */
interface RawObjects {
  raws: unknown[];
  origin: (index: number) => string;
}

/**
 * The YAML documents of a `file` entry (relative to `baseDir`), or the problem that stops it:
 * a file that cannot be read, a document that is not valid YAML, a file without objects.
 */
function readManifestFile(
  file: string,
  where: string,
  baseDir: string,
): RawObjects | string {
  const path = isAbsolute(file) ? file : resolve(baseDir, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return `${where}.file: cannot read ${file} (${
      (error as NodeJS.ErrnoException).code ?? (error as Error).message
    }; relative paths are resolved from the scenario's folder, ${baseDir})`;
  }
  const documents = parseAllDocuments(text);
  const broken = documents.findIndex(d => d.errors.length > 0);
  if (broken >= 0) {
    return `${where}.file: ${file}, document ${broken + 1}: not valid YAML: ${
      documents[broken].errors[0].message
    }`;
  }
  const raws = documents.map(d => d.toJS()).filter(d => d !== null);
  if (raws.length === 0) return `${where}.file: ${file} holds no object`;
  return { raws, origin: index => `${file}, document ${index + 1}` };
}

/** An entry's objects as written: inline (`objects` or `object`) or read from its `file`. */
function rawObjectsOf(
  entry: ScenarioManifest,
  where: string,
  baseDir: string,
): RawObjects | string {
  if (entry.objects !== undefined) {
    return {
      raws: entry.objects,
      origin: index =>
        entry.file
          ? `${entry.file}, document ${index + 1}`
          : `objects[${index}]`,
    };
  }
  if (entry.object !== undefined) {
    return { raws: [entry.object], origin: () => 'object' };
  }
  return readManifestFile(entry.file!, where, baseDir);
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
    const raw = rawObjectsOf(entry, where, baseDir);
    if (typeof raw === 'string') {
      problems.push(raw);
      return;
    }
    const objects: ManifestObject[] = [];
    raw.raws.forEach((object, index) => {
      const checked = manifestObjectSchema.safeParse(object);
      if (!checked.success) {
        for (const issue of checked.error.issues) {
          const field = fieldPath(issue.path);
          problems.push(
            `${where} (${raw.origin(index)}, ${describe(object)}): ${
              field ? `${field}: ` : ''
            }${issue.message}`,
          );
        }
      } else {
        objects.push(checked.data);
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
