import type { Entity } from '@backstage/catalog-model';
import path from 'node:path';
import { EXAMPLES } from '@ecr-access/test-utils';
import { ManifestObject, manifestFile } from './manifests';

/** Seed 002's manifests as its users write them (the "ecr-registry-helper" CronJob). */
export const SEED_002 = path.join(
  EXAMPLES,
  'kubernetes/seed-002-ecr-registry-helper',
);

/** The objects of one manifest file of examples/kubernetes/seed-002-ecr-registry-helper. */
export function seed002File(file: string): ManifestObject[] {
  return manifestFile(path.join(SEED_002, file));
}

/**
 * Seed 002 (application, settings, refresher) moved from `health-check` to `namespace`, with
 * the sandbox's canary where people put credentials: the AWS keys of the Secret the CronJob
 * loads, and a value of the ConfigMap it loads (which the collector reads for names only).
 */
export function seed002Objects(
  namespace: string,
  canary: string,
): ManifestObject[] {
  return [
    ...seed002File('app.yaml'),
    ...seed002File('manifest-ecr-helper-creds-sample.yaml'),
    ...seed002File('manifest-ecr-helper.yaml'),
  ].map(o => {
    const copy = JSON.parse(
      JSON.stringify(o).replace(/health-check/g, namespace),
    );
    if (copy.kind === 'Secret') copy.stringData.AWS_SECRET_ACCESS_KEY = canary;
    if (copy.kind === 'ConfigMap') copy.data.AWS_NOTE = canary;
    return copy;
  });
}

/** The catalog Component whose workloads seed 002's `app.yaml` labels. */
export function seed002Entity(namespace: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: namespace,
      annotations: { 'backstage.io/kubernetes-id': namespace },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}
