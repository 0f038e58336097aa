import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  RbacAuthorizationV1Api,
} from '@kubernetes/client-node';
import { kubeConfigFor } from '../__testUtils__/kubeClients';
import { Sandbox, startSandbox } from '../startSandbox';
import { CONFIGMAP_CANARY_KEY } from '../k8s/seedManifests';
import { k8sTime, resolveTime } from '../time';
import {
  loadScenarioFile,
  parseScenario,
  parseScenarioYaml,
  ScenarioError,
} from './load';

const ROOT = resolve(__dirname, '../../../..');
const SEED_002 = resolve(
  ROOT,
  'examples/kubernetes/seed-002-ecr-registry-helper',
);

const CLUSTER = {
  name: 'prod',
  account: '111122223333',
  region: 'us-east-1',
  imagePullAuth: 'node-role',
  nodes: 2,
};

function problemsOf(input: unknown, baseDir?: string): string[] {
  try {
    parseScenario(input, '(test)', baseDir);
  } catch (error) {
    if (error instanceof ScenarioError) return error.problems;
    throw error;
  }
  return [];
}

const withManifests = (manifests: unknown[], extra: object = {}) => ({
  clusters: [{ ...CLUSTER, ...extra, manifests }],
});

describe('clusters[].manifests: raw objects seeded at start-up', () => {
  let dir: string;
  let sandbox: Sandbox;
  const now = new Date('2026-06-01T12:00:00Z');
  const at = (expr: string) => k8sTime(resolveTime(expr, now));

  beforeAll(async () => {
    // A scenario in its own folder, naming seed 002's files relative to itself.
    dir = mkdtempSync(join(tmpdir(), 'manifests-'));
    mkdirSync(join(dir, 'scenarios'));
    const seed = (file: string) => join(SEED_002, file);
    writeFileSync(
      join(dir, 'scenarios/seed.yaml'),
      [
        'name: seed-002',
        'clusters:',
        '  - name: prod',
        "    account: '111122223333'",
        '    region: us-east-1',
        '    imagePullAuth: node-role',
        '    nodes: 2',
        '    pullSecrets:',
        '      - namespace: health-check',
        '        name: regcred',
        '        registries: [https://111122223333.dkr.ecr.us-east-1.amazonaws.com]',
        '        lastWritten: 3h ago',
        '    manifests:',
        `      - file: ${seed('app.yaml')}`,
        '        createdAt: 45d ago',
        '      - file: ../seed-copy/manifest-ecr-helper-creds-sample.yaml',
        '        createdAt: 45d ago',
        '        manager: helm',
        '      - file: ../seed-copy/manifest-ecr-helper.yaml',
        '        createdAt: 45d ago',
        '        lastWritten: 2d ago',
        '        lastRun: { at: 3h ago }',
        '      - object:',
        '          apiVersion: batch/v1',
        '          kind: CronJob',
        '          metadata: { name: nightly, namespace: jobs, creationTimestamp: 10d ago }',
        "          spec: { schedule: '0 0 * * *', jobTemplate: { spec: { backoffLimit: 2, template: { spec: { containers: [{ name: n, image: busybox }] } } } } }",
        '          status: { lastSuccessfulTime: 50h ago }',
        '        lastRun: { at: 26h ago, outcome: failed, lastSuccess: 50h ago }',
      ].join('\n'),
    );
    // Relative paths are read from the scenario's folder.
    mkdirSync(join(dir, 'seed-copy'));
    for (const file of [
      'manifest-ecr-helper-creds-sample.yaml',
      'manifest-ecr-helper.yaml',
    ]) {
      copyFileSync(seed(file), join(dir, 'seed-copy', file));
    }
    sandbox = await startSandbox({
      scenario: join(dir, 'scenarios/seed.yaml'),
      now,
    });
  });
  afterAll(async () => {
    await sandbox?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const kc = () => kubeConfigFor(sandbox.clusters[0]);

  it('loads every document of each file, relative to the scenario file', () => {
    const entries = sandbox.scenario.clusters[0].manifests;
    expect(entries.map(e => e.objects?.map(o => o.kind))).toEqual([
      ['Namespace', 'Deployment'],
      ['Secret', 'ConfigMap'],
      ['CronJob', 'ServiceAccount', 'Role', 'RoleBinding'],
      ['CronJob'],
    ]);
    // The loaded scenario carries the objects: it starts again from any directory.
    expect(parseScenario(sandbox.scenario, '(again)', '/')).toEqual(
      sandbox.scenario,
    );
  });

  it('stores the objects as written, with the times and manager of their writes', async () => {
    const batch = kc().makeApiClient(BatchV1Api);
    const cronJob = await batch.readNamespacedCronJob({
      name: 'ecr-registry-helper',
      namespace: 'health-check',
    });
    expect(cronJob.spec?.schedule).toBe('0 */10 * * *');
    expect(
      cronJob.spec?.jobTemplate.spec?.template.spec?.containers[0].envFrom,
    ).toEqual([
      { secretRef: { name: 'ecr-registry-helper-secrets' } },
      { configMapRef: { name: 'ecr-registry-helper-cm' } },
    ]);
    expect(cronJob.metadata?.creationTimestamp?.toISOString()).toBe(
      new Date(at('45d ago')).toISOString(),
    );
    expect(cronJob.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    const fields = cronJob.metadata?.managedFields ?? [];
    expect(
      fields.map(f => [f.manager, f.subresource, f.time?.toISOString()]),
    ).toEqual([
      [
        'kubectl-client-side-apply',
        undefined,
        new Date(at('2d ago')).toISOString(),
      ],
      [
        'kube-controller-manager',
        'status',
        new Date(at('3h ago')).toISOString(),
      ],
    ]);
    const rbac = kc().makeApiClient(RbacAuthorizationV1Api);
    const role = await rbac.readNamespacedRole({
      name: 'role-full-access-to-secrets',
      namespace: 'health-check',
    });
    expect(role.rules?.map(r => r.verbs)).toEqual([['delete'], ['create']]);
  });

  it("records the CronJob's last run: its status and the Job it left, owned by its uid", async () => {
    const batch = kc().makeApiClient(BatchV1Api);
    const cronJob = await batch.readNamespacedCronJob({
      name: 'ecr-registry-helper',
      namespace: 'health-check',
    });
    expect(cronJob.status?.lastSuccessfulTime?.toISOString()).toBe(
      new Date(at('3h ago')).toISOString(),
    );
    const jobs = await batch.listNamespacedJob({ namespace: 'health-check' });
    expect(jobs.items).toHaveLength(1);
    const [job] = jobs.items;
    expect(job.metadata?.name).toBe(
      `ecr-registry-helper-${Math.floor(
        resolveTime('3h ago', now).getTime() / 60_000,
      )}`,
    );
    expect(job.metadata?.ownerReferences?.[0]).toMatchObject({
      kind: 'CronJob',
      name: 'ecr-registry-helper',
      uid: cronJob.metadata?.uid,
      controller: true,
    });
    expect(job.status?.succeeded).toBe(1);
    expect(job.status?.conditions?.map(c => c.type)).toContain('Complete');
    expect(job.spec?.template.spec?.serviceAccountName).toBe('sa-health-check');

    // An inline CronJob whose last run failed: its own status times resolved, the Job failed.
    const nightly = await batch.readNamespacedCronJob({
      name: 'nightly',
      namespace: 'jobs',
    });
    expect(nightly.metadata?.creationTimestamp?.toISOString()).toBe(
      new Date(at('10d ago')).toISOString(),
    );
    expect(nightly.status?.lastSuccessfulTime?.toISOString()).toBe(
      new Date(at('50h ago')).toISOString(),
    );
    const [failed] = (await batch.listNamespacedJob({ namespace: 'jobs' }))
      .items;
    expect(failed.status?.failed).toBe(3);
    expect(failed.status?.conditions?.find(c => c.type === 'Failed')).toEqual(
      expect.objectContaining({ reason: 'BackoffLimitExceeded' }),
    );
  });

  it('puts the canary in every Secret value and in each ConfigMap, never the written values', async () => {
    const core = kc().makeApiClient(CoreV1Api);
    const secret = await core.readNamespacedSecret({
      name: 'ecr-registry-helper-secrets',
      namespace: 'health-check',
    });
    expect(secret.type).toBe('Opaque');
    expect((secret as { stringData?: unknown }).stringData).toBeUndefined();
    const values = Object.values(secret.data ?? {}).map(v =>
      Buffer.from(v, 'base64').toString(),
    );
    expect(values).toEqual([sandbox.canary, sandbox.canary, sandbox.canary]);
    expect(secret.metadata?.managedFields?.[0].manager).toBe('helm');
    const configMap = await core.readNamespacedConfigMap({
      name: 'ecr-registry-helper-cm',
      namespace: 'health-check',
    });
    expect(configMap.data).toEqual({
      AWS_REGION: 'us-east-1',
      AWS_ACCOUNT: '111122223333',
      DOCKER_SECRET_NAME: 'regcred',
      [CONFIGMAP_CANARY_KEY]: sandbox.canary,
    });
    // The regcred the CronJob re-created: from pullSecrets, the canary in its token.
    const regcred = await core.readNamespacedSecret({
      name: 'regcred',
      namespace: 'health-check',
    });
    const config = Buffer.from(
      regcred.data!['.dockerconfigjson'],
      'base64',
    ).toString();
    expect(Object.keys(JSON.parse(config).auths)).toEqual([
      'https://111122223333.dkr.ecr.us-east-1.amazonaws.com',
    ]);
    expect(
      Buffer.from(
        JSON.parse(config).auths[
          'https://111122223333.dkr.ecr.us-east-1.amazonaws.com'
        ].password,
        'base64',
      ).toString(),
    ).toContain(sandbox.canary);
    expect(regcred.metadata?.managedFields?.[0]).toMatchObject({
      manager: 'kubectl-create',
    });
  });

  it('runs what controllers run: Namespace with its default ServiceAccount, Deployment with status and pods', async () => {
    const core = kc().makeApiClient(CoreV1Api);
    const ns = await core.readNamespace({ name: 'health-check' });
    expect(ns.metadata?.labels).toEqual({
      'kubernetes.io/metadata.name': 'health-check',
    });
    expect(ns.status?.phase).toBe('Active');
    const sas = await core.listNamespacedServiceAccount({
      namespace: 'health-check',
    });
    expect(sas.items.map(sa => sa.metadata?.name).sort()).toEqual([
      'default',
      'sa-health-check',
    ]);
    const apps = kc().makeApiClient(AppsV1Api);
    const deployment = await apps.readNamespacedDeployment({
      name: 'health-check',
      namespace: 'health-check',
    });
    expect(deployment.metadata?.labels).toEqual({
      'backstage.io/kubernetes-id': 'health-check',
    });
    expect(deployment.status?.availableReplicas).toBe(1);
    const pods = await core.listNamespacedPod({
      namespace: 'health-check',
      labelSelector: 'app=health-check',
    });
    expect(pods.items).toHaveLength(1);
    expect(pods.items[0].spec?.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    expect(pods.items[0].status?.phase).toBe('Running');
    // The implied namespace of the inline CronJob exists too.
    expect((await core.readNamespace({ name: 'jobs' })).metadata?.name).toBe(
      'jobs',
    );
  });
});

describe('clusters[].manifests: malformed manifests', () => {
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {},
  };

  it('names the entry, the object and the field', () => {
    expect(
      problemsOf(
        withManifests([
          { object: { ...deployment, metadata: { namespace: 'shop' } } },
          { object: { ...deployment, apiVersion: 'v1' } },
          {
            objects: [
              { ...deployment, metadata: { name: 'Web', namespace: 'shop' } },
              {
                apiVersion: 'v1',
                kind: 'Namespace',
                metadata: { name: 'x', namespace: 'y' },
              },
              {
                apiVersion: 'batch/v1',
                kind: 'CronJob',
                metadata: { name: 'c', namespace: 'shop' },
                status: { lastSuccessfulTime: 'yesterday' },
              },
              'just text',
            ],
          },
        ]),
      ),
    ).toEqual([
      'clusters[0].manifests[0] (object, Deployment shop): metadata.name: Required',
      expect.stringMatching(
        /^clusters\[0\]\.manifests\[1\] \(object, Deployment shop\/web\): kind: the sandbox does not serve v1 Deployment \(it serves v1 Namespace, .*apps\/v1 Deployment/,
      ),
      expect.stringMatching(
        /^clusters\[0\]\.manifests\[2\] \(objects\[0\], Deployment shop\/Web\): Deployment "Web" is invalid: metadata.name: Invalid value: "Web": a lowercase RFC 1123 subdomain/,
      ),
      'clusters[0].manifests[2] (objects[1], Namespace y/x): metadata.namespace: a Namespace is not namespaced (cluster-scoped)',
      'clusters[0].manifests[2] (objects[2], CronJob shop/c): status.lastSuccessfulTime: expected "now", "<n><s|m|h|d|w|y> ago" or ISO time',
      'clusters[0].manifests[2] (objects[3], object): expected a Kubernetes object (a YAML mapping)',
    ]);
  });

  it('names the file and the document, and a file it cannot read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'manifests-bad-'));
    try {
      writeFileSync(
        join(dir, 'two.yaml'),
        'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ok }\n---\napiVersion: v1\nkind: Secrett\nmetadata: { name: s, namespace: a }\n',
      );
      writeFileSync(join(dir, 'broken.yaml'), 'kind: [\n');
      expect(
        problemsOf(
          withManifests([
            { file: 'two.yaml' },
            { file: 'broken.yaml' },
            { file: 'missing.yaml' },
          ]),
          dir,
        ),
      ).toEqual([
        expect.stringMatching(
          /^clusters\[0\]\.manifests\[0\] \(two\.yaml, document 2, Secrett a\/s\): kind: the sandbox does not serve v1 Secrett/,
        ),
        expect.stringMatching(
          /^clusters\[0\]\.manifests\[1\]\.file: broken\.yaml, document 1: not valid YAML: /,
        ),
        `clusters[0].manifests[2].file: cannot read missing.yaml (ENOENT; relative paths are resolved from the scenario's folder, ${dir})`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects entries that are not one source, stray fields, duplicates and a lastRun without CronJob', () => {
    expect(
      problemsOf(withManifests([{ file: 'a.yaml', object: deployment }, {}])),
    ).toEqual([
      'clusters[0].manifests[0]: expected one of file, object or objects, got file and object',
      'clusters[0].manifests[1]: expected one of file (a YAML file), object or objects',
    ]);
    expect(
      problemsOf(withManifests([{ object: deployment, colour: 'red' }]))[0],
    ).toMatch(/^clusters\[0\]\.manifests\[0\]: Unrecognized key/);
    expect(
      problemsOf(
        withManifests(
          [
            { objects: [deployment, deployment] },
            {
              object: {
                apiVersion: 'v1',
                kind: 'Secret',
                metadata: { name: 'regcred', namespace: 'shop' },
              },
              lastRun: { at: '1h ago' },
            },
            {
              object: {
                apiVersion: 'v1',
                kind: 'Namespace',
                metadata: { name: 'shop' },
              },
            },
          ],
          {
            namespaces: ['shop'],
            pullSecrets: [
              { namespace: 'shop', name: 'regcred', lastWritten: '1h ago' },
            ],
          },
        ),
      ),
    ).toEqual([
      'clusters[0].manifests[0]: duplicate Deployment "shop/web"',
      'clusters[0].manifests[1]: duplicate Secret "shop/regcred"',
      'clusters[0].manifests[2]: Namespace "shop" is also listed in clusters[0].namespaces (declare it once)',
      'clusters[0].manifests[1].lastRun: no CronJob in this entry to have run',
    ]);
  });

  it('fails loading a scenario file with every problem and the file named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'manifests-file-'));
    try {
      const path = join(dir, 'scenario.yaml');
      writeFileSync(
        path,
        `clusters:\n  - name: prod\n    account: '111122223333'\n    region: us-east-1\n    imagePullAuth: node-role\n    manifests:\n      - file: nowhere.yaml\n`,
      );
      expect(() => loadScenarioFile(path)).toThrow(
        `Invalid scenario ${path}:\n  clusters[0].manifests[0].file: cannot read nowhere.yaml (ENOENT`,
      );
      expect(() =>
        parseScenarioYaml(
          'clusters: [{ name: p, account: "111122223333", region: us-east-1, imagePullAuth: node-role, manifests: [{ object: { kind: Pod } }] }]',
          'inline.yaml',
        ),
      ).toThrow(
        'Invalid scenario inline.yaml:\n  clusters[0].manifests[0] (object, Pod): apiVersion: Required\n  clusters[0].manifests[0] (object, Pod): metadata: Required',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
