import type { ContainerStatus } from '@ecr-access/plugin-ecr-access-common';
import { classifyCluster } from '@ecr-access/plugin-ecr-access-node';
import { expectNoCanary } from '@ecr-access/test-utils';
import {
  cronJobRun,
  dockerConfigSecret,
  ManifestObject,
  publicCaseFile,
} from '../__fixtures__/manifests';
import {
  ago,
  HOUR,
  prodClusterConfig,
  REGISTRY,
} from '../__fixtures__/prodCluster';
import {
  refreshComponent,
  useProdClusterSandbox,
} from '../__testUtils__/prodClusterSandbox';
import { kubernetesRequest } from '../__testUtils__/sandboxWrites';
import { collectCluster } from './collectCluster';
import { KubernetesGet } from './listAll';
import { OTHER_SECRET_TYPE } from './namedSecrets';

jest.setTimeout(60_000);

// The collector's side of three public cases (examples/kubernetes/public-cases/node-role), over
// the sandbox's Kubernetes API: an ExternalSecret served as external-secrets.io/v1 only (ESO >=
// v0.17), a pull secret written as Opaque, and nabsul/k8s-ecr-login-renew's CronJob writing the
// pull secret from another namespace, found by an on-demand refresh as by the audit.

function publicCase(file: string): ManifestObject[] {
  return publicCaseFile(`node-role/${file}`);
}

