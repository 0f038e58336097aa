import { AwsContext } from './context';
import { AwsError } from './errors';
import { EksCluster } from './model';

/**
 * EKS, REST-JSON: DescribeCluster (`GET /clusters/{name}`),
 * List/DescribePodIdentityAssociation(s) (`…/pod-identity-associations[/{id}]`)
 * List/DescribeFargateProfile(s) (`…/fargate-profiles[/{name}]`) and
 * ListNodegroups/DescribeNodegroup (`…/node-groups[/{name}]`).
 * Timestamps in the body are epoch seconds, the REST-JSON default.
 */
interface EksResponse {
  operation: string;
  run: () => unknown;
}

const epoch = (date: Date) => date.getTime() / 1000;

function notFound(message: string) {
  return new AwsError('ResourceNotFoundException', message, 404);
}

function findCluster(ctx: AwsContext, name: string): EksCluster {
  const cluster = ctx.state.clusters.find(
    c =>
      c.name === name &&
      c.account === ctx.caller.account &&
      c.region === ctx.region,
  );
  if (!cluster) throw notFound(`No cluster found for name: ${name}.`);
  return cluster;
}

function describeCluster(ctx: AwsContext, name: string) {
  const cluster = findCluster(ctx, name);
  return {
    cluster: {
      name: cluster.name,
      arn: `arn:aws:eks:${cluster.region}:${cluster.account}:cluster/${cluster.name}`,
      createdAt: epoch(cluster.createdAt),
      version: cluster.version,
      endpoint: cluster.endpoint,
      roleArn: `arn:aws:iam::${cluster.account}:role/eks-cluster-${cluster.name}`,
      identity: { oidc: { issuer: cluster.issuer } },
      status: 'ACTIVE',
      certificateAuthority: { data: '' },
      platformVersion: 'eks.1',
      accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' },
      tags: {},
    },
  };
}

function listAssociations(
  ctx: AwsContext,
  name: string,
  query: URLSearchParams,
) {
  const namespace = query.get('namespace');
  const serviceAccount = query.get('serviceAccount');
  const all = findCluster(ctx, name).podIdentityAssociations.filter(
    a =>
      (!namespace || a.namespace === namespace) &&
      (!serviceAccount || a.serviceAccount === serviceAccount),
  );
  const { page, nextToken } = paged(all, query);
  return {
    associations: page.map(a => ({
      clusterName: a.clusterName,
      namespace: a.namespace,
      serviceAccount: a.serviceAccount,
      associationArn: a.associationArn,
      associationId: a.associationId,
    })),
    ...(nextToken ? { nextToken } : {}),
  };
}

function describeAssociation(ctx: AwsContext, name: string, id: string) {
  const association = findCluster(ctx, name).podIdentityAssociations.find(
    a => a.associationId === id,
  );
  if (!association)
    throw notFound(
      `No Pod Identity Association found for association id: ${id}`,
    );
  return {
    association: {
      ...association,
      createdAt: epoch(association.createdAt),
      modifiedAt: epoch(association.createdAt),
      tags: {},
    },
  };
}

/** maxResults/nextToken paging of EKS list calls (the token is opaque to clients). */
function paged<T>(
  items: T[],
  query: URLSearchParams,
): { page: T[]; nextToken?: string } {
  const maxResults = Number(query.get('maxResults') ?? 100);
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) {
    throw new AwsError(
      'InvalidParameterException',
      'maxResults must be between 1 and 100',
      400,
    );
  }
  const token = query.get('nextToken');
  const start = token ? Number(Buffer.from(token, 'base64').toString()) : 0;
  const end = start + maxResults;
  return {
    page: items.slice(start, end),
    nextToken:
      end < items.length
        ? Buffer.from(String(end)).toString('base64')
        : undefined,
  };
}

function listFargateProfiles(
  ctx: AwsContext,
  name: string,
  query: URLSearchParams,
) {
  const { page, nextToken } = paged(
    findCluster(ctx, name).fargateProfiles,
    query,
  );
  return {
    fargateProfileNames: page.map(p => p.name),
    ...(nextToken ? { nextToken } : {}),
  };
}

