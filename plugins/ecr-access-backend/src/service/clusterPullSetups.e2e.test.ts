import {
  TestDatabases,
  type TestDatabaseId,
} from '@backstage/backend-test-utils';
import {
  auditRunsResponseSchema,
  clusterPullSetupsResponseSchema,
  type ClusterPullSetupItem,
} from '@ecr-access/plugin-ecr-access-common';
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
} from '../collect/__fixtures__/nodesScenario';

jest.setTimeout(120_000);

// The clusters' pull set-ups (#20), end to end over HTTP: the plugin as installed audits the
// sandbox's two clusters at start-up (node groups, Nodes, ClusterRoles and Pod Identity read
// by the real collectors), stores each cluster's set-up with its run, and serves them on
// GET /audit/clusters; on both engines, and with a cluster down from start-up.
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const arn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

type Plugin = Awaited<ReturnType<typeof startAuditingBackend>>;

async function auditedBackend(
  sandbox: Sandbox,
  databaseId: TestDatabaseId,
): Promise<Plugin> {
  const plugin = await startAuditingBackend({
    sandbox,
    knex: await databases.init(databaseId),
    entities: nodesEntities(),
    // No node role in config: the node roles come from the EKS node groups alone.
    appConfig: { clusterFacts: () => ({ nodeRoleArns: [] }) },
  });
  await untilAudited(plugin.get, 2);
  return plugin;
}

/** The served body, after checking it is exactly the contract (no field more, at any depth). */
async function clusters(plugin: Plugin) {
  const res = await plugin.get('/audit/clusters');
  expect(res.status).toBe(200);
  expect(clusterPullSetupsResponseSchema.parse(res.body)).toEqual(res.body);
  return res.body as {
    items: ClusterPullSetupItem[];
    runtimeIdentities: Record<string, number>;
  };
}

const item = (body: { items: ClusterPullSetupItem[] }, cluster: string) =>
  body.items.find(i => i.cluster === cluster)!;

describe.each(databases.eachSupportedId())(
  'cluster pull set-ups over HTTP (%s)',
  databaseId => {
    describe('with both clusters up', () => {
      let plugin: Plugin;
      useSandbox({
        scenario: NODES_SCENARIO,
        started: async running => {
          plugin = await auditedBackend(running, databaseId);
        },
        stopping: () => plugin?.backend.stop(),
        timeout: 60_000,
      });

      it('serves each configured cluster, in config order, read and reachable', async () => {
        const body = await clusters(plugin);
        expect(body.items.map(i => i.cluster)).toEqual(['nodes', 'tokens']);
        for (const i of body.items) {
          expect(i.state).toMatchObject({ reachable: true });
          expect(i.readAt).toBe(i.state!.lastSuccessAt);
        }
      });

      it('shows the node roles from the node groups, with what the ReadOnly one allows beyond pulling', async () => {
        const nodes = item(await clusters(plugin), 'nodes').pullSetup!;
        expect(nodes.imagePullAuth).toBe('node-role');
        expect(nodes.credentialProvider).toBeUndefined();
        const roles = new Map(nodes.nodeRoles.map(r => [r.arn, r]));
        expect([...roles.keys()].sort()).toEqual([
          arn('eks-node-batch'),
          arn('eks-node-readonly'),
        ]);
        expect(roles.get(arn('eks-node-readonly'))).toEqual({
          arn: arn('eks-node-readonly'),
          sources: ['node group default'],
          beyondPulling: [expect.stringContaining('ecr:ListImages')],
        });
        // It cannot pull at all (ROLE_LACKS_ECR_PULL on the entities), but is no broader.
        expect(roles.get(arn('eks-node-batch'))!.beyondPulling).toEqual([]);
      });

      it("gives the token cluster's credential provider preflight, and its node role as narrow", async () => {
        const tokens = item(await clusters(plugin), 'tokens').pullSetup!;
        expect(tokens.imagePullAuth).toBe('service-account-token');
        expect(tokens.nodeRoles).toEqual([
          expect.objectContaining({
            arn: arn('eks-node-pullonly'),
            beyondPulling: [],
          }),
        ]);
        // For a pod that tolerates nothing: the tainted legacy nodes (kubelet 1.33) are not
        // where it runs; the RBAC the sandbox serves grants the audience. A pod tolerating
        // the taint may land there: told apart.
        expect(tokens.credentialProvider).toEqual({
          state: 'ready',
          problems: [],
          unknowns: [],
          onTaintedNodes: {
            state: 'not-ready',
            problems: [
              expect.stringMatching(
                /^kubelets older than 1\.34 on .*\(v1\.33\)$/,
              ),
            ],
            unknowns: [],
          },
        });
      });

      it('counts workloads per pull mechanism and runtime identity, and sums the runtime identities', async () => {
        const body = await clusters(plugin);
        expect(item(body, 'nodes').pullSetup!.workloads).toEqual({
          'node-role': { 'node-role': 1, 'pod-identity': 1, irsa: 1 },
        });
        // checkout's ecr-role-arn is not IRSA for pulls on a node of kubelet 1.33.
        expect(item(body, 'tokens').pullSetup!.workloads).toEqual({
          'node-role': { 'node-role': 1 },
          'service-account-role': { 'pod-identity': 1 },
        });
        expect(body.runtimeIdentities).toEqual({
          'node-role': 2,
          'pod-identity': 2,
          irsa: 1,
        });
      });

      it('keeps the set-up out of the runs and the tokens out of both', async () => {
        const runs = await plugin.get('/audit/runs');
        expect(auditRunsResponseSchema.parse(runs.body)).toEqual(runs.body);
        const served = JSON.stringify((await clusters(plugin)).items);
        for (const secret of ['nodes-token-123456', 'tokens-token-123456']) {
          expect(served).not.toContain(secret);
        }
      });
    });

    describe('with the token cluster down from start-up', () => {
      let plugin: Plugin;
      useSandbox({
        scenario: NODES_SCENARIO,
        started: async running => {
          await running.setFaults([
            { api: 'kubernetes', cluster: 'tokens', down: true },
          ]);
          plugin = await auditedBackend(running, databaseId);
        },
        stopping: () => plugin?.backend.stop(),
        timeout: 60_000,
      });

      it('says it is unreachable with no set-up, never a healthy one, and counts only what was read', async () => {
        const body = await clusters(plugin);
        const tokens = item(body, 'tokens');
        expect(tokens.pullSetup).toBeUndefined();
        expect(tokens.readAt).toBeUndefined();
        expect(tokens.state).toMatchObject({ reachable: false });
        expect(tokens.state!.unreachableSince).toEqual(expect.any(String));
        expect(tokens.state!.lastSuccessAt).toBeUndefined();
        // The reason, without the sandbox's address.
        expect(tokens.state!.error).toEqual(expect.any(String));
        expect(tokens.state!.error).not.toMatch(
          /127\.0\.0\.1|localhost|https?:/,
        );
        expect(item(body, 'nodes').state).toMatchObject({ reachable: true });
        expect(body.runtimeIdentities).toEqual({
          'node-role': 1,
          'pod-identity': 1,
          irsa: 1,
        });
      });
    });
  },
);
