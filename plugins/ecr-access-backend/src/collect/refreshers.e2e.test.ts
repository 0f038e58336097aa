import type { WorkloadStatus } from '@ecr-access/plugin-ecr-access-common';
import {
  classifyCluster,
  ClusterSnapshot,
} from '@ecr-access/plugin-ecr-access-node';
import { expectNoCanary } from '@ecr-access/test-utils';
import {
  cronJobRun,
  dockerConfigSecret,
  ManifestObject as K8sObject,
} from '../__fixtures__/manifests';
import { seed002File, seed002Objects } from '../__fixtures__/seed002';
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

jest.setTimeout(60_000);

// Issue #14 parts 1 and 6, end to end over real HTTP: seed 002's manifests as its users write
// them (examples/kubernetes/seed-002-ecr-registry-helper), POSTed to the sandbox's Kubernetes
// API, collected by the real collector and classified by the real engine. Each variant lives
// in its own namespace of one cluster, so one collection serves every assertion.

describe('seed 002 and the refreshers people write, over the sandbox', () => {
  const { sandbox, get, post } = useProdClusterSandbox('seed-002');
  const cluster = prodClusterConfig;

  interface Variant {
    /** Changes seed 002's objects (already moved to the namespace) before they are POSTed. */
    edit?: (objects: K8sObject[]) => K8sObject[];
    lastRun?: { outcome: 'succeeded' | 'failed'; hoursAgo: number };
    lastSuccessHoursAgo?: number;
    /** The registry in regcred's `.dockerconfigjson`. */
    host?: string;
  }

  /** Seed 002 in namespace `ns`: the regcred secret re-created 1 h ago by a successful run. */
  async function applySeed(ns: string, variant: Variant = {}) {
    let objects = seed002Objects(ns, sandbox().canary);
    objects = variant.edit ? variant.edit(objects) : objects;
    const created: Record<string, any> = {};
    for (const object of objects) {
      if (object.kind === 'CronJob') {
        object.status = {
          lastSuccessfulTime: ago((variant.lastSuccessHoursAgo ?? 1) * HOUR),
        };
      }
      created[object.kind] = await post(object);
    }
    await post(
      dockerConfigSecret(
        ns,
        'regcred',
        sandbox().canary,
        variant.host ?? `https://${REGISTRY}`,
      ),
      'kubectl-create',
    );
    const cronJob = created.CronJob;
    if (cronJob) {
      const run = variant.lastRun ?? { outcome: 'succeeded', hoursAgo: 1 };
      await post(cronJobRun(cronJob, run.outcome, ago(run.hoursAgo * HOUR)));
    }
  }

  const container = (o: K8sObject) =>
    (o.kind === 'CronJob'
      ? o.spec.jobTemplate.spec.template.spec
      : o.spec.template.spec
    ).containers[0];
  const editKind =
    (kind: string, edit: (o: K8sObject) => void) => (objects: K8sObject[]) =>
      objects.map(o => {
        if (o.kind === kind) edit(o);
        return o;
      });
  const withoutConfigMapName = (o: K8sObject) => {
    container(o).envFrom = [
      { secretRef: { name: 'ecr-registry-helper-secrets' } },
    ];
  };

  const VARIANTS: Record<string, Variant> = {
    seed: {
      // The application itself loads a ConfigMap; it cannot write secrets, so it is never read.
      edit: objects => [
        ...editKind('Deployment', o => {
          container(o).envFrom = [{ configMapRef: { name: 'app-settings' } }];
        })(objects),
        {
          kind: 'ConfigMap',
          metadata: { name: 'app-settings', namespace: 'seed' },
          data: { LOG_LEVEL: 'info', TOKEN: sandbox().canary },
        },
      ],
    },
    failing: { lastRun: { outcome: 'failed', hoursAgo: 0.5 } },
    daily: {
      edit: editKind('CronJob', o => {
        o.spec.schedule = '0 0 * * *';
      }),
    },
    'env-value': {
      edit: editKind('CronJob', o => {
        withoutConfigMapName(o);
        container(o).env = [
          { name: 'DOCKER_SECRET_NAME', value: 'regcred' },
          { name: 'AWS_SECRET_ACCESS_KEY', value: sandbox().canary },
        ];
      }),
    },
    'key-ref': {
      edit: editKind('CronJob', o => {
        withoutConfigMapName(o);
        container(o).env = [
          {
            name: 'DOCKER_SECRET_NAME',
            valueFrom: {
              configMapKeyRef: {
                name: 'ecr-registry-helper-cm',
                key: 'DOCKER_SECRET_NAME',
              },
            },
          },
        ];
      }),
    },
    args: {
      edit: editKind('CronJob', o => {
        withoutConfigMapName(o);
        const c = container(o);
        c.args = [c.command[2].replace(/\$DOCKER_SECRET_NAME/g, 'regcred')];
        c.command = c.command.slice(0, 2);
      }),
    },
    'cluster-role': {
      edit: objects =>
        [
          ...objects.filter(o => o.kind !== 'Role'),
          {
            kind: 'ClusterRole',
            metadata: { name: 'secret-writer-cluster-role' },
            rules: [
              {
                apiGroups: [''],
                resources: ['secrets'],
                verbs: ['get', 'create', 'delete'],
              },
            ],
          },
        ].map(o => {
          if (o.kind === 'RoleBinding')
            o.roleRef = {
              kind: 'ClusterRole',
              name: 'secret-writer-cluster-role',
            };
          return o;
        }),
    },
    wildcard: {
      edit: editKind('Role', o => {
        o.rules = [
          {
            apiGroups: [''],
            resources: ['secrets'],
            resourceNames: ['regcred'],
            verbs: ['*'],
          },
        ];
      }),
    },
    'other-secret': {
      edit: editKind('Role', o => {
        o.rules[0].resourceNames = ['other-cred'];
      }),
    },
    'cannot-write': {
      edit: objects => objects.filter(o => o.kind !== 'RoleBinding'),
    },
    'create-only': {
      edit: editKind('Role', o => {
        o.rules = [o.rules[1]];
      }),
    },
    'broad-unnamed': {
      edit: objects =>
        editKind('Role', o => {
          o.rules = [
            { apiGroups: [''], resources: ['secrets'], verbs: ['update'] },
          ];
        })(editKind('CronJob', withoutConfigMapName)(objects)),
    },
    mismatch: { host: '444455556666.dkr.ecr.us-west-2.amazonaws.com' },
  };

  let snapshot: ClusterSnapshot;
  let statuses: WorkloadStatus[];
  let configMapReads: number;

  beforeAll(async () => {
    for (const [ns, variant] of Object.entries(VARIANTS))
      await applySeed(ns, variant);
    // A registry-creds-style Deployment in kube-system, for awsecr-cred in namespace creds.
    for (const object of seed002File('registry-creds.yaml')) {
      if (object.kind === 'Deployment')
        object.status = { availableReplicas: 1 };
      await post(object);
    }
    await applySeed('creds', {
      edit: objects =>
        objects
          .filter(o => ['Namespace', 'Deployment'].includes(o.kind))
          .map(o => {
            if (o.kind === 'Deployment')
              delete o.spec.template.spec.imagePullSecrets;
            return o;
          }),
    });
    await post({
      kind: 'ServiceAccount',
      metadata: { name: 'default', namespace: 'creds' },
      imagePullSecrets: [{ name: 'awsecr-cred' }],
    } as K8sObject);
    await post(
      dockerConfigSecret('creds', 'awsecr-cred', sandbox().canary, REGISTRY),
      'registry-creds',
    );
    sandbox().resetRequestCounts();
    const collection = await collectCluster(cluster(), get());
    if (collection.errors.length)
      throw new Error(JSON.stringify(collection.errors));
    configMapReads =
      sandbox().requestCounts()['kubernetes:prod/get:configmaps'];
    snapshot = collection.snapshot;
    statuses = classifyCluster(snapshot, {}, new Date());
  });

  const app = (ns: string, list = statuses) => {
    const status = list.find(
      s => s.namespace === ns && s.kind === 'Deployment' && s.name === ns,
    );
    return status!.containers[0];
  };
  const codes = (ns: string) => app(ns).findings.map(f => f.code);

  it('reads healthy seed 002 as a rotating secret refreshed by ecr-registry-helper, with no finding', () => {
    expect(app('seed')).toMatchObject({
      pullAuth: 'rotating-secret',
      findings: [],
      secret: {
        name: 'regcred',
        writer: 'kubectl-create',
        refresher: {
          kind: 'CronJob',
          name: 'ecr-registry-helper',
          intervalSeconds: 10 * 3600,
          writeAccess: 'scoped',
          namedIn: [{ source: 'envFrom', configMap: 'ecr-registry-helper-cm' }],
          lastRun: { outcome: 'succeeded' },
        },
      },
    });
  });

  it('says REFRESHER_FAILING when the last Job of the CronJob failed', () => {
    expect(app('failing').pullAuth).toBe('rotating-secret');
    expect(codes('failing')).toEqual(['REFRESHER_FAILING']);
    expect(app('failing').findings[0].message).toMatch(/BackoffLimitExceeded/);
  });

  it('says REFRESHER_TOO_SLOW on a daily schedule', () => {
    expect(codes('daily')).toEqual(['REFRESHER_TOO_SLOW']);
  });

  it.each([
    ['env-value', 'env'],
    ['key-ref', 'configMapKeyRef'],
    ['args', 'args'],
    ['cluster-role', 'envFrom'],
    ['wildcard', 'envFrom'],
  ])('recognises the %s variant (name in %s)', (ns, source) => {
    expect(app(ns)).toMatchObject({
      pullAuth: 'rotating-secret',
      findings: [],
      secret: {
        refresher: {
          name: 'ecr-registry-helper',
          namedIn: expect.arrayContaining([
            expect.objectContaining({ source }),
          ]),
        },
      },
    });
  });

  it('recognises a registry-creds-style Deployment that writes the default ServiceAccount’s secret', () => {
    expect(app('creds')).toMatchObject({
      pullAuth: 'rotating-secret',
      findings: [],
      secret: {
        name: 'awsecr-cred',
        refresher: {
          kind: 'Deployment',
          namespace: 'kube-system',
          name: 'registry-creds',
          writeAccess: 'broad',
        },
      },
    });
  });

  it.each([
    ['other-secret', 'its ServiceAccount may write only other secrets'],
    ['cannot-write', 'it names regcred but its ServiceAccount cannot write it'],
    ['create-only', 'its ServiceAccount may only create secrets'],
    ['broad-unnamed', 'it may update any secret but never names regcred'],
  ])('takes no refresher when %s (%s)', ns => {
    expect(app(ns).pullAuth).toBe('static-secret');
    expect(app(ns).secret?.refresher).toBeUndefined();
    expect(codes(ns)).toEqual(['SECRET_EXPIRES_SOON']);
  });

  it('reads only the ConfigMaps that refresher candidates load, once each', () => {
    // The CronJobs whose ServiceAccount may write a pull secret and that load
    // ecr-registry-helper-cm. Not app-settings (its Deployment writes no secret), not where the
    // CronJob loads no ConfigMap (env-value, args, broad-unnamed) or may write no pull secret
    // (other-secret, cannot-write, create-only).
    const candidates = [
      'seed',
      'failing',
      'daily',
      'key-ref',
      'cluster-role',
      'wildcard',
      'mismatch',
    ];
    expect(configMapReads).toBe(candidates.length);
    expect(
      snapshot.secretMentions!.map(m => `${m.namespace}/${m.name}`).sort(),
    ).toEqual(
      [
        ...candidates.map(ns => `${ns}/ecr-registry-helper`),
        'env-value/ecr-registry-helper',
        'args/ecr-registry-helper',
        'kube-system/registry-creds',
      ].sort(),
    );
  });

  it('keeps no env value, ConfigMap data or secret data in the snapshot or the statuses', async () => {
    // The canary is really there to leak: in a CronJob's env, the ConfigMaps, the secrets.
    const raws = await Promise.all(
      [
        '/apis/batch/v1/namespaces/env-value/cronjobs',
        '/api/v1/namespaces/seed/configmaps/ecr-registry-helper-cm',
        '/api/v1/namespaces/seed/secrets/regcred',
      ].map(path => kubernetesRequest(sandbox(), 'prod', 'GET', path)),
    );
    raws.forEach(raw => expect(() => expectNoCanary(sandbox(), raw)).toThrow());
    expectNoCanary(sandbox(), snapshot, statuses);
    expect(JSON.stringify(snapshot)).not.toContain('"data"');
    // Of the values it expanded, the collector keeps the --docker-server the refreshers write
    // regcred for, as written (seed 002's has the scheme).
    const registries = snapshot.secretMentions!.flatMap(w =>
      w.mentions.flatMap(m => m.registries ?? []),
    );
    expect(registries.length).toBeGreaterThan(0);
    expect([...new Set(registries)]).toEqual([`https://${REGISTRY}`]);
  });

  it('without the hosts opt-in, a secret for another registry is not seen', () => {
    expect(app('mismatch').pullAuth).toBe('rotating-secret');
    expect(codes('mismatch')).toEqual([]);
  });

  it('with ecrAccess.kubernetes.readPullSecretHosts, says SECRET_REGISTRY_MISMATCH and keeps no token', async () => {
    const hostsGet = get({ readPullSecretHosts: true });
    const collection = await collectCluster(cluster(), hostsGet);
    const withHosts = classifyCluster(collection.snapshot, {}, new Date());
    expect(app('mismatch', withHosts).findings.map(f => f.code)).toContain(
      'SECRET_REGISTRY_MISMATCH',
    );
    expect(app('seed', withHosts)).toMatchObject({
      pullAuth: 'rotating-secret',
      findings: [],
      secret: { hosts: [`https://${REGISTRY}`] },
    });
    expectNoCanary(sandbox(), collection.snapshot, withHosts);
    for (const secret of collection.snapshot.secrets!) {
      expect(Object.keys(secret as object).sort()).toEqual([
        'apiVersion',
        'hosts',
        'kind',
        'metadata',
        'type',
      ]);
    }
  });

  it('an on-demand refresh of the entity still finds the refresher', async () => {
    const { refreshed, statuses: list } = await refreshComponent(get(), 'seed');
    expect(app('seed', list)).toMatchObject({
      pullAuth: 'rotating-secret',
      findings: [],
      secret: { refresher: { name: 'ecr-registry-helper' } },
    });
    expectNoCanary(sandbox(), refreshed.snapshot, list);
  });

  it('when Roles cannot be listed, a CronJob that names the secret leaves it unknown, not static', async () => {
    await sandbox().setFaults([
      {
        api: 'kubernetes',
        operation: 'list:roles',
        error: { status: 403, code: 'Forbidden' },
      },
    ]);
    try {
      const collection = await collectCluster(cluster(), get());
      expect(collection.snapshot.forbidden).toMatchObject({ roles: true });
      const list = classifyCluster(collection.snapshot, {}, new Date());
      expect(app('seed', list).pullAuth).toBe('unknown');
      expect(app('seed', list).findings.map(f => f.code)).toEqual([
        'OBJECTS_NOT_READABLE',
      ]);
    } finally {
      await sandbox().setFaults([]);
    }
  });
});
