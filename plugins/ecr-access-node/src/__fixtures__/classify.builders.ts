/* Builders of the Kubernetes objects and IAM facts used by the classifier fixtures. */
import { buildEcrPullPolicy, buildIrsaTrustPolicy } from '../policyBuilders';
import { ClusterConfig, ClusterSnapshot } from '../snapshot';
import { IamFacts, IamRoleFacts } from '../iamFacts';

export const NOW = new Date('2026-01-10T12:00:00Z');
export const ACCT = '111122223333';
export const OTHER_ACCT = '999988887777';
export const REGION = 'us-east-1';
export const ISSUER = 'https://oidc.eks.us-east-1.amazonaws.com/id/PROD1';
export const ISSUER_HOST = 'oidc.eks.us-east-1.amazonaws.com/id/PROD1';
export const REGISTRY = `${ACCT}.dkr.ecr.${REGION}.amazonaws.com`;
export const IMAGE = `${REGISTRY}/shop/web:1.4.2`;
export const REPO_ARN = `arn:aws:ecr:${REGION}:${ACCT}:repository/shop/web`;
export const NODE_ROLE = `arn:aws:iam::${ACCT}:role/eks-node`;
export const WEB_ROLE = `arn:aws:iam::${ACCT}:role/web-runtime`;
export const PULL_ROLE = `arn:aws:iam::${ACCT}:role/web-pull`;
export const ENTITY_LABELS = { 'backstage.io/kubernetes-id': 'web' };

export function hoursAgo(h: number): string {
  return new Date(NOW.getTime() - h * 3600_000).toISOString();
}

export function cluster(over: Partial<ClusterConfig> = {}): ClusterConfig {
  return {
    name: 'prod-use1',
    accountId: ACCT,
    region: REGION,
    oidcIssuer: ISSUER,
    imagePullAuth: 'node-role',
    nodeRoleArns: [NODE_ROLE],
    ...over,
  };
}

export function podSpec(opts: {
  sa?: string;
  image?: string;
  pullSecrets?: string[];
  initImage?: string;
  sidecarImage?: string;
}) {
  return {
    ...(opts.sa ? { serviceAccountName: opts.sa } : {}),
    ...(opts.pullSecrets
      ? { imagePullSecrets: opts.pullSecrets.map(name => ({ name })) }
      : {}),
    ...(opts.initImage
      ? { initContainers: [{ name: 'migrate', image: opts.initImage }] }
      : {}),
    containers: [
      { name: 'web', image: opts.image ?? IMAGE },
      ...(opts.sidecarImage
        ? [{ name: 'agent', image: opts.sidecarImage }]
        : []),
    ],
  };
}

export function deployment(
  opts: {
    name?: string;
    ns?: string;
    sa?: string;
    image?: string;
    pullSecrets?: string[];
    initImage?: string;
    sidecarImage?: string;
  } = {},
) {
  return {
    metadata: {
      name: opts.name ?? 'web',
      namespace: opts.ns ?? 'shop',
      labels: ENTITY_LABELS,
    },
    spec: {
      template: { metadata: { labels: ENTITY_LABELS }, spec: podSpec(opts) },
    },
  };
}

export function serviceAccount(
  opts: {
    name?: string;
    ns?: string;
    roleArn?: string;
    ecrRoleArn?: string;
    pullSecrets?: string[];
    labels?: Record<string, string>;
  } = {},
) {
  const annotations: Record<string, string> = {};
  if (opts.roleArn) annotations['eks.amazonaws.com/role-arn'] = opts.roleArn;
  if (opts.ecrRoleArn)
    annotations['eks.amazonaws.com/ecr-role-arn'] = opts.ecrRoleArn;
  return {
    metadata: {
      name: opts.name ?? 'web',
      namespace: opts.ns ?? 'shop',
      labels: opts.labels ?? ENTITY_LABELS,
      annotations,
    },
    ...(opts.pullSecrets
      ? { imagePullSecrets: opts.pullSecrets.map(name => ({ name })) }
      : {}),
  };
}

