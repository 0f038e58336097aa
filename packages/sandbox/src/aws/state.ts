import { createHash } from 'node:crypto';
import {
  clusterIssuer,
  fargateProfilesOf,
  ecrHost,
  iamUniqueId,
  oidcProviderArn,
  repositoryArn,
  roleArn,
} from '../scenario/derived';
import {
  PolicyDocumentInput,
  Scenario,
  ScenarioAccount,
  ScenarioRole,
} from '../scenario/schema';
import { parseDurationMs, resolveTime } from '../time';
import { addNodeInstances } from './ec2State';
import { AWS_MANAGED_POLICIES } from './managedPolicies';
import { AwsAccount, AwsState, EksCluster, ManagedPolicy } from './model';

/** Builds the simulated AWS accounts from a scenario. */
export function buildAwsState(
  scenario: Scenario,
  now: Date,
  clock: () => Date,
): AwsState {
  const state: AwsState = {
    accounts: new Map(),
    awsManagedPolicies: new Map(),
    clusters: [],
    instances: new Map(),
    credentials: new Map(),
    defaultAccount:
      scenario.accounts[0]?.id ??
      scenario.clusters[0]?.account ??
      '123456789012',
    propagationMs: parseDurationMs(scenario.iamPropagation),
    strictCredentials: scenario.strictCredentials,
    clock,
  };
  addAwsManagedPolicies(state);
  const accountSpecs = accountsOf(scenario);
  for (const spec of accountSpecs) {
    state.accounts.set(spec.id, emptyAccount(spec.id));
    for (const credential of spec.credentials) {
      state.credentials.set(credential.accessKeyId, {
        account: spec.id,
        arn: `arn:aws:iam::${spec.id}:user/${credential.user}`,
        userId: iamUniqueId('AIDA', `${spec.id}/${credential.user}`),
      });
    }
  }
  // Repositories first: `ecrPull` policy shortcuts refer to them by name.
  for (const spec of accountSpecs) addRepositories(state, spec, now);
  for (const spec of accountSpecs) addPullThroughCacheRules(state, spec, now);
  for (const spec of accountSpecs) addPolicies(state, spec, now);
  addClusters(state, scenario, now);
  addNodeInstances(state, scenario, now);
  for (const spec of accountSpecs) {
    addOidcProviders(state, spec, scenario, now);
    for (const role of spec.roles) addRole(state, spec.id, role, scenario, now);
  }
  return state;
}

function addAwsManagedPolicies(state: AwsState) {
  for (const policy of AWS_MANAGED_POLICIES) {
    const arn = `arn:aws:iam::aws:policy${policy.path}${policy.name}`;
    state.awsManagedPolicies.set(arn, {
      ...policy,
      arn,
      policyId: iamUniqueId('ANPA', arn),
      createDate: new Date('2015-05-29T00:00:00Z'),
      updateDate: new Date('2023-11-01T00:00:00Z'),
      awsManaged: true,
    });
  }
}

/** The scenario's accounts, plus an empty one for each cluster account it does not list. */
function accountsOf(scenario: Scenario): ScenarioAccount[] {
  const specs = new Map<string, ScenarioAccount>();
  for (const account of scenario.accounts) specs.set(account.id, account);
  for (const cluster of scenario.clusters) {
    if (!specs.has(cluster.account)) {
      specs.set(cluster.account, {
        id: cluster.account,
        credentials: [],
        roles: [],
        policies: [],
        oidcProviders: [],
        repositories: [],
        pullThroughCacheRules: [],
        registryPolicies: [],
      });
    }
  }
  return [...specs.values()];
}

function emptyAccount(id: string): AwsAccount {
  return {
    id,
    roles: new Map(),
    instanceProfiles: new Map(),
    policies: new Map(),
    oidcProviders: new Map(),
    repositories: new Map(),
    pullThroughCacheRules: [],
    registryPolicies: new Map(),
  };
}

function addRepositories(state: AwsState, spec: ScenarioAccount, now: Date) {
  const account = state.accounts.get(spec.id)!;
  for (const repo of spec.repositories) {
    const arn = repositoryArn(spec.id, repo.region, repo.name);
    let policy = repo.policy ? resolvePolicy(state, repo.policy) : undefined;
    if (!policy && repo.allowPullFrom) {
      policy = JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AllowCrossAccountPull',
            Effect: 'Allow',
            Principal: {
              AWS: repo.allowPullFrom.map(id => `arn:aws:iam::${id}:root`),
            },
            Action: [
              'ecr:BatchGetImage',
              'ecr:GetDownloadUrlForLayer',
              'ecr:BatchCheckLayerAvailability',
            ],
          },
        ],
      });
    }
    account.repositories.set(`${repo.region}/${repo.name}`, {
      name: repo.name,
      region: repo.region,
      account: spec.id,
      arn,
      uri: `${ecrHost(spec.id, repo.region)}/${repo.name}`,
      createdAt: resolveTime(repo.createdAt, now),
      policy,
    });
  }
}

