import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { Sandbox } from '@ecr-access/sandbox';
import { sandboxKubeConfig, useSandbox } from '@ecr-access/test-utils';
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import {
  DEMO_FIELD_MANAGER,
  createApplyManifestsAction,
} from './applyManifestsAction';

const ROLE_ARN = 'arn:aws:iam::111122223333:role/backstage/irsa-checkout-web';

/** One cluster with a namespace, and a ServiceAccount another tool (Helm) manages. */
const scenario = {
  name: 'demo-apply',
  accounts: [
    {
      id: '111122223333',
      credentials: [{ accessKeyId: 'AKIADEMOAPPLY0000001', user: 'backstage' }],
    },
  ],
  clusters: [
    {
      name: 'prod-use1',
      account: '111122223333',
      region: 'us-east-1',
      imagePullAuth: 'service-account-token',
      namespaces: ['checkout', 'charts'],
      serviceAccounts: [
        {
          namespace: 'charts',
          name: 'chart-sa',
          annotations: {
            'eks.amazonaws.com/role-arn':
              'arn:aws:iam::111122223333:role/helm-chart',
          },
          manager: 'helm',
        },
      ],
    },
  ],
};

/** What ecr-access:manifests:render writes for a service `web` in namespace `checkout`. */
function renderedManifests(namespace: string, name: string) {
  const labels = {
    'backstage.io/kubernetes-id': name,
    'app.kubernetes.io/name': name,
  };
  return {
    'kubernetes/serviceaccount.yaml': stringify({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name,
        namespace,
        labels,
        annotations: {
          'eks.amazonaws.com/role-arn': ROLE_ARN,
          'eks.amazonaws.com/ecr-role-arn': ROLE_ARN,
        },
      },
    }),
    'kubernetes/deployment.yaml': stringify({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace, labels },
      spec: {
        replicas: 2,
        selector: { matchLabels: { 'app.kubernetes.io/name': name } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: name,
            containers: [
              {
                name,
                image:
                  '111122223333.dkr.ecr.us-east-1.amazonaws.com/checkout/api:1.0.0',
              },
            ],
          },
        },
      },
    }),
  };
}

const FILES = ['kubernetes/serviceaccount.yaml', 'kubernetes/deployment.yaml'];