export function secret(opts: {
  name?: string;
  ns?: string;
  writtenHoursAgo: number;
  manager?: string;
  hosts?: string[];
  dockerConfigJson?: string;
  ownerEs?: string;
}) {
  return {
    type: 'kubernetes.io/dockerconfigjson',
    metadata: {
      name: opts.name ?? 'regcred',
      namespace: opts.ns ?? 'shop',
      creationTimestamp: hoursAgo(opts.writtenHoursAgo + 100),
      managedFields: [
        {
          manager: opts.manager ?? 'kubectl-create',
          operation: 'Update',
          time: hoursAgo(opts.writtenHoursAgo),
          // The write of the data: only an entry owning f:data dates the token.
          fieldsType: 'FieldsV1',
          fieldsV1: {
            'f:data': { '.': {}, 'f:.dockerconfigjson': {} },
            'f:type': {},
          },
        },
      ],
      ...(opts.ownerEs
        ? { ownerReferences: [{ kind: 'ExternalSecret', name: opts.ownerEs }] }
        : {}),
    },
    ...(opts.hosts ? { hosts: opts.hosts } : {}),
    ...(opts.dockerConfigJson !== undefined
      ? { dockerConfigJson: opts.dockerConfigJson }
      : {}),
  };
}

/** The classic regcred refresher: a CronJob that runs aws ecr get-login-password and kubectl. */
export function regcredCronJob(
  opts: {
    schedule?: string;
    suspend?: boolean;
    lastSuccessHoursAgo?: number;
    namesSecret?: boolean;
    sa?: string;
  } = {},
) {
  const args =
    opts.namesSecret === false
      ? ['refresh-all']
      : [
          'kubectl create secret docker-registry regcred --docker-server=$REGISTRY --docker-username=AWS --docker-password=$(aws ecr get-login-password) --dry-run=client -o yaml | kubectl apply -f -',
        ];
  return {
    metadata: {
      name: 'ecr-cred-helper',
      namespace: 'shop',
      creationTimestamp: hoursAgo(500),
    },
    spec: {
      schedule: opts.schedule ?? '0 */6 * * *',
      suspend: opts.suspend ?? false,
      jobTemplate: {
        spec: {
          template: {
            spec: {
              serviceAccountName: opts.sa ?? 'ecr-cred-helper',
              containers: [
                {
                  name: 'refresh',
                  image: 'public.ecr.aws/aws-cli/aws-cli:2',
                  command: ['/bin/sh', '-c'],
                  args,
                },
              ],
            },
          },
        },
      },
    },
    status:
      opts.lastSuccessHoursAgo === undefined
        ? {}
        : { lastSuccessfulTime: hoursAgo(opts.lastSuccessHoursAgo) },
  };
}

export function secretRole(
  opts: { resourceNames?: string[] } = { resourceNames: ['regcred'] },
) {
  return {
    metadata: { name: 'regcred-writer', namespace: 'shop' },
    rules: [
      {
        apiGroups: [''],
        resources: ['secrets'],
        ...(opts.resourceNames ? { resourceNames: opts.resourceNames } : {}),
        verbs: ['get', 'update', 'patch'],
      },
    ],
  };
}

export function secretRoleBinding(sa = 'ecr-cred-helper') {
  return {
    metadata: { name: 'regcred-writer', namespace: 'shop' },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: 'regcred-writer',
    },
    subjects: [{ kind: 'ServiceAccount', name: sa, namespace: 'shop' }],
  };
}

export function externalSecret(
  opts: { refreshInterval?: string; ready?: boolean; target?: string } = {},
) {
  return {
    metadata: { name: 'ecr-token', namespace: 'shop' },
    spec: {
      refreshInterval: opts.refreshInterval ?? '1h',
      target: {
        name: opts.target ?? 'regcred',
        template: { type: 'kubernetes.io/dockerconfigjson' },
      },
      dataFrom: [
        {
          sourceRef: {
            generatorRef: {
              apiVersion: 'generators.external-secrets.io/v1alpha1',
              kind: 'ECRAuthorizationToken',
              name: 'ecr-gen',
            },
          },
        },
      ],
    },
    status: {
      refreshTime: hoursAgo(0.5),
      conditions: [
        {
          type: 'Ready',
          status: opts.ready === false ? 'False' : 'True',
          message:
            opts.ready === false
              ? 'could not get ECR token: AccessDenied'
              : 'ok',
        },
      ],
    },
  };
}

