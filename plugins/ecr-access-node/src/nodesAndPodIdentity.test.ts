import { classifyCluster } from './classify';
import { PolicyInput } from './policyDocument';
import {
  credentialProviderPreflight,
  preflightFor,
} from './credentialProvider';
import { NodeRolePlacement } from './nodeRolePlacement';
import { clusterNodeRoles, nodeRoleBreadth } from './nodeRoles';
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
} from './__fixtures__/classify.builders';
import {
  PULL_ONLY_POLICY,
  READ_ONLY_POLICY,
} from './__fixtures__/classify.nodes';
import {
  podIdentityTrust,
  POD_ROLE,
} from './__fixtures__/classify.podIdentity';

const tokenCluster = cluster({ imagePullAuth: 'service-account-token' });

describe('node role breadth', () => {
  const breadth = (policy: PolicyInput) =>
    nodeRoleBreadth(
      iam(role(NODE_ROLE, { managedPolicies: [policy] })),
      NODE_ROLE,
      'us-east-1',
    );

  it('is empty for AmazonEC2ContainerRegistryPullOnly and names every extra read of ReadOnly', () => {
    expect(breadth(PULL_ONLY_POLICY)).toEqual([]);
    expect(breadth(READ_ONLY_POLICY)).toEqual([
      expect.stringContaining('ecr:DescribeRepositories, ecr:ListImages'),
    ]);
  });

  it('reports ecr:* and writes (AmazonEC2ContainerRegistryPowerUser) but not one extra read', () => {
    const statement = (Action: string[] | string) => ({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action, Resource: '*' }],
    });
    expect(breadth(statement('ecr:*'))).toEqual([
      'every ECR action (ecr:* or *)',
    ]);
    expect(breadth(statement(['ecr:BatchGetImage', 'ecr:PutImage']))).toEqual([
      'writes (ecr:PutImage)',
    ]);
    expect(
      breadth(statement(['ecr:BatchGetImage', 'ecr:DescribeRepositories'])),
    ).toEqual([]);
  });

  it('is undefined, not "narrow", for a role that was not read or does not exist', () => {
    expect(nodeRoleBreadth({ roles: [] }, NODE_ROLE, 'us-east-1')).toBe(
      undefined,
    );
    expect(
      nodeRoleBreadth(
        iam(role(NODE_ROLE, { exists: false })),
        NODE_ROLE,
        'us-east-1',
      ),
    ).toBe(undefined);
  });
});

describe('node roles of a cluster', () => {
  it('joins configured roles and node groups, naming where each was found', () => {
    const group = `arn:aws:iam::${ACCT}:role/ng`;
    const roles = clusterNodeRoles(
      snapshot({
        nodeGroups: [
          { name: 'b', nodeRoleArn: NODE_ROLE },
          { name: 'a', nodeRoleArn: group },
          { name: 'broken' } as never,
        ],
      }),
      iam(role(group, { managedPolicies: [READ_ONLY_POLICY] })),
    );
    expect(roles).toEqual({
      arns: [NODE_ROLE, group],
      sources: {
        [NODE_ROLE]: ['config', 'node group b'],
        [group]: ['node group a'],
      },
      tooBroad: [
        expect.objectContaining({
          code: 'NODE_ROLE_TOO_BROAD',
          subject: `IAM role ${group}`,
          message: expect.stringContaining('(node group a) of prod-use1'),
        }),
      ],
      placement: expect.any(NodeRolePlacement),
    });
  });
});