function describeFargateProfile(
  ctx: AwsContext,
  name: string,
  profileName: string,
) {
  const profile = findCluster(ctx, name).fargateProfiles.find(
    p => p.name === profileName,
  );
  if (!profile)
    throw notFound(`No Fargate Profile found with name: ${profileName}.`);
  return {
    fargateProfile: {
      fargateProfileName: profile.name,
      fargateProfileArn: profile.arn,
      clusterName: name,
      createdAt: epoch(profile.createdAt),
      podExecutionRoleArn: profile.podExecutionRoleArn,
      subnets: [],
      // A selector without labels has no `labels` member in EKS's answer.
      selectors: profile.selectors.map(s => ({
        namespace: s.namespace,
        ...(Object.keys(s.labels).length ? { labels: s.labels } : {}),
      })),
      status: profile.status,
      tags: {},
    },
  };
}

function listNodegroups(ctx: AwsContext, name: string, query: URLSearchParams) {
  const { page, nextToken } = paged(findCluster(ctx, name).nodeGroups, query);
  return {
    nodegroups: page.map(g => g.name),
    ...(nextToken ? { nextToken } : {}),
  };
}

/** EKS spells taint effects NO_SCHEDULE, NO_EXECUTE, PREFER_NO_SCHEDULE. */
const EKS_TAINT_EFFECT: Record<string, string> = {
  NoSchedule: 'NO_SCHEDULE',
  NoExecute: 'NO_EXECUTE',
  PreferNoSchedule: 'PREFER_NO_SCHEDULE',
};

function describeNodegroup(ctx: AwsContext, name: string, groupName: string) {
  const group = findCluster(ctx, name).nodeGroups.find(
    g => g.name === groupName,
  );
  if (!group) throw notFound(`No node group found for name: ${groupName}.`);
  return {
    nodegroup: {
      nodegroupName: group.name,
      nodegroupArn: group.arn,
      clusterName: name,
      version: group.version,
      releaseVersion: `${group.version}.0-20261101`,
      createdAt: epoch(group.createdAt),
      modifiedAt: epoch(group.createdAt),
      status: 'ACTIVE',
      capacityType: 'ON_DEMAND',
      scalingConfig: {
        minSize: group.nodes,
        maxSize: Math.max(group.nodes, 1),
        desiredSize: group.nodes,
      },
      instanceTypes: ['m6i.large'],
      subnets: [],
      amiType: 'AL2023_x86_64_STANDARD',
      nodeRole: group.nodeRoleArn,
      labels: {},
      taints: group.taints.map(t => ({
        key: t.key,
        ...(t.value !== undefined ? { value: t.value } : {}),
        effect: EKS_TAINT_EFFECT[t.effect] ?? t.effect,
      })),
      health: { issues: [] },
      tags: {},
    },
  };
}

type EksRoute = (
  ctx: AwsContext,
  cluster: string,
  url: URL,
  id?: string,
) => unknown;

/** `<sub-collection>` → [list operation, describe operation]. */
const SUB_RESOURCES: Record<string, [string, EksRoute, string, EksRoute]> = {
  'pod-identity-associations': [
    'ListPodIdentityAssociations',
    (ctx, cluster, url) => listAssociations(ctx, cluster, url.searchParams),
    'DescribePodIdentityAssociation',
    (ctx, cluster, _url, id) => describeAssociation(ctx, cluster, id!),
  ],
  'node-groups': [
    'ListNodegroups',
    (ctx, cluster, url) => listNodegroups(ctx, cluster, url.searchParams),
    'DescribeNodegroup',
    (ctx, cluster, _url, id) => describeNodegroup(ctx, cluster, id!),
  ],
  'fargate-profiles': [
    'ListFargateProfiles',
    (ctx, cluster, url) => listFargateProfiles(ctx, cluster, url.searchParams),
    'DescribeFargateProfile',
    (ctx, cluster, _url, id) => describeFargateProfile(ctx, cluster, id!),
  ],
};

/** Routes an EKS REST request; undefined when the path is not one the sandbox serves. */
export function routeEks(
  ctx: AwsContext,
  method: string,
  url: URL,
): EksResponse | undefined {
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (method !== 'GET' || parts[0] !== 'clusters' || parts.length < 2)
    return undefined;
  const [, cluster, collection, id] = parts;
  if (parts.length === 2) {
    return {
      operation: 'DescribeCluster',
      run: () => describeCluster(ctx, cluster),
    };
  }
  const routes = SUB_RESOURCES[collection];
  if (!routes || parts.length > 4) return undefined;
  const [listOp, list, describeOp, describe] = routes;
  return id === undefined
    ? { operation: listOp, run: () => list(ctx, cluster, url) }
    : { operation: describeOp, run: () => describe(ctx, cluster, url, id) };
}