export const NODE_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: [
        'ecr:GetAuthorizationToken',
        'ecr:BatchCheckLayerAvailability',
        'ecr:GetDownloadUrlForLayer',
        'ecr:BatchGetImage',
        'ecr:DescribeRepositories',
      ],
      Resource: '*',
    },
  ],
};

export function role(
  arn: string,
  over: Partial<IamRoleFacts> = {},
): IamRoleFacts {
  return { arn, exists: true, ...over };
}

export function irsaTrust(namespace = 'shop', sa = 'web') {
  return buildIrsaTrustPolicy({
    accountId: ACCT,
    issuer: ISSUER,
    namespace,
    serviceAccount: sa,
  });
}

export function pullPolicy(repos = [REPO_ARN]) {
  return buildEcrPullPolicy({ repositoryArns: repos });
}

/** IAM facts of the default world, with the roles replaced or added. */
export function iam(...roles: IamRoleFacts[]): IamFacts {
  const base = [
    role(NODE_ROLE, { managedPolicies: [NODE_POLICY] }),
    role(WEB_ROLE, {
      trustPolicy: irsaTrust(),
      inlinePolicies: [
        {
          Version: '2012-10-17',
          Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
        },
      ],
    }),
    role(PULL_ROLE, {
      trustPolicy: irsaTrust(),
      inlinePolicies: [pullPolicy()],
    }),
  ];
  const arns = new Set(roles.map(r => r.arn));
  return {
    roles: [...base.filter(r => !arns.has(r.arn)), ...roles],
    oidcProviders: { [ACCT]: [ISSUER_HOST] },
    repositories: [
      { accountId: ACCT, region: REGION, name: 'shop/web', exists: true },
    ],
  };
}

/**
 * The default IAM facts with `shop/web` in these regions of the account's registry instead:
 * `true` where the repository exists, `false` where DescribeRepositories says it does not.
 */
export function iamWithShopWebIn(regions: Record<string, boolean>): IamFacts {
  return {
    ...iam(),
    repositories: Object.entries(regions).map(([region, exists]) => ({
      accountId: ACCT,
      region,
      name: 'shop/web',
      exists,
      // The registry's pull-through cache rules were read, and none covers shop/web.
      pullThroughCachePrefix: null,
    })),
  };
}

/** A node as the collector keeps it: name, labels, kubelet version (and taints). */
export function node(
  name: string,
  kubeletVersion = 'v1.34.2-eks-113cf36',
  over: { labels?: Record<string, string>; taints?: unknown[] } = {},
) {
  return {
    metadata: {
      name,
      labels: { 'eks.amazonaws.com/nodegroup': 'default', ...over.labels },
    },
    ...(over.taints ? { spec: { taints: over.taints } } : {}),
    status: { nodeInfo: { kubeletVersion } },
  };
}

/** The RBAC of the Kubernetes docs' example: nodes may request sts.amazonaws.com tokens. */
export const AUDIENCE_ROLE = {
  metadata: { name: 'kubelet-credential-provider-audiences' },
  rules: [
    {
      verbs: ['request-serviceaccounts-token-audience'],
      apiGroups: [''],
      resources: ['sts.amazonaws.com'],
    },
  ],
};
export const AUDIENCE_BINDING = {
  metadata: { name: 'kubelet-credential-provider-audiences' },
  roleRef: {
    apiGroup: 'rbac.authorization.k8s.io',
    kind: 'ClusterRole',
    name: 'kubelet-credential-provider-audiences',
  },
  subjects: [
    {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Group',
      name: 'system:nodes',
    },
  ],
};

/**
 * A cluster's snapshot. A service-account-token cluster gets nodes and RBAC that pass the
 * credential provider's preflight unless the case gives its own.
 */
export function snapshot(over: Partial<ClusterSnapshot> = {}): ClusterSnapshot {
  const ready =
    over.cluster?.imagePullAuth === 'service-account-token'
      ? {
          nodes: [node('ip-10-0-1-10.ec2.internal')],
          clusterRoles: [...(over.clusterRoles ?? []), AUDIENCE_ROLE],
          clusterRoleBindings: [
            ...(over.clusterRoleBindings ?? []),
            AUDIENCE_BINDING,
          ],
        }
      : {};
  return {
    cluster: cluster(),
    deployments: [deployment()],
    serviceAccounts: [serviceAccount()],
    ...over,
    ...ready,
    ...(over.nodes && { nodes: over.nodes }),
  };
}