describe('node roles from instance profiles (nodes in no managed node group)', () => {
  const karpenter = `arn:aws:iam::${ACCT}:role/eks-node-karpenter-prod`;

  it('names the instance profile and its nodes as the source, briefly', () => {
    const roles = clusterNodeRoles(
      snapshot({
        cluster: cluster({ nodeRoleArns: [] }),
        nodeInstanceProfiles: [
          {
            name: 'KarpenterNodeInstanceProfile',
            roleArns: [karpenter],
            nodes: ['ip-10-0-3-5.ec2.internal'],
          },
          {
            name: 'self-managed',
            roleArns: [NODE_ROLE],
            nodes: ['a', 'b', 'c', 'd'],
          },
          { roleArns: [NODE_ROLE] } as never,
        ],
      }),
      iam(role(karpenter, { managedPolicies: [READ_ONLY_POLICY] })),
    );
    expect(roles.arns).toEqual([karpenter, NODE_ROLE]);
    expect(roles.sources).toEqual({
      [karpenter]: [
        'instance profile KarpenterNodeInstanceProfile (node ip-10-0-3-5.ec2.internal)',
      ],
      [NODE_ROLE]: ['instance profile self-managed (4 nodes)'],
    });
    expect(roles.unknown).toBeUndefined();
    expect(roles.tooBroad).toEqual([
      expect.objectContaining({
        code: 'NODE_ROLE_TOO_BROAD',
        message: expect.stringContaining(
          '(instance profile KarpenterNodeInstanceProfile (node ip-10-0-3-5.ec2.internal))',
        ),
      }),
    ]);
  });

  it('says the roles of nodes whose profile could not be read are unknown, with why, even beside configured roles', () => {
    const roles = clusterNodeRoles(
      snapshot({
        nodeInstanceProfilesUnread: [
          {
            nodes: ['x', 'y'],
            reason: 'ec2:DescribeInstances: UnauthorizedOperation',
          },
        ],
      }),
      iam(),
    );
    expect(roles.arns).toEqual([NODE_ROLE]);
    expect(roles.unknown).toBe(
      'the instance profiles of 2 nodes: x, y (in no managed node group) of prod-use1 could not be read (ec2:DescribeInstances: UnauthorizedOperation)',
    );
  });
});

