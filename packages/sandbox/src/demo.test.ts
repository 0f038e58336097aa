import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { GetRoleCommand, NoSuchEntityException } from '@aws-sdk/client-iam';
import { DescribeRepositoriesCommand } from '@aws-sdk/client-ecr';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
} from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { awsClients } from './__testUtils__/awsClients';
import { kubeConfigFor } from './__testUtils__/kubeClients';
import { appConfigFor } from './appConfig';
import { Sandbox, startSandbox } from './startSandbox';

const ROOT = resolve(__dirname, '../../..');
const DEMO = resolve(ROOT, 'examples/sandbox/demo.yaml');

interface Component {
  metadata: { name: string; annotations: Record<string, string> };
  spec: { owner: string; system: string };
}

const entities = parseAllDocuments(
  readFileSync(resolve(ROOT, 'examples/entities/demo-services.yaml'), 'utf8'),
)
  .map(doc => doc.toJS() as Component)
  .filter(Boolean);

/** The pull mechanism column of the entity's row in the legend of demo.yaml. */
function legendMechanism(name: string): string | undefined {
  const header = readFileSync(DEMO, 'utf8').split('\nname:')[0];
  const row = new RegExp(
    `^#\\s{3}${name}\\s{2,}\\S.*?\\s{2,}(\\S+)\\s{2,}\\S`,
    'm',
  );
  return row.exec(header)?.[1];
}

async function workloadsMatching(
  kc: KubeConfig,
  labelSelector: string,
): Promise<string[]> {
  const apps = kc.makeApiClient(AppsV1Api);
  const batch = kc.makeApiClient(BatchV1Api);
  const lists = await Promise.all([
    apps.listDeploymentForAllNamespaces({ labelSelector }),
    apps.listStatefulSetForAllNamespaces({ labelSelector }),
    apps.listDaemonSetForAllNamespaces({ labelSelector }),
    batch.listCronJobForAllNamespaces({ labelSelector }),
  ]);
  return lists.flatMap(list =>
    list.items.map(
      item => `${item.metadata?.namespace}/${item.metadata?.name}`,
    ),
  );
}

