import {
  AppsV1Api,
  CustomObjectsApi,
  BatchV1Api,
  CoreV1Api,
  RbacAuthorizationV1Api,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { kubeConfigFor } from '../__testUtils__/kubeClients';
import { smallScenario } from '../__fixtures__/smallScenario';
import { Sandbox, startSandbox } from '../startSandbox';

const METADATA_ONLY =
  'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';

describe('Kubernetes reads through @kubernetes/client-node', () => {
  let sandbox: Sandbox;
  let core: CoreV1Api;
  let apps: AppsV1Api;

  beforeAll(async () => {
    sandbox = await startSandbox({
      scenario: smallScenario,
      now: new Date('2026-01-10T12:00:00Z'),
    });
    const kc = kubeConfigFor(sandbox.clusters[0]);
    core = kc.makeApiClient(CoreV1Api);
    apps = kc.makeApiClient(AppsV1Api);
  });
  afterAll(() => sandbox.stop());

  it('lists every kind cluster-wide and namespaced', async () => {
    const kc = kubeConfigFor(sandbox.clusters[0]);
    const deployments = await apps.listDeploymentForAllNamespaces();
    expect(deployments.items.map(d => d.metadata?.name)).toEqual([
      'legacy-billing',
      'orders-worker',
      'payments-api',
    ]);
    expect((await apps.listStatefulSetForAllNamespaces()).items).toHaveLength(
      1,
    );
    expect((await apps.listDaemonSetForAllNamespaces()).items).toHaveLength(1);
    const batch = kc.makeApiClient(BatchV1Api);
    const cronJobs = await batch.listCronJobForAllNamespaces();
    expect(cronJobs.items.map(c => c.metadata?.name).sort()).toEqual([
      'ecr-cred-refresher',
      'payments-report',
    ]);
    expect(
      cronJobs.items.find(c => c.metadata?.name === 'payments-report')?.status
        ?.lastSuccessfulTime,
    ).toEqual(new Date('2026-01-09T16:00:00Z'));
    expect(
      (await batch.listNamespacedJob({ namespace: 'payments' })).items,
    ).toHaveLength(1);
    const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
    const roles = await rbac.listRoleForAllNamespaces();
    expect(roles.items[0].rules?.[0]).toMatchObject({
      resources: ['secrets'],
      resourceNames: ['orders-regcred'],
      verbs: ['get', 'update', 'patch'],
    });
    expect(
      (await rbac.listNamespacedRoleBinding({ namespace: 'orders' })).items[0]
        .subjects?.[0].name,
    ).toBe('ecr-cred-refresher');
    const pods = await core.listNamespacedPod({ namespace: 'payments' });
    expect(
      pods.items.filter(p => p.metadata?.labels?.app === 'payments-api'),
    ).toHaveLength(2);
    expect((await core.listNode()).items.length).toBeGreaterThanOrEqual(2);
    expect(
      (await core.listNamespace()).items.map(n => n.metadata?.name),
    ).toContain('billing');
    const sa = await core.readNamespacedServiceAccount({
      namespace: 'payments',
      name: 'payments-api',
    });
    expect(
      sa.metadata?.annotations?.['eks.amazonaws.com/ecr-role-arn'],
    ).toContain('payments-api-pull');
  });

  it('pages with limit/continue and recovers from 410 Gone', async () => {
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await core.listPodForAllNamespaces({
        limit: 2,
        _continue: token,
      });
      names.push(...page.items.map(p => p.metadata!.name!));
      token = page.metadata?._continue;
      pages++;
    } while (token);
    const all = await core.listPodForAllNamespaces();
    expect(names).toEqual(all.items.map(p => p.metadata!.name));
    expect(pages).toBe(Math.ceil(all.items.length / 2));

    const first = await core.listPodForAllNamespaces({ limit: 2 });
    expect(first.metadata?.remainingItemCount).toBe(all.items.length - 2);
    sandbox.expireContinueTokens();
    const expired = await core
      .listPodForAllNamespaces({
        limit: 2,
        _continue: first.metadata!._continue,
      })
      .catch(e => e);
    expect(expired.code).toBe(410);
    const status = JSON.parse(expired.body);
    expect(status).toMatchObject({
      kind: 'Status',
      reason: 'Expired',
      code: 410,
    });
    // The client recovers by starting the list again.
    const again = await core.listPodForAllNamespaces({ limit: 100 });
    expect(again.items).toHaveLength(all.items.length);
  });

  it('filters with label selectors', async () => {
    const names = async (labelSelector: string) =>
      (await apps.listDeploymentForAllNamespaces({ labelSelector })).items
        .map(d => d.metadata!.name)
        .sort();
    expect(await names('backstage.io/kubernetes-id=payments-api')).toEqual([
      'payments-api',
    ]);
    expect(await names('backstage.io/kubernetes-id==orders')).toEqual([
      'orders-worker',
    ]);
    expect(await names('tier!=backend')).toEqual(['orders-worker']);
    expect(
      await names(
        'backstage.io/kubernetes-id in (payments-api, legacy-billing)',
      ),
    ).toEqual(['legacy-billing', 'payments-api']);
    expect(
      await names('backstage.io/kubernetes-id notin (payments-api),tier'),
    ).toEqual(['legacy-billing', 'orders-worker']);
    expect(await names('tier,!missing')).toHaveLength(3);
    expect(await names('missing')).toEqual([]);
    const bad = await apps
      .listDeploymentForAllNamespaces({ labelSelector: 'a in b' })
      .catch(e => e);
    expect(bad.code).toBe(400);
  });

  it('filters with field selectors', async () => {
    const secrets = await core.listSecretForAllNamespaces({
      fieldSelector: 'type=kubernetes.io/dockerconfigjson',
    });
    expect(secrets.items.map(s => s.metadata!.name).sort()).toEqual([
      'eso-regcred',
      'orders-regcred',
      'regcred',
    ]);
    const inOrders = await core.listSecretForAllNamespaces({
      fieldSelector: 'metadata.namespace=orders,type!=Opaque',
    });
    expect(inOrders.items.map(s => s.metadata!.name)).toEqual([
      'eso-regcred',
      'orders-regcred',
    ]);
    const byName = await core.listServiceAccountForAllNamespaces({
      fieldSelector: 'metadata.name=payments-api',
    });
    expect(byName.items).toHaveLength(1);
    const unsupported = await core
      .listSecretForAllNamespaces({ fieldSelector: 'spec.foo=bar' })
      .catch(e => e);
    expect(unsupported.code).toBe(400);
    expect(JSON.parse(unsupported.body).message).toBe(
      'field label not supported: spec.foo',
    );
  });

  it('serves metadata-only Secret lists that never carry data', async () => {
    const list = await core.listSecretForAllNamespaces(
      { fieldSelector: 'type=kubernetes.io/dockerconfigjson' },
      setHeaderOptions('Accept', METADATA_ONLY),
    );
    expect(list.kind).toBe('PartialObjectMetadataList');
    expect(list.items).toHaveLength(3);
    expect(list.items.every(item => item.data === undefined)).toBe(true);
    const regcred = list.items.find(s => s.metadata?.name === 'regcred')!;
    expect(regcred.metadata?.managedFields?.[0]).toMatchObject({
      manager: 'kubectl-create',
      time: new Date('2026-01-09T06:00:00Z'),
    });

    const raw = await fetch(`${sandbox.clusters[0].url}/api/v1/secrets`, {
      headers: {
        authorization: `Bearer ${sandbox.clusters[0].token}`,
        accept: METADATA_ONLY,
      },
    });
    expect(await raw.text()).not.toContain(sandbox.canary);
    const full = await core.readNamespacedSecret({
      namespace: 'billing',
      name: 'regcred',
    });
    const config = Buffer.from(
      full.data!['.dockerconfigjson'],
      'base64',
    ).toString();
    expect(Object.keys(JSON.parse(config).auths)).toEqual([
      '111122223333.dkr.ecr.us-east-1.amazonaws.com',
    ]);
    expect(
      Buffer.from(
        JSON.parse(config).auths['111122223333.dkr.ecr.us-east-1.amazonaws.com']
          .password,
        'base64',
      ).toString(),
    ).toContain(sandbox.canary);
  });

  it('answers errors with metav1.Status bodies', async () => {
    const badToken = kubeConfigFor(
      sandbox.clusters[0],
      'wrong-token',
    ).makeApiClient(CoreV1Api);
    const unauthorized = await badToken.listNamespace().catch(e => e);
    expect(unauthorized.code).toBe(401);
    // client-node drops the body of a 401; the wire carries the Status all the same.
    const raw = await fetch(`${sandbox.clusters[0].url}/api/v1/namespaces`, {
      headers: { authorization: 'Bearer wrong' },
    });
    expect(await raw.json()).toMatchObject({
      kind: 'Status',
      reason: 'Unauthorized',
      code: 401,
    });

    const edge = kubeConfigFor(sandbox.clusters[1]).makeApiClient(CoreV1Api);
    const forbidden = await edge.listSecretForAllNamespaces().catch(e => e);
    expect(forbidden.code).toBe(403);
    expect(JSON.parse(forbidden.body).message).toBe(
      'secrets is forbidden: User "system:serviceaccount:backstage:ecr-access" cannot list resource "secrets" in API group "" at the cluster scope',
    );
    expect(
      (await edge.listServiceAccountForAllNamespaces()).items.length,
    ).toBeGreaterThan(0);

    const missing = await apps
      .readNamespacedDeployment({ namespace: 'payments', name: 'nope' })
      .catch(e => e);
    expect(missing.code).toBe(404);
    expect(JSON.parse(missing.body)).toMatchObject({
      reason: 'NotFound',
      message: 'deployments.apps "nope" not found',
    });
  });

  it('serves External Secrets only where the CRD is installed, and ClusterRoles', async () => {
    const prod = kubeConfigFor(sandbox.clusters[0]);
    const objects = prod.makeApiClient(CustomObjectsApi);
    for (const version of ['v1', 'v1beta1']) {
      const list = await objects.listClusterCustomObject({
        group: 'external-secrets.io',
        version,
        plural: 'externalsecrets',
      });
      expect(list.apiVersion).toBe(`external-secrets.io/${version}`);
      expect(list.items[0]).toMatchObject({
        metadata: { name: 'ecr-token', namespace: 'orders' },
        spec: {
          refreshInterval: '1h',
          target: { name: 'eso-regcred' },
          dataFrom: [
            { sourceRef: { generatorRef: { kind: 'ECRAuthorizationToken' } } },
          ],
        },
        status: { conditions: [{ type: 'Ready', status: 'True' }] },
      });
    }
    const secret = await prod
      .makeApiClient(CoreV1Api)
      .readNamespacedSecret({ namespace: 'orders', name: 'eso-regcred' });
    expect(secret.metadata?.managedFields?.[0].manager).toBe(
      'external-secrets',
    );
    expect(secret.metadata?.ownerReferences?.[0]).toMatchObject({
      kind: 'ExternalSecret',
      name: 'ecr-token',
    });

    const edge = kubeConfigFor(sandbox.clusters[1]).makeApiClient(
      CustomObjectsApi,
    );
    const absent = await edge
      .listClusterCustomObject({
        group: 'external-secrets.io',
        version: 'v1',
        plural: 'externalsecrets',
      })
      .catch(e => e);
    expect(absent.code).toBe(404);

    const rbac = prod.makeApiClient(RbacAuthorizationV1Api);
    expect(
      (await rbac.listClusterRole()).items.map(r => r.metadata?.name),
    ).toEqual(expect.arrayContaining(['cluster-admin', 'edit', 'view']));
    expect((await rbac.listClusterRoleBinding()).items[0].roleRef.name).toBe(
      'view',
    );
  });

  it('tells Fargate nodes and pods apart', async () => {
    const edge = kubeConfigFor(sandbox.clusters[1]).makeApiClient(CoreV1Api);
    const fargate = await edge.listNode({
      labelSelector: 'eks.amazonaws.com/compute-type=fargate',
    });
    expect(fargate.items).toHaveLength(1);
    const pods = await edge.listNamespacedPod({ namespace: 'edge' });
    expect(pods.items[0].spec?.nodeName).toBe(fargate.items[0].metadata?.name);
    expect(pods.items[0].spec?.schedulerName).toBe('fargate-scheduler');
    expect(
      pods.items[0].metadata?.labels?.['eks.amazonaws.com/fargate-profile'],
    ).toBe('fp-default');
  });
});