function addPullThroughCacheRules(
  state: AwsState,
  spec: ScenarioAccount,
  now: Date,
) {
  const account = state.accounts.get(spec.id)!;
  for (const rule of spec.pullThroughCacheRules) {
    account.pullThroughCacheRules.push({
      ...rule,
      account: spec.id,
      createdAt: resolveTime(rule.createdAt, now),
    });
  }
  for (const { region, policy } of spec.registryPolicies) {
    account.registryPolicies.set(region, resolvePolicy(state, policy));
  }
}

/** Turns a scenario policy (JSON text, object or `ecrPull` shortcut) into IAM's JSON text. */
function resolvePolicy(state: AwsState, input: PolicyDocumentInput): string {
  if (typeof input === 'string') return input;
  if ('ecrPull' in input && Array.isArray(input.ecrPull)) {
    const resources = (input.ecrPull as string[]).flatMap(ref => {
      if (ref === '*' || ref.startsWith('arn:')) return [ref];
      const matches = [...state.accounts.values()]
        .flatMap(a => [...a.repositories.values()])
        .filter(r => r.name === ref);
      if (matches.length === 0)
        throw new Error(
          `ecrPull: no repository named "${ref}" in the scenario`,
        );
      return matches.map(r => r.arn);
    });
    // ecr:GetAuthorizationToken cannot be scoped to a repository (ECR user guide).
    return JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'EcrAuth',
          Effect: 'Allow',
          Action: 'ecr:GetAuthorizationToken',
          Resource: '*',
        },
        {
          Sid: 'EcrPull',
          Effect: 'Allow',
          Action: [
            'ecr:BatchGetImage',
            'ecr:GetDownloadUrlForLayer',
            'ecr:BatchCheckLayerAvailability',
          ],
          Resource: resources,
        },
      ],
    });
  }
  return JSON.stringify(input);
}

function addPolicies(state: AwsState, spec: ScenarioAccount, now: Date) {
  const account = state.accounts.get(spec.id)!;
  for (const policy of spec.policies) {
    const arn = `arn:aws:iam::${spec.id}:policy${policy.path}${policy.name}`;
    const created = resolveTime(policy.createdAt, now);
    const managed: ManagedPolicy = {
      name: policy.name,
      path: policy.path,
      arn,
      policyId: iamUniqueId('ANPA', arn),
      description: policy.description,
      document: resolvePolicy(state, policy.document),
      createDate: created,
      updateDate: created,
      awsManaged: false,
    };
    account.policies.set(arn, managed);
  }
}

/**
 * The cluster's managed node groups: `default` (its `nodes`) when the scenario names its
 * `nodeRole`, then its `nodeGroups`. A node group always has a role on EKS; a cluster without
 * a `nodeRole` stands for nodes EKS does not manage (self-managed, Karpenter).
 */
function nodeGroupsOf(cluster: Scenario['clusters'][number], now: Date) {
  const toArn = (role: string) =>
    role.startsWith('arn:') ? role : roleArn(cluster.account, '/', role);
  const groups = [
    ...(cluster.nodeRole
      ? [
          {
            name: 'default',
            nodeRole: cluster.nodeRole,
            nodes: cluster.nodes,
            kubeletVersion: undefined as string | undefined,
            taints: [] as Array<{
              key: string;
              value?: string;
              effect: string;
            }>,
          },
        ]
      : []),
    ...cluster.nodeGroups,
  ];
  return groups.map(g => ({
    name: g.name,
    arn: `arn:aws:eks:${cluster.region}:${cluster.account}:nodegroup/${
      cluster.name
    }/${g.name}/${createHash('sha1')
      .update(`${cluster.name}/${g.name}`)
      .digest('hex')
      .slice(0, 8)}-${createHash('sha1')
      .update(g.name)
      .digest('hex')
      .slice(0, 4)}`,
    nodeRoleArn: toArn(g.nodeRole),
    version: g.kubeletVersion ?? cluster.version,
    nodes: g.nodes,
    taints: g.taints,
    createdAt: resolveTime('200d ago', now),
  }));
}