describe('the demo scenario and its catalog entities', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ scenario: DEMO });
  });
  afterAll(() => sandbox.stop());

  it('has a workload for every demo entity its legend gives a mechanism, and none for `none`', async () => {
    expect(entities.length).toBeGreaterThanOrEqual(25);
    const reachable = sandbox.clusters.filter(c => c.name !== 'edge-euw1');
    const found: Record<string, boolean> = {};
    const expected: Record<string, boolean> = {};
    for (const entity of entities) {
      const annotations = entity.metadata.annotations;
      const selector =
        annotations['backstage.io/kubernetes-label-selector'] ??
        `backstage.io/kubernetes-id=${annotations['backstage.io/kubernetes-id']}`;
      const workloads = (
        await Promise.all(
          reachable.map(c => workloadsMatching(kubeConfigFor(c), selector)),
        )
      ).flat();
      found[entity.metadata.name] = workloads.length > 0;
      expected[entity.metadata.name] =
        legendMechanism(entity.metadata.name) !== 'none';
      expect(['team-payments', 'team-platform', 'team-data']).toContain(
        entity.spec.owner,
      );
      expect(entity.spec.system).toBe('ecr-access-demo');
    }
    expect(found).toEqual(expected);
    // The demo shows "No workloads found" on one entity, and every other has workloads.
    expect(
      Object.entries(expected)
        .filter(([, has]) => !has)
        .map(([name]) => name),
    ).toEqual(['mobile-bff']);
  });

  it('lists every entity in the header comment of demo.yaml', () => {
    const header = readFileSync(DEMO, 'utf8').split('\nname:')[0];
    for (const entity of entities) {
      expect(header).toContain(`#   ${entity.metadata.name} `);
    }
  });

  it('starts with edge-euw1 down and the other clusters up', async () => {
    const edge = kubeConfigFor(
      sandbox.clusters.find(c => c.name === 'edge-euw1')!,
    ).makeApiClient(CoreV1Api);
    const error = await edge.listNamespace().catch(e => e);
    expect(`${error.message} ${error.cause?.code ?? ''}`).toMatch(
      /ECONNREFUSED/,
    );
    await sandbox.setFaults([]);
    expect(
      await workloadsMatching(
        kubeConfigFor(sandbox.clusters[2]),
        'backstage.io/kubernetes-id=search-api',
      ),
    ).toEqual(['search/search-api']);
  });

  it("seeds seed 002's manifests into prod-use1 as written, last run 3 h ago, canary in the Secret", async () => {
    const seed = resolve(
      ROOT,
      'examples/kubernetes/seed-002-ecr-registry-helper',
    );
    const written = [
      'app.yaml',
      'manifest-ecr-helper-creds-sample.yaml',
      'manifest-ecr-helper.yaml',
    ].flatMap(file =>
      parseAllDocuments(readFileSync(resolve(seed, file), 'utf8')).map(
        d => d.toJS() as { kind: string; metadata: { name: string } },
      ),
    );
    const prod = kubeConfigFor(sandbox.clusters[0]);
    const batch = prod.makeApiClient(BatchV1Api);
    const core = prod.makeApiClient(CoreV1Api);
    const namespace = 'health-check';
    const cronJob = await batch.readNamespacedCronJob({
      name: 'ecr-registry-helper',
      namespace,
    });
    const file = written.find(o => o.kind === 'CronJob') as unknown as {
      spec: unknown;
    };
    expect(JSON.parse(JSON.stringify(cronJob.spec))).toEqual(file.spec);
    const hoursAgo = (t?: Date) =>
      Math.round((Date.now() - (t?.getTime() ?? 0)) / 3600_000);
    expect(hoursAgo(cronJob.status?.lastSuccessfulTime)).toBe(3);
    const jobs = await batch.listNamespacedJob({ namespace });
    expect(
      jobs.items.map(j => [
        j.metadata?.ownerReferences?.[0].uid,
        j.status?.succeeded,
      ]),
    ).toEqual([[cronJob.metadata?.uid, 1]]);
    const regcred = await core.readNamespacedSecret({
      name: 'regcred',
      namespace,
    });
    expect(regcred.metadata?.managedFields?.[0].manager).toBe('kubectl-create');
    expect(hoursAgo(regcred.metadata?.managedFields?.[0].time)).toBe(3);
    const settings = await core.readNamespacedSecret({
      name: 'ecr-registry-helper-secrets',
      namespace,
    });
    for (const value of Object.values(settings.data ?? {})) {
      expect(Buffer.from(value, 'base64').toString()).toBe(sandbox.canary);
    }
    const configMap = await core.readNamespacedConfigMap({
      name: 'ecr-registry-helper-cm',
      namespace,
    });
    expect(configMap.data?.DOCKER_SECRET_NAME).toBe('regcred');
    // Every object of the three files is served under its name.
    const collection: Record<string, string> = {
      Namespace: 'api/v1/namespaces',
      Deployment: 'apis/apps/v1/namespaces/health-check/deployments',
      Secret: 'api/v1/namespaces/health-check/secrets',
      ConfigMap: 'api/v1/namespaces/health-check/configmaps',
      CronJob: 'apis/batch/v1/namespaces/health-check/cronjobs',
      ServiceAccount: 'api/v1/namespaces/health-check/serviceaccounts',
      Role: 'apis/rbac.authorization.k8s.io/v1/namespaces/health-check/roles',
      RoleBinding:
        'apis/rbac.authorization.k8s.io/v1/namespaces/health-check/rolebindings',
    };
    const { url, token } = sandbox.clusters[0];
    const statuses = await Promise.all(
      written.map(async o => {
        const res = await fetch(
          `${url}/${collection[o.kind]}/${o.metadata.name}`,
          { headers: { Authorization: `Bearer ${token}` } },
        );
        return `${o.kind}/${o.metadata.name} ${res.status}`;
      }),
    );
    expect(statuses).toEqual(
      written.map(o => `${o.kind}/${o.metadata.name} 200`),
    );
    expect(written).toHaveLength(8);
  });

  it('has the IAM roles the ServiceAccounts name, except the deliberately missing one', async () => {
    const { iam } = awsClients(sandbox, {
      accessKeyId: 'AKIAECRACCESSDEMO0001',
    });
    const sas = sandbox.scenario.clusters.flatMap(c => c.serviceAccounts);
    const arns = sas
      .flatMap(sa => Object.values(sa.annotations))
      .filter(v => v.startsWith('arn:aws:iam::111122223333:role/'));
    const unique = [...new Set(arns)];
    const answers = await Promise.all(
      unique.map(arn =>
        iam
          .send(new GetRoleCommand({ RoleName: arn.split('/').pop()! }))
          .then(result => result.Role?.Arn)
          .catch(e =>
            e instanceof NoSuchEntityException ? `missing ${arn}` : String(e),
          ),
      ),
    );
    const missingArn =
      'arn:aws:iam::111122223333:role/irsa/irsa-recommendations';
    expect(answers).toEqual(
      unique.map(arn => (arn === missingArn ? `missing ${arn}` : arn)),
    );
  });

  it('has an ECR repository for every ECR image', async () => {
    const images = sandbox.scenario.clusters.flatMap(c =>
      c.workloads.flatMap(w => w.images),
    );
    for (const image of images) {
      const match =
        /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/([^:]+):/.exec(
          image,
        );
      if (!match) continue;
      const { ecr } = awsClients(sandbox, {
        region: match[2],
        accessKeyId:
          match[1] === '111122223333'
            ? 'AKIAECRACCESSDEMO0001'
            : 'AKIAECRACCESSDEMO0002',
      });
      const result = await ecr.send(
        new DescribeRepositoriesCommand({ repositoryNames: [match[3]] }),
      );
      expect(result.repositories?.[0].repositoryUri).toBe(image.split(':')[0]);
    }
  });

  it('renders an app-config fragment for the running sandbox', () => {
    const config = appConfigFor(sandbox);
    expect(config).toContain(`url: ${sandbox.clusters[0].url}`);
    expect(config).toContain('serviceAccountToken: demo-token-prod-use1');
    expect(config).toContain('imagePullAuth: service-account-token');
    expect(config).toContain(
      '- arn:aws:iam::111122223333:role/eks-node-shared-usw2',
    );
    expect(config).toContain('accessKeyId: AKIAECRACCESSDEMO0002');
    // The same Fargate facts as the demo's app-config.yaml (its `namespaces: [reports]` is
    // this selector without labels), for where the profiles cannot be read from EKS.
    expect(config).toMatch(
      /fargate:\n\s+selectors:\n\s+- namespace: reports\n\s+podExecutionRoleArns:\n\s+- arn:aws:iam::111122223333:role\/eks-fargate-pods-prod-use1/,
    );
  });

  it('lets the main account assume the reader role of the data account', async () => {
    const { sts } = awsClients(sandbox, {
      accessKeyId: 'AKIAECRACCESSDEMO0001',
    });
    const assumed = await sts.send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::444455556666:role/ecr-access-reader',
        RoleSessionName: 'backstage',
      }),
    );
    expect(assumed.AssumedRoleUser?.Arn).toBe(
      'arn:aws:sts::444455556666:assumed-role/ecr-access-reader/backstage',
    );
  });
});
