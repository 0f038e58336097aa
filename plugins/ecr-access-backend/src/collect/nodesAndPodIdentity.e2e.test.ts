import { TestDatabases } from '@backstage/backend-test-utils';
import type { Finding } from '@ecr-access/plugin-ecr-access-common';
import type { Sandbox } from '@ecr-access/sandbox';
import { useSandbox } from '@ecr-access/test-utils';
import {
  startAuditingBackend,
  untilAudited,
} from '../__testUtils__/auditingBackend';
import {
  ACCOUNT,
  NODES_SCENARIO,
  nodesEntities,
} from './__fixtures__/nodesScenario';

jest.setTimeout(120_000);

// The nodes that pull and Pod Identity (#20), end to end over HTTP: the sandbox's EKS node
// groups, Nodes, ClusterRoles and Pod Identity associations, read by the real collectors
// (the plugin as installed, its scheduled audit), classified, stored and served.
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const arn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

type Plugin = Awaited<ReturnType<typeof startAuditingBackend>>;

async function auditedBackend(sandbox: Sandbox): Promise<Plugin> {
  const plugin = await startAuditingBackend({
    sandbox,
    knex: await databases.init('SQLITE_3'),
    entities: nodesEntities(),
    // No node role in config: the node roles come from the EKS node groups alone.
    appConfig: { clusterFacts: () => ({ nodeRoleArns: [] }) },
  });
  await untilAudited(plugin.get, 2);
  return plugin;
}

async function status(plugin: Plugin, name: string) {
  const res = await plugin.get(`/entities/component/default/${name}/status`);
  expect(res.status).toBe(200);
  return res.body as {
    health: string;
    mechanisms: string[];
    runtimeIdentities: string[];
    findings: Finding[];
    summary: string;
  };
}

const codes = (findings: Finding[]) => findings.map(f => f.code).sort();