describe('public cases, collector side, over the sandbox', () => {
  const {
    sandbox,
    get: clusterGet,
    post,
  } = useProdClusterSandbox('public-cases', {
    externalSecretsInstalled: true,
  });
  const cluster = prodClusterConfig;
  const paths: string[] = [];
  /** The cluster's API, as a cluster running ESO >= v0.17 answers: v1beta1 is not served. */
  const get = (): KubernetesGet => {
    const real = clusterGet();
    const wrapped = (async (pathAndQuery: string, accept: string) => {
      paths.push(pathAndQuery);
      if (pathAndQuery.startsWith('/apis/external-secrets.io/v1beta1/')) {
        return {
          status: 404,
          headers: { get: () => null },
          json: async () => ({ kind: 'Status', code: 404 }),
          text: async () => '404 page not found',
        };
      }
      return real(pathAndQuery, accept);
    }) as KubernetesGet;
    return wrapped;
  };

  beforeAll(async () => {
    // nabsul/k8s-ecr-login-renew: CronJob in ecr-renew, secret in analytics.
    const created: Record<string, ManifestObject> = {};
    for (const object of publicCase('k8s-ecr-login-renew.yaml')) {
      if (object.kind === 'CronJob')
        object.status = { lastSuccessfulTime: ago(HOUR) };
      created[object.kind] = await post(object);
    }
    await post(cronJobRun(created.CronJob, 'succeeded', ago(HOUR)));
    await post(
      dockerConfigSecret(
        'analytics',
        'ecr.docker-login',
        sandbox().canary,
        REGISTRY,
      ),
      'k8s-ecr-login-renew',
    );

    // `kubectl create secret generic regcred` without `--type`: Opaque.
    for (const object of publicCase('opaque-pull-secret.yaml'))
      await post(object);
    await post(
      {
        ...dockerConfigSecret(
          'intranet',
          'regcred',
          sandbox().canary,
          REGISTRY,
        ),
        type: 'Opaque',
      },
      'kubectl-create',
    );
    // The same Deployment naming a secret of a custom type, and one that does not exist.
    for (const [ns, secret, type] of [
      ['custom', 'helm-regcred', 'example.com/registry'],
      ['absent', 'ecr-pull', undefined],
    ] as const) {
      for (const object of publicCase('opaque-pull-secret.yaml')) {
        const copy = JSON.parse(
          JSON.stringify(object)
            .replace(/intranet/g, ns)
            .replace(/"regcred"/g, `"${secret}"`),
        );
        await post(copy);
      }
      if (type) {
        await post({
          ...dockerConfigSecret(ns, secret, sandbox().canary, REGISTRY),
          type,
        });
      }
    }

    // External Secrets' ECR generator, served as external-secrets.io/v1 only.
    const objects = publicCase('external-secrets-ecr-generator.yaml');
    const es = objects.find(o => o.kind === 'ExternalSecret')!;
    es.status = {
      refreshTime: ago(0.4 * HOUR),
      syncedResourceVersion: '1-0123456789abcdef',
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'SecretSynced',
          message: 'secret synced',
        },
      ],
    };
    await post(objects.find(o => o.kind === 'Namespace')!);
    const written = await kubernetesRequest(
      sandbox(),
      'prod',
      'POST',
      '/apis/external-secrets.io/v1/namespaces/loyalty/externalsecrets',
      es,
    );
    await post(objects.find(o => o.kind === 'Deployment')!);
    await post(
      {
        ...dockerConfigSecret(
          'loyalty',
          'ecr-pull-secret',
          sandbox().canary,
          REGISTRY,
        ),
        metadata: {
          name: 'ecr-pull-secret',
          namespace: 'loyalty',
          labels: { 'reconcile.external-secrets.io/managed': 'true' },
          ownerReferences: [
            {
              apiVersion: 'external-secrets.io/v1',
              kind: 'ExternalSecret',
              name: written.metadata.name,
              uid: written.metadata.uid,
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
      },
      'external-secrets',
    );
  });

  async function audit() {
    paths.length = 0;
    const collection = await collectCluster(cluster(), get());
    expect(collection.errors).toEqual([]);
    const statuses = classifyCluster(collection.snapshot, {}, new Date());
    expectNoCanary(sandbox(), collection.snapshot, statuses);
    return { collection, statuses };
  }
  const app = (
    statuses: ReturnType<typeof classifyCluster>,
    ns: string,
    name = ns,
  ): ContainerStatus =>
    statuses.find(
      s => s.namespace === ns && s.kind === 'Deployment' && s.name === name,
    )!.containers[0];
  const verdict = (c: ContainerStatus) => ({
    pullAuth: c.pullAuth,
    codes: c.findings.map(f => f.code).sort(),
    refresher: c.secret?.refresher
      ? `${c.secret.refresher.kind} ${c.secret.refresher.namespace ?? ''}/${
          c.secret.refresher.name
        }`
      : undefined,
  });

  it('lists ExternalSecrets as external-secrets.io/v1 where v1beta1 is no longer served', async () => {
    const { collection, statuses } = await audit();
    expect(collection.snapshot.externalSecrets).toHaveLength(1);
    expect(paths.filter(p => p.includes('externalsecrets'))).toEqual([
      '/apis/external-secrets.io/v1/externalsecrets?limit=500',
    ]);
    expect(verdict(app(statuses, 'loyalty', 'loyalty-api'))).toMatchObject({
      pullAuth: 'rotating-secret',
      codes: [],
    });
  });

  it('tells a named secret of another type from a missing one, without reading secret data', async () => {
    const { collection, statuses } = await audit();
    const lookups = paths.filter(p => p.includes('metadata.name'));
    // absent: one LIST says it does not exist; intranet: a second says Opaque; custom: every
    // built-in type is asked, none answers.
    expect(lookups).toHaveLength(1 + 2 + 7);
    expect(
      lookups.every(p => /^\/api\/v1\/namespaces\/[a-z]+\/secrets\?/.test(p)),
    ).toBe(true);
    const other = (collection.snapshot.secrets as any[]).filter(
      s => !String(s.type).startsWith('kubernetes.io/docker'),
    );
    expect(
      other.map(s => [s.metadata.namespace, s.metadata.name, s.type]).sort(),
    ).toEqual([
      ['custom', 'helm-regcred', OTHER_SECRET_TYPE],
      ['intranet', 'regcred', 'Opaque'],
    ]);
    for (const secret of other) {
      expect(Object.keys(secret).sort()).toEqual([
        'apiVersion',
        'kind',
        'metadata',
        'type',
      ]);
    }
    // (No node role is configured here, so nothing is said of what pulls in its place.)
    const intranet = app(statuses, 'intranet');
    expect(verdict(intranet).codes).toContain('SECRET_REGISTRY_MISMATCH');
    expect(verdict(intranet).codes).not.toContain('SECRET_MISSING');
    expect(
      intranet.findings.find(f => f.code === 'SECRET_REGISTRY_MISMATCH')
        ?.message,
    ).toContain('of type Opaque, which the kubelet does not use for pulls');
    expect(verdict(app(statuses, 'absent')).codes).toContain('SECRET_MISSING');
    expect(verdict(app(statuses, 'custom')).codes).toContain(
      'SECRET_REGISTRY_MISMATCH',
    );
  });

  it('with readPullSecretHosts, still asks for metadata only', async () => {
    const accepts: Array<[string, string]> = [];
    const real = clusterGet();
    const spy = (async (p: string, accept: string) => {
      accepts.push([p, accept]);
      return real(p, accept);
    }) as KubernetesGet;
    const collection = await collectCluster(cluster(), spy, {
      pullSecretHosts: true,
    });
    const lookups = accepts.filter(([p]) => p.includes('metadata.name'));
    expect(lookups.length).toBeGreaterThan(0);
    for (const [, accept] of lookups)
      expect(accept).toContain('as=PartialObjectMetadataList');
    expectNoCanary(sandbox(), collection.snapshot);
  });

  it('an on-demand refresh finds the refresher in another namespace, as the audit does', async () => {
    const { statuses } = await audit();
    const audited = verdict(app(statuses, 'analytics', 'analytics-etl'));
    expect(audited).toEqual({
      pullAuth: 'rotating-secret',
      codes: [],
      refresher: 'CronJob ecr-renew/cron-k8s-ecr-login-renew',
    });
    paths.length = 0;
    const { refreshed, statuses: list } = await refreshComponent(
      get(),
      'analytics-etl',
    );
    expect(refreshed.errors).toEqual([]);
    expect(verdict(app(list, 'analytics', 'analytics-etl'))).toEqual(audited);
    expectNoCanary(sandbox(), refreshed.snapshot, list);
    // Bounded: ecr-renew's CronJobs, Jobs and Deployments; cluster-wide only label-selected
    // lists, RBAC and Nodes (the roles of nodes in no managed node group, as the audit).
    const namespaced = (p: string) =>
      /\/namespaces\/[^/]+\//.test(p) ||
      /\/cluster/.test(p) ||
      p.startsWith('/api/v1/nodes?') ||
      p.includes('labelSelector=');
    expect(paths.filter(p => !namespaced(p))).toEqual([]);
    expect(
      paths.filter(p => p.includes('/namespaces/ecr-renew/')).sort(),
    ).toEqual([
      '/apis/apps/v1/namespaces/ecr-renew/deployments?limit=500',
      '/apis/batch/v1/namespaces/ecr-renew/cronjobs?limit=500',
      '/apis/batch/v1/namespaces/ecr-renew/jobs?limit=500',
    ]);
    expect(refreshed.requests).toBe(paths.length);
  });

  it('an on-demand refresh of the Opaque case says the wrong type too', async () => {
    const { statuses: list } = await refreshComponent(get(), 'intranet');
    const { statuses } = await audit();
    expect(verdict(app(list, 'intranet'))).toEqual(
      verdict(app(statuses, 'intranet')),
    );
    expect(verdict(app(list, 'intranet')).codes).toContain(
      'SECRET_REGISTRY_MISMATCH',
    );
  });
});
