import type { Entity } from '@backstage/catalog-model';
import type { Sandbox } from '@ecr-access/sandbox';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { EXAMPLES } from '@ecr-access/test-utils';
import { kubernetesRequest } from './sandboxWrites';

/** Seed 002's manifests as its users write them (the "ecr-registry-helper" CronJob). */
export const SEED_002 = path.join(
  EXAMPLES,
  'kubernetes/seed-002-ecr-registry-helper',
);

/** A Kubernetes object as written in a manifest. */
export type ManifestObject = Record<string, any> & {
  kind: string;
  metadata: Record<string, any>;
};

/** The objects of one manifest file of examples/kubernetes/seed-002-ecr-registry-helper. */
export function seed002File(file: string): ManifestObject[] {
  return parseAllDocuments(readFileSync(path.join(SEED_002, file), 'utf8')).map(
    d => d.toJS(),
  );
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

/**
 * The pull secret `kubectl create secret docker-registry` writes (field manager
 * kubectl-create), the canary inside its token.
 */
export function dockerConfigSecret(
  namespace: string,
  name: string,
  canary: string,
  host: string,
): ManifestObject {
  const password = Buffer.from(
    JSON.stringify({ payload: canary, version: '2', type: 'DATA_KEY' }),
  ).toString('base64');
  const auth = Buffer.from(`AWS:${password}`).toString('base64');
  const config = { auths: { [host]: { username: 'AWS', password, auth } } };
  return {
    kind: 'Secret',
    metadata: { name, namespace },
    type: 'kubernetes.io/dockerconfigjson',
    data: {
      '.dockerconfigjson': Buffer.from(JSON.stringify(config)).toString(
        'base64',
      ),
    },
  };
}

const PATHS: Record<string, string> = {
  Namespace: '/api/v1/namespaces',
  ServiceAccount: '/api/v1/namespaces/NS/serviceaccounts',
  Secret: '/api/v1/namespaces/NS/secrets',
  ConfigMap: '/api/v1/namespaces/NS/configmaps',
  CronJob: '/apis/batch/v1/namespaces/NS/cronjobs',
  Job: '/apis/batch/v1/namespaces/NS/jobs',
  Deployment: '/apis/apps/v1/namespaces/NS/deployments',
  Role: '/apis/rbac.authorization.k8s.io/v1/namespaces/NS/roles',
  RoleBinding: '/apis/rbac.authorization.k8s.io/v1/namespaces/NS/rolebindings',
  ClusterRole: '/apis/rbac.authorization.k8s.io/v1/clusterroles',
  ClusterRoleBinding: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
  ExternalSecret: '/apis/external-secrets.io/v1/namespaces/NS/externalsecrets',
};

/** The collection a kind is POSTed to, as kubectl finds it; undefined for kinds not served. */
export function collectionPath(
  kind: string,
  namespace = 'default',
): string | undefined {
  return PATHS[kind]?.replace('NS', namespace);
}

/** Creates one object through the cluster's Kubernetes API (POST), as `kubectl create` would. */
export async function postObject(
  sandbox: Sandbox,
  cluster: string,
  object: ManifestObject,
  fieldManager?: string,
) {
  const query = fieldManager ? `?fieldManager=${fieldManager}` : '';
  const collection = collectionPath(object.kind, object.metadata.namespace);
  return kubernetesRequest(
    sandbox,
    cluster,
    'POST',
    `${collection}${query}`,
    object,
  );
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
