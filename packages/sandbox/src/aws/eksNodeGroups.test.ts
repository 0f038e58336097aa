import {
  DescribeNodegroupCommand,
  ListNodegroupsCommand,
  paginateListNodegroups,
  ResourceNotFoundException,
} from '@aws-sdk/client-eks';
import { CoreV1Api, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { awsClients } from '../__testUtils__/awsClients';
import { kubeConfigFor } from '../__testUtils__/kubeClients';
import { smallScenario } from '../__fixtures__/smallScenario';
import { ScenarioInput } from '../scenario/schema';
import { Sandbox, startSandbox } from '../startSandbox';

/* The nodes that pull (#20): EKS managed node groups with their node roles, and the Nodes'
 * kubelet versions and taints, as the real EKS and Kubernetes clients read them. */

const [prod, edge] = smallScenario.clusters!;
const scenario: ScenarioInput = {
  ...smallScenario,
  clusters: [
    {
      ...prod,
      nodeRole: 'arn:aws:iam::111122223333:role/eks-node-prod',
      nodeGroups: [
        {
          name: 'legacy',
          nodeRole: 'arn:aws:iam::111122223333:role/eks-node-legacy',
          nodes: 1,
          kubeletVersion: '1.33',
          taints: [
            {
              key: 'legacy-kubelet',
              value: 'true',
              effect: 'NoSchedule' as const,
            },
          ],
        },
      ],
    },
    { ...edge, nodes: 1, credentialProviderRbac: false },
  ],
};

describe('EKS node groups and Nodes', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ scenario });
  });
  afterAll(() => sandbox.stop());

  it('lists node groups page by page and describes their node roles', async () => {
    const { eks } = awsClients(sandbox);
    const names: string[] = [];
    for await (const page of paginateListNodegroups(
      { client: eks, pageSize: 1 },
      { clusterName: 'prod' },
    )) {
      names.push(...(page.nodegroups ?? []));
    }
    expect(names).toEqual(['default', 'legacy']);
    const { nodegroup } = await eks.send(
      new DescribeNodegroupCommand({
        clusterName: 'prod',
        nodegroupName: 'legacy',
      }),
    );
    expect(nodegroup).toMatchObject({
      nodegroupName: 'legacy',
      nodeRole: 'arn:aws:iam::111122223333:role/eks-node-legacy',
      version: '1.33',
      status: 'ACTIVE',
      taints: [{ key: 'legacy-kubelet', value: 'true', effect: 'NO_SCHEDULE' }],
    });
    expect(nodegroup?.createdAt).toBeInstanceOf(Date);
    expect(nodegroup?.nodegroupArn).toMatch(
      /^arn:aws:eks:us-east-1:111122223333:nodegroup\/prod\/legacy\/[0-9a-f-]+$/,
    );
    const missing = await eks
      .send(
        new DescribeNodegroupCommand({
          clusterName: 'prod',
          nodegroupName: 'x',
        }),
      )
      .catch(e => e);
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
  });

  it('has no managed node group where the scenario names no node role', async () => {
    const { eks } = awsClients(sandbox, { region: 'eu-west-1' });
    const list = await eks.send(
      new ListNodegroupsCommand({ clusterName: 'edge' }),
    );
    expect(list.nodegroups).toEqual([]);
  });

  it('serves Nodes with their node group, kubelet version and taints', async () => {
    const core = kubeConfigFor(sandbox.clusters[0]).makeApiClient(CoreV1Api);
    const nodes = (await core.listNode()).items;
    const byGroup = (group: string) =>
      nodes.filter(
        n => n.metadata?.labels?.['eks.amazonaws.com/nodegroup'] === group,
      );
    expect(byGroup('default')).toHaveLength(2);
    const [legacy] = byGroup('legacy');
    expect(legacy.status?.nodeInfo?.kubeletVersion).toMatch(/^v1\.33\./);
    expect(legacy.spec?.taints).toEqual([
      { key: 'legacy-kubelet', value: 'true', effect: 'NoSchedule' },
    ]);
    expect(byGroup('default')[0].status?.nodeInfo?.kubeletVersion).toMatch(
      /^v1\.34\./,
    );
  });

  it('lets nodes request sts.amazonaws.com tokens on service-account-token clusters only', async () => {
    const bindingsOf = async (i: number) =>
      (
        await kubeConfigFor(sandbox.clusters[i])
          .makeApiClient(RbacAuthorizationV1Api)
          .listClusterRoleBinding()
      ).items.filter(b =>
        b.subjects?.some(s => s.kind === 'Group' && s.name === 'system:nodes'),
      );
    const [binding] = await bindingsOf(0);
    expect(binding.roleRef.name).toBe('kubelet-credential-provider-audiences');
    const role = await kubeConfigFor(sandbox.clusters[0])
      .makeApiClient(RbacAuthorizationV1Api)
      .readClusterRole({ name: binding.roleRef.name });
    expect(role.rules).toEqual([
      {
        verbs: ['request-serviceaccounts-token-audience'],
        apiGroups: [''],
        resources: ['sts.amazonaws.com'],
      },
    ]);
    expect(await bindingsOf(1)).toEqual([]);
  });
});
