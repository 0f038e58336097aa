import { classifyCluster } from './classify';
import { clusterPullSetup } from './clusterPullSetup';
import {
  ACCT,
  AUDIENCE_BINDING,
  AUDIENCE_ROLE,
  cluster,
  deployment,
  iam,
  node,
  NODE_ROLE,
  NOW,
  role,
  serviceAccount,
  snapshot,
  WEB_ROLE,
} from './__fixtures__/classify.builders';
import { READ_ONLY_POLICY } from './__fixtures__/classify.nodes';
import {
  podIdentityTrust,
  POD_ROLE,
} from './__fixtures__/classify.podIdentity';

const GROUP_ROLE = `arn:aws:iam::${ACCT}:role/eks-nodegroup-batch`;

describe('a cluster pull set-up', () => {
  it('lists node roles with their sources and breadth, and runtime identities per mechanism', () => {
    const s = snapshot({
      nodeGroups: [{ name: 'batch', nodeRoleArn: GROUP_ROLE }],
      serviceAccounts: [
        serviceAccount({ name: 'web' }),
        serviceAccount({ name: 'api', roleArn: WEB_ROLE }),
        serviceAccount({ name: 'jobs' }),
      ],
      podIdentityAssociations: [
        { namespace: 'shop', serviceAccount: 'web', roleArn: POD_ROLE },
        { namespace: 'shop', serviceAccount: 'jobs', roleArn: POD_ROLE },
      ],
      deployments: [
        deployment({ name: 'web', sa: 'web' }),
        deployment({ name: 'jobs', sa: 'jobs' }),
        deployment({ name: 'api', sa: 'api' }),
      ],
    });
    const facts = iam(
      role(GROUP_ROLE, { managedPolicies: [READ_ONLY_POLICY] }),
      role(POD_ROLE, { trustPolicy: podIdentityTrust() as never }),
    );
    const setup = clusterPullSetup(s, facts, classifyCluster(s, facts, NOW));
    expect(setup).toEqual({
      cluster: 'prod-use1',
      imagePullAuth: 'node-role',
      nodeRoles: [
        { arn: NODE_ROLE, sources: ['config'], beyondPulling: [] },
        {
          arn: GROUP_ROLE,
          sources: ['node group batch'],
          beyondPulling: [expect.stringContaining('ecr:ListImages')],
        },
      ],
      workloads: { 'node-role': { 'pod-identity': 2, irsa: 1 } },
    });
  });

  it('says a role that was not read is not known to be narrow', () => {
    const s = snapshot({ cluster: cluster({ nodeRoleArns: [GROUP_ROLE] }) });
    const setup = clusterPullSetup(s, iam(), []);
    expect(setup.nodeRoles).toEqual([{ arn: GROUP_ROLE, sources: ['config'] }]);
  });

  it('gives the preflight of a service-account-token cluster, with a limited grant told apart', () => {
    const token = cluster({ imagePullAuth: 'service-account-token' });
    const old = snapshot({
      cluster: token,
      nodes: [node('a'), node('b', 'v1.33.0-eks-1')],
    });
    expect(clusterPullSetup(old, iam(), []).credentialProvider).toEqual({
      state: 'not-ready',
      problems: ['kubelets older than 1.34 on b (v1.33)'],
      unknowns: [],
    });
    const limited = {
      ...snapshot({ cluster: token }),
      clusterRoles: [
        {
          ...AUDIENCE_ROLE,
          rules: [{ ...AUDIENCE_ROLE.rules[0], resourceNames: ['web'] }],
        },
      ],
      clusterRoleBindings: [AUDIENCE_BINDING],
    };
    expect(clusterPullSetup(limited, iam(), []).credentialProvider).toEqual({
      state: 'ready',
      problems: [],
      unknowns: [],
      limitedTo: ['web'],
    });
    expect(clusterPullSetup(snapshot(), iam(), []).credentialProvider).toBe(
      undefined,
    );
  });

  it('tells apart a tainted node group that only pods tolerating it reach', () => {
    const legacy = node('legacy', 'v1.33.2-eks-1', {
      taints: [{ key: 'legacy', value: 'true', effect: 'NoSchedule' }],
    });
    const s = snapshot({
      cluster: cluster({ imagePullAuth: 'service-account-token' }),
      nodes: [node('a'), legacy],
    });
    expect(clusterPullSetup(s, iam(), []).credentialProvider).toEqual({
      state: 'ready',
      problems: [],
      unknowns: [],
      onTaintedNodes: {
        state: 'not-ready',
        problems: ['kubelets older than 1.34 on legacy (v1.33)'],
        unknowns: [],
      },
    });
  });

  it('says node roles are unknown when node groups could not be read', () => {
    const s = snapshot({
      cluster: cluster({ nodeRoleArns: [] }),
      forbidden: { nodeGroups: true },
    });
    expect(clusterPullSetup(s, iam(), []).nodeRolesUnknown).toMatch(
      /node groups of prod-use1 could not be read/,
    );
  });
});