describe('ecr-access-demo:kubernetes:apply over the sandbox', () => {
  let sandbox: Sandbox;
  let config: ConfigReader;
  let kubeConfig: KubeConfig;
  const workspace = createMockDirectory();

  useSandbox({ scenario: scenario as any, started });

  function started(running: Sandbox) {
    sandbox = running;
    const cluster = sandbox.clusters[0];
    config = new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: cluster.name,
                url: cluster.url,
                authProvider: 'serviceAccount',
                serviceAccountToken: cluster.token,
              },
            ],
          },
        ],
      },
    });
    kubeConfig = sandboxKubeConfig(sandbox, cluster.name);
  }

  const auditor = mockServices.auditor.mock();
  const auditEvent = { success: jest.fn(), fail: jest.fn() };
  auditor.createEvent.mockResolvedValue(auditEvent);
  beforeEach(() => {
    auditor.createEvent.mockClear();
    auditEvent.success.mockClear();
    auditEvent.fail.mockClear();
  });

  function run(input: { cluster: string; files: string[] }, isDryRun = false) {
    // The mock context drops isDryRun: set it on the context it returns.
    const ctx = {
      ...createMockActionContext({ input, workspacePath: workspace.path }),
      isDryRun,
    };
    return createApplyManifestsAction({ config, auditor })
      .handler(ctx)
      .then(() => ctx);
  }

  it('creates the rendered ServiceAccount and Deployment, and a second run changes nothing', async () => {
    workspace.setContent(renderedManifests('checkout', 'web'));

    const first = await run({ cluster: 'prod-use1', files: FILES });
    expect(first.output).toHaveBeenCalledWith('applied', [
      'ServiceAccount checkout/web: created',
      'Deployment checkout/web: created',
    ]);
    // Each write to the cluster is audited.
    expect(auditor.createEvent.mock.calls.map(([e]) => e.meta)).toEqual([
      {
        cluster: 'prod-use1',
        object: 'ServiceAccount checkout/web',
        taskId: 'mock-task-id',
      },
      {
        cluster: 'prod-use1',
        object: 'Deployment checkout/web',
        taskId: 'mock-task-id',
      },
    ]);
    expect(auditEvent.success).toHaveBeenCalledTimes(2);

    const apps = kubeConfig.makeApiClient(AppsV1Api);
    const deployment = await apps.readNamespacedDeployment({
      name: 'web',
      namespace: 'checkout',
    });
    // What the ecr-access audit finds the workload by and reads its pull identity from.
    expect(deployment.metadata?.labels?.['backstage.io/kubernetes-id']).toBe(
      'web',
    );
    expect(deployment.spec?.template.spec?.serviceAccountName).toBe('web');
    expect(deployment.spec?.template.spec?.imagePullSecrets).toBeUndefined();
    expect(deployment.metadata?.managedFields?.map(f => f.manager)).toEqual([
      DEMO_FIELD_MANAGER,
    ]);
    const core = kubeConfig.makeApiClient(CoreV1Api);
    const serviceAccount = await core.readNamespacedServiceAccount({
      name: 'web',
      namespace: 'checkout',
    });
    expect(serviceAccount.metadata?.annotations).toEqual({
      'eks.amazonaws.com/role-arn': ROLE_ARN,
      'eks.amazonaws.com/ecr-role-arn': ROLE_ARN,
    });

    const second = await run({ cluster: 'prod-use1', files: FILES });
    expect(second.output).toHaveBeenCalledWith('applied', [
      'ServiceAccount checkout/web: configured',
      'Deployment checkout/web: configured',
    ]);
    const again = await apps.readNamespacedDeployment({
      name: 'web',
      namespace: 'checkout',
    });
    // Same object (the sandbox, unlike a real API server, bumps resourceVersion on a no-op apply).
    expect(again.spec).toEqual(deployment.spec);
    expect(again.metadata?.labels).toEqual(deployment.metadata?.labels);
    expect(again.metadata?.managedFields?.map(f => f.manager)).toEqual([
      DEMO_FIELD_MANAGER,
    ]);
  });

  it('refuses to take over a field another manager owns, and leaves the object as it was', async () => {
    workspace.setContent(renderedManifests('charts', 'chart-sa'));
    await expect(
      run({ cluster: 'prod-use1', files: ['kubernetes/serviceaccount.yaml'] }),
    ).rejects.toThrow(
      /Kubernetes API answered 409 to apply ServiceAccount charts\/chart-sa on prod-use1 \(Conflict: .*helm/,
    );
    expect(auditEvent.fail).toHaveBeenCalledTimes(1);
    const core = kubeConfig.makeApiClient(CoreV1Api);
    const serviceAccount = await core.readNamespacedServiceAccount({
      name: 'chart-sa',
      namespace: 'charts',
    });
    expect(
      serviceAccount.metadata?.annotations?.['eks.amazonaws.com/role-arn'],
    ).toBe('arn:aws:iam::111122223333:role/helm-chart');
  });

  it('dry run reports what it would apply and sends nothing to the cluster', async () => {
    workspace.setContent(renderedManifests('checkout', 'dry'));
    sandbox.resetRequestCounts();
    const ctx = await run({ cluster: 'prod-use1', files: FILES }, true);
    expect(ctx.output).toHaveBeenCalledWith('applied', [
      'ServiceAccount checkout/dry: would apply',
      'Deployment checkout/dry: would apply',
    ]);
    expect(sandbox.requestCounts()).toEqual({});
    expect(auditor.createEvent).not.toHaveBeenCalled();
  });

  it('names the input when the cluster is not configured or a file is not a manifest', async () => {
    workspace.setContent(renderedManifests('checkout', 'web'));
    await expect(run({ cluster: 'nowhere', files: FILES })).rejects.toThrow(
      "cluster: 'nowhere' is not in kubernetes.clusterLocatorMethods",
    );
    workspace.setContent({ 'notes.yaml': 'just: text\n' });
    await expect(
      run({ cluster: 'prod-use1', files: ['notes.yaml'] }),
    ).rejects.toThrow(
      'files: notes.yaml holds a document without apiVersion, kind and metadata.name',
    );
  });
});
