import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { EXAMPLES } from '@ecr-access/test-utils';

/** A Kubernetes object as written in a manifest. */
export type ManifestObject = Record<string, any> & {
  kind: string;
  metadata: Record<string, any>;
};

/** The objects of a multi-document YAML manifest file (empty documents dropped). */
export function manifestFile(
  file: string,
  edit: (text: string) => string = t => t,
): ManifestObject[] {
  return parseAllDocuments(edit(readFileSync(file, 'utf8')))
    .map(d => d.toJS())
    .filter(Boolean);
}

/** examples/kubernetes/public-cases: manifests as public sources write them. */
export const PUBLIC_CASES = path.join(EXAMPLES, 'kubernetes/public-cases');

/** The objects of one file of examples/kubernetes/public-cases, after an optional text edit. */
export function publicCaseFile(
  file: string,
  edit?: (text: string) => string,
): ManifestObject[] {
  return manifestFile(path.join(PUBLIC_CASES, file), edit);
}

/**
 * The pull secret `kubectl create secret docker-registry` writes (or a refresher does), the
 * canary inside its token, so that a leak of the secret is a leak of the canary.
 */
export function dockerConfigSecret(
  namespace: string,
  name: string,
  canary: string,
  host: string,
  metadata: Partial<ManifestObject['metadata']> = {},
): ManifestObject {
  const password = Buffer.from(
    JSON.stringify({ payload: canary, version: '2', type: 'DATA_KEY' }),
  ).toString('base64');
  const auth = Buffer.from(`AWS:${password}`).toString('base64');
  const config = { auths: { [host]: { username: 'AWS', password, auth } } };
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace, ...metadata },
    type: 'kubernetes.io/dockerconfigjson',
    data: {
      '.dockerconfigjson': Buffer.from(JSON.stringify(config)).toString(
        'base64',
      ),
    },
  };
}

/**
 * A Job the CronJob controller started (owned by the CronJob, named after it and the
 * minute), with its outcome as the Job controller records it.
 */
export function cronJobRun(
  cronJob: ManifestObject,
  outcome: 'succeeded' | 'failed',
  at: string,
): ManifestObject {
  const failed = outcome === 'failed';
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: `${cronJob.metadata.name}-${Math.floor(Date.parse(at) / 60000)}`,
      namespace: cronJob.metadata.namespace,
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          name: cronJob.metadata.name,
          uid: cronJob.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: cronJob.spec.jobTemplate.spec,
    status: {
      startTime: at,
      ...(failed ? { failed: 1 } : { succeeded: 1, completionTime: at }),
      conditions: [
        {
          type: failed ? 'Failed' : 'Complete',
          status: 'True',
          ...(failed
            ? {
                reason: 'BackoffLimitExceeded',
                message: 'Job has reached the specified backoff limit',
              }
            : {}),
        },
      ],
    },
  };
}