describe('the nodes that pull and Pod Identity, over HTTP', () => {
  let plugin: Plugin;
  let sandbox: Sandbox;

  useSandbox({
    scenario: NODES_SCENARIO,
    started: async running => {
      sandbox = running;
      plugin = await auditedBackend(running);
    },
    stopping: () => plugin?.backend.stop(),
    timeout: 60_000,
  });

  it('finds the node roles through the node groups: one too broad, one that cannot pull', async () => {
    const web = await status(plugin, 'web');
    expect(codes(web.findings)).toEqual([
      'NODE_ROLE_TOO_BROAD',
      'ROLE_LACKS_ECR_PULL',
    ]);
    expect(web.health).toBe('warning');
    expect(web.mechanisms).toEqual(['node-role']);
    const broad = web.findings.find(f => f.code === 'NODE_ROLE_TOO_BROAD')!;
    expect(broad).toMatchObject({
      severity: 'warning',
      subject: `IAM role ${arn('eks-node-readonly')}`,
    });
    expect(broad.message).toContain('node group default');
    expect(broad.message).toContain('ecr:ListImages');
    const lacks = web.findings.find(f => f.code === 'ROLE_LACKS_ECR_PULL')!;
    expect(lacks).toMatchObject({
      severity: 'warning',
      subject: `IAM role ${arn('eks-node-batch')}`,
    });
    expect(lacks.message).toMatch(
      /node group batch.*cannot pull shop\/web: pods of Deployment web\/web/,
    );
  });

  it('reads node groups once per cluster and audit, not once per workload', async () => {
    sandbox.resetRequestCounts();
    await plugin.post('/entities/component/default/web/refresh').expect(200);
    const counts = sandbox.requestCounts();
    const eks = (op: string) =>
      Object.entries(counts)
        .filter(([k]) => k.startsWith('eks') && k.endsWith(`/${op}`))
        .reduce((n, [, v]) => n + v, 0);
    // Two clusters: one list each; nodes has two node groups, tokens two.
    expect(eks('ListNodegroups')).toBe(2);
    expect(eks('DescribeNodegroup')).toBe(4);
  });

  it('checks the Pod Identity role: it must trust pods.eks.amazonaws.com for sts:TagSession too', async () => {
    const orders = await status(plugin, 'orders');
    expect(orders.runtimeIdentities).toEqual(['pod-identity']);
    expect(orders.health).toBe('error');
    const mismatch = orders.findings.find(
      f => f.code === 'POD_IDENTITY_TRUST_MISMATCH',
    );
    expect(mismatch).toMatchObject({
      severity: 'error',
      subject: `IAM role ${arn('orders-pod-identity')}`,
      message: expect.stringContaining('sts:TagSession'),
    });
    expect(orders.summary).toContain(mismatch!.message);
  });

  it('says which credential the SDK uses when IRSA and Pod Identity are both set', async () => {
    const ledger = await status(plugin, 'ledger');
    expect(ledger.runtimeIdentities).toEqual(['irsa']);
    expect(ledger.findings).toContainEqual(
      expect.objectContaining({
        code: 'POD_IDENTITY_SHADOWED_BY_IRSA',
        severity: 'info',
        message: expect.stringContaining(
          `so its pods use the IRSA role ${arn('ledger-irsa')}`,
        ),
      }),
    );
    expect(codes(ledger.findings)).not.toContain('POD_IDENTITY_TRUST_MISMATCH');
  });

  it('does not report ecr-role-arn pulls as IRSA where a node runs kubelet 1.33', async () => {
    const checkout = await status(plugin, 'checkout');
    expect(checkout.mechanisms).toEqual(['node-role']);
    expect(checkout.health).toBe('error');
    const notReady = checkout.findings.find(
      f => f.code === 'CREDENTIAL_PROVIDER_NOT_READY',
    )!;
    expect(notReady.subject).toBe('cluster tokens');
    expect(notReady.message).toMatch(
      /kubelets older than 1\.34 on ip-.*\(v1\.33\)/,
    );
    expect(checkout.summary).not.toMatch(/Pulls use IRSA/);
    // An on-demand refresh lists Nodes cluster-wide too, and says the same.
    const refreshed = await plugin
      .post('/entities/component/default/checkout/refresh')
      .expect(200);
    expect(codes(refreshed.body.findings)).toEqual(codes(checkout.findings));
  });

  it('says Pod Identity never serves pulls where ecr-role-arn names the Pod Identity role', async () => {
    const models = await status(plugin, 'models');
    expect(models.mechanisms).toEqual(['service-account-role']);
    expect(models.runtimeIdentities).toEqual(['pod-identity']);
    expect(codes(models.findings)).toEqual([
      'POD_IDENTITY_NOT_FOR_PULLS',
      'TRUST_POLICY_MISMATCH',
    ]);
    expect(models.health).toBe('error');
    // Its pods may not run on the tainted kubelet 1.33 nodes: the preflight passes for them.
    expect(codes(models.findings)).not.toContain(
      'CREDENTIAL_PROVIDER_NOT_READY',
    );
  });

  it('filters the audit by the new finding codes', async () => {
    const res = await plugin.get(
      '/audit?finding=CREDENTIAL_PROVIDER_NOT_READY',
    );
    expect(
      res.body.items.map((i: { entityRef: string }) => i.entityRef),
    ).toEqual(['component:default/checkout']);
  });
});

describe('nodes and node groups that cannot be read, over HTTP', () => {
  let plugin: Plugin;

  useSandbox({
    scenario: NODES_SCENARIO,
    started: async running => {
      await running.setFaults([
        {
          api: 'eks',
          operation: 'ListNodegroups',
          error: {
            status: 403,
            code: 'AccessDeniedException',
            message: 'not authorized to perform: eks:ListNodegroups',
          },
        },
        {
          api: 'kubernetes',
          cluster: 'tokens',
          operation: 'list:nodes',
          error: { status: 403, code: 'Forbidden' },
        },
      ]);
      plugin = await auditedBackend(running);
    },
    stopping: () => plugin?.backend.stop(),
    timeout: 60_000,
  });

  it('says the node role is unknown, never fine, and records why', async () => {
    const web = await status(plugin, 'web');
    expect(web.health).toBe('unknown');
    expect(web.findings).toContainEqual(
      expect.objectContaining({
        code: 'OBJECTS_NOT_READABLE',
        subject: 'cluster nodes',
        message: expect.stringContaining(
          'the EKS node groups of nodes could not be read and no nodeRoleArns are configured',
        ),
      }),
    );
    const runs = await plugin.get('/audit/runs');
    expect(JSON.stringify(runs.body)).toContain('EKS node groups');
  });

  it('says a token cluster whose Nodes cannot be listed may not pull with IRSA', async () => {
    const checkout = await status(plugin, 'checkout');
    expect(checkout.health).toBe('unknown');
    expect(checkout.mechanisms).toEqual(['service-account-role']);
    expect(checkout.summary).toMatch(/whether it can pull is unknown/);
    expect(codes(checkout.findings)).not.toContain(
      'CREDENTIAL_PROVIDER_NOT_READY',
    );
  });
});
