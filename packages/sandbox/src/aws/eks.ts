import { AwsContext } from './context';
import { AwsError } from './errors';
import { EksCluster } from './model';

/**
 * EKS, REST-JSON: DescribeCluster (`GET /clusters/{name}`),
 * ListPodIdentityAssociations (`GET /clusters/{name}/pod-identity-associations`)
 * and DescribePodIdentityAssociation (`…/pod-identity-associations/{id}`).
 * Timestamps in the body are epoch seconds, the REST-JSON default.
 */
export interface EksResponse {
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
  const cluster = findCluster(ctx, name);
  const maxResults = Number(query.get('maxResults') ?? 100);
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) {
    throw new AwsError(
      'InvalidParameterException',
      'maxResults must be between 1 and 100',
      400,
    );
  }
  const namespace = query.get('namespace');
  const serviceAccount = query.get('serviceAccount');
  const all = cluster.podIdentityAssociations.filter(
    a =>
      (!namespace || a.namespace === namespace) &&
      (!serviceAccount || a.serviceAccount === serviceAccount),
  );
  const start = query.get('nextToken')
    ? Number(Buffer.from(query.get('nextToken')!, 'base64').toString())
    : 0;
  const page = all.slice(start, start + maxResults);
  const next =
    start + maxResults < all.length
      ? Buffer.from(String(start + maxResults)).toString('base64')
      : undefined;
  return {
    associations: page.map(a => ({
      clusterName: a.clusterName,
      namespace: a.namespace,
      serviceAccount: a.serviceAccount,
      associationArn: a.associationArn,
      associationId: a.associationId,
    })),
    ...(next ? { nextToken: next } : {}),
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

/** Routes an EKS REST request; undefined when the path is not one the sandbox serves. */
export function routeEks(
  ctx: AwsContext,
  method: string,
  url: URL,
): EksResponse | undefined {
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (method !== 'GET' || parts[0] !== 'clusters' || parts.length < 2)
    return undefined;
  const name = parts[1];
  if (parts.length === 2)
    return {
      operation: 'DescribeCluster',
      run: () => describeCluster(ctx, name),
    };
  if (parts[2] !== 'pod-identity-associations') return undefined;
  if (parts.length === 3) {
    return {
      operation: 'ListPodIdentityAssociations',
      run: () => listAssociations(ctx, name, url.searchParams),
    };
  }
  if (parts.length === 4) {
    return {
      operation: 'DescribePodIdentityAssociation',
      run: () => describeAssociation(ctx, name, parts[3]),
    };
  }
  return undefined;
}