describe('credential provider preflight', () => {
  const preflight = (
    over: Parameters<typeof snapshot>[0],
    sa = 'web',
    podSpec = {},
  ) =>
    preflightFor(
      credentialProviderPreflight(snapshot({ cluster: tokenCluster, ...over })),
      sa,
      podSpec,
    );

  it('passes with the Kubernetes docs RBAC and kubelets of 1.34 and later (1.35 too)', () => {
    expect(
      preflight({ nodes: [node('a'), node('b', 'v1.35.0-eks-1')] }).state,
    ).toBe('ready');
  });

  it('leaves Fargate nodes out: their pods pull with the pod execution role', () => {
    const fargate = node('fargate-ip-10-0-9-9', 'v1.30.0-eks-1', {
      labels: { 'eks.amazonaws.com/compute-type': 'fargate' },
    });
    expect(preflight({ nodes: [node('a'), fargate] }).state).toBe('ready');
  });

  it('is unknown for a kubelet version it cannot read, and for a cluster without EC2 nodes', () => {
    const odd = { metadata: { name: 'odd' }, status: { nodeInfo: {} } };
    expect(preflight({ nodes: [node('a'), odd] })).toMatchObject({
      state: 'unknown',
      unknowns: ['the kubelet version of node odd is not readable'],
    });
    expect(preflight({ nodes: [] }).state).toBe('unknown');
  });

  it('counts only the nodes the pod may run on: nodeSelector and untolerated taints', () => {
    const old = node('old', 'v1.33.1-eks-1', {
      labels: { 'eks.amazonaws.com/nodegroup': 'legacy' },
      taints: [{ key: 'legacy', value: 'true', effect: 'NoSchedule' }],
    });
    const nodes = [node('a'), old];
    expect(preflight({ nodes }).state).toBe('ready');
    const tolerates = {
      tolerations: [{ key: 'legacy', operator: 'Exists' }],
    };
    expect(preflight({ nodes }, 'web', tolerates)).toMatchObject({
      state: 'not-ready',
      problems: ['kubelets older than 1.34 on old (v1.33)'],
    });
    const pinned = {
      ...tolerates,
      nodeSelector: { 'eks.amazonaws.com/nodegroup': 'default' },
    };
    expect(preflight({ nodes }, 'web', pinned).state).toBe('ready');
  });

  it('accepts a wildcard grant and limits a resourceNames grant to those ServiceAccounts', () => {
    const withRole = (rule: object) => ({
      ...snapshot({ cluster: tokenCluster }),
      clusterRoles: [{ ...AUDIENCE_ROLE, rules: [rule] }],
      clusterRoleBindings: [AUDIENCE_BINDING],
    });
    const check = (rule: object, sa: string) =>
      preflightFor(credentialProviderPreflight(withRole(rule)), sa, {}).state;
    expect(
      check({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, 'web'),
    ).toBe('ready');
    const limited = {
      ...AUDIENCE_ROLE.rules[0],
      resourceNames: ['registry-access-sa'],
    };
    expect(check(limited, 'registry-access-sa')).toBe('ready');
    expect(check(limited, 'web')).toBe('not-ready');
    // Another audience is not sts.amazonaws.com.
    expect(
      check(
        { ...AUDIENCE_ROLE.rules[0], resources: ['my-registry-audience'] },
        'web',
      ),
    ).toBe('not-ready');
  });

  it('is unknown when cluster RBAC cannot be listed', () => {
    expect(preflight({ forbidden: { clusterRoleBindings: true } }).state).toBe(
      'unknown',
    );
  });

  it('is unknown, not a false error, when cluster RBAC was not read at all', () => {
    // A snapshot built without the cluster-wide RBAC lists (absent, not listed and empty).
    const unread = (omit: 'clusterRoles' | 'clusterRoleBindings') => {
      const s = snapshot({ cluster: tokenCluster });
      delete s[omit];
      return preflightFor(credentialProviderPreflight(s), 'web', {});
    };
    for (const omit of ['clusterRoles', 'clusterRoleBindings'] as const) {
      expect(unread(omit)).toEqual({
        state: 'unknown',
        problems: [],
        unknowns: [
          expect.stringContaining(
            'ClusterRoles or ClusterRoleBindings could not be listed in prod-use1',
          ),
        ],
      });
    }
    // Listed and empty is still the problem it was.
    const empty = {
      ...snapshot({ cluster: tokenCluster }),
      clusterRoles: [],
      clusterRoleBindings: [],
    };
    expect(
      preflightFor(credentialProviderPreflight(empty), 'web', {}).state,
    ).toBe('not-ready');
  });

  it('is not asked of node-role clusters', () => {
    const s = snapshot({ nodes: [node('old', 'v1.20.0')] });
    expect(preflightFor(credentialProviderPreflight(s), 'web', {}).state).toBe(
      'ready',
    );
  });
});

describe('Pod Identity trust, with the conditions of the EKS User Guide', () => {
  const withTrust = (condition: object) => {
    const trust = podIdentityTrust();
    (trust.Statement[0] as Record<string, unknown>).Condition = condition;
    return classifyCluster(
      snapshot({
        podIdentityAssociations: [
          { namespace: 'shop', serviceAccount: 'web', roleArn: POD_ROLE },
        ],
        serviceAccounts: [serviceAccount()],
        deployments: [deployment({ sa: 'web' })],
      }),
      iam(role(POD_ROLE, { trustPolicy: trust as never })),
      NOW,
    )[0].findings.map(f => f.code);
  };
  const clusterArn = `arn:aws:eks:us-east-1:${ACCT}:cluster/prod-use1`;

  it('admits the association when aws:SourceAccount and aws:SourceArn name this cluster', () => {
    expect(
      withTrust({
        StringEquals: { 'aws:SourceAccount': ACCT },
        ArnEquals: { 'aws:SourceArn': clusterArn },
      }),
    ).toEqual([]);
  });

  it('refuses it when aws:SourceArn names another cluster', () => {
    expect(
      withTrust({ ArnEquals: { 'aws:SourceArn': `${clusterArn}-other` } }),
    ).toEqual(['POD_IDENTITY_TRUST_MISMATCH']);
  });

  it('leaves a condition on the pod name undecided, never allowed', () => {
    expect(
      withTrust({
        StringEquals: { 'aws:RequestTag/kubernetes-pod-name': 'web-0' },
      }),
    ).toEqual(['CONDITION_UNDECIDED']);
  });
});