function addClusters(state: AwsState, scenario: Scenario, now: Date) {
  for (const cluster of scenario.clusters) {
    const eks: EksCluster = {
      name: cluster.name,
      account: cluster.account,
      region: cluster.region,
      issuer: clusterIssuer(cluster),
      version: cluster.version,
      createdAt: resolveTime('400d ago', now),
      endpoint: '',
      fargateProfiles: fargateProfilesOf(cluster).map(profile => ({
        ...profile,
        arn: `arn:aws:eks:${cluster.region}:${cluster.account}:fargateprofile/${
          cluster.name
        }/${profile.name}/${createHash('sha1')
          .update(profile.name)
          .digest('hex')
          .slice(0, 36)}`,
        createdAt: resolveTime('200d ago', now),
      })),
      nodeGroups: nodeGroupsOf(cluster, now),
      podIdentityAssociations: cluster.podIdentityAssociations.map(a => {
        const associationId = `a-${createHash('sha1')
          .update(`${cluster.name}/${a.namespace}/${a.serviceAccount}`)
          .digest('hex')
          .slice(0, 17)}`;
        return {
          associationId,
          associationArn: `arn:aws:eks:${cluster.region}:${cluster.account}:podidentityassociation/${cluster.name}/${associationId}`,
          clusterName: cluster.name,
          namespace: a.namespace,
          serviceAccount: a.serviceAccount,
          roleArn: a.roleArn,
          createdAt: resolveTime('30d ago', now),
        };
      }),
    };
    state.clusters.push(eks);
  }
}

function addOidcProviders(
  state: AwsState,
  spec: ScenarioAccount,
  scenario: Scenario,
  now: Date,
) {
  const account = state.accounts.get(spec.id)!;
  const urls: Array<{ url: string; clientIds: string[]; createdAt: string }> =
    [];
  for (const cluster of scenario.clusters) {
    if (cluster.account === spec.id && cluster.oidcProvider) {
      urls.push({
        url: clusterIssuer(cluster),
        clientIds: ['sts.amazonaws.com'],
        createdAt: '300d ago',
      });
    }
  }
  for (const provider of spec.oidcProviders) {
    const cluster = scenario.clusters.find(c => c.name === provider.cluster);
    urls.push({
      url: provider.url ?? clusterIssuer(cluster!),
      clientIds: provider.clientIds,
      createdAt: provider.createdAt,
    });
  }
  for (const { url, clientIds, createdAt } of urls) {
    const arn = oidcProviderArn(spec.id, url);
    account.oidcProviders.set(arn, {
      arn,
      url: url.replace(/^https:\/\//, ''),
      clientIds,
      thumbprints: ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280'],
      createDate: resolveTime(createdAt, now),
      tags: new Map(),
    });
  }
}

/** The trust policy shortcuts of the scenario, written out as IAM documents. */
function trustDocument(
  account: string,
  trust: ScenarioRole['trust'],
  scenario: Scenario,
  state: AwsState,
): string {
  if ('document' in trust) return resolvePolicy(state, trust.document);
  if ('service' in trust) {
    return JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: trust.service },
          Action: 'sts:AssumeRole',
        },
      ],
    });
  }
  if ('podIdentity' in trust) {
    // EKS Pod Identity: the pods.eks.amazonaws.com service assumes the role and tags the session.
    return JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'pods.eks.amazonaws.com' },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
        },
      ],
    });
  }
  const statements = trust.irsa.map(entry => {
    const cluster = scenario.clusters.find(c => c.name === entry.cluster)!;
    const host = clusterIssuer(cluster).replace(/^https:\/\//, '');
    const subject = `system:serviceaccount:${entry.namespace}:${entry.serviceAccount}`;
    const wildcard = subject.includes('*');
    const condition: Record<string, Record<string, string>> = {
      [wildcard ? 'StringLike' : 'StringEquals']: {
        [`${host}:sub`]: subject,
        ...(entry.audience ? { [`${host}:aud`]: entry.audience } : {}),
      },
    };
    return {
      Effect: 'Allow',
      Principal: { Federated: oidcProviderArn(account, `https://${host}`) },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: condition,
    };
  });
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

function addRole(
  state: AwsState,
  accountId: string,
  role: ScenarioRole,
  scenario: Scenario,
  now: Date,
) {
  const arn = roleArn(accountId, role.path, role.name);
  const inline = new Map<string, string>();
  for (const [name, doc] of Object.entries(role.inlinePolicies))
    inline.set(name, resolvePolicy(state, doc));
  state.accounts.get(accountId)!.roles.set(role.name, {
    name: role.name,
    path: role.path,
    arn,
    roleId: iamUniqueId('AROA', arn),
    createDate: resolveTime(role.createdAt, now),
    description: role.description,
    trustPolicy: trustDocument(accountId, role.trust, scenario, state),
    inlinePolicies: inline,
    attachedPolicyArns: role.managedPolicies.map(p =>
      p.startsWith('arn:') ? p : `arn:aws:iam::aws:policy/${p}`,
    ),
    permissionsBoundaryArn: role.permissionsBoundary,
    tags: new Map(Object.entries(role.tags)),
    maxSessionDuration: 3600,
    visibleFrom: 0,
  });
}
