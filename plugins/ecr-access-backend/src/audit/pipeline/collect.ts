import type { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import type { ClusterConfig } from '@ecr-access/plugin-ecr-access-node';
import type {
  ClusterEndpoint,
  EcrAccessCluster,
} from '@ecr-access/plugin-ecr-access-node/clients';
import {
  ClusterCollection,
  collectCluster,
} from '../../collect/collectCluster';
import { collectForEntity } from '../../collect/collectForEntity';
import {
  createKubernetesGet,
  KubernetesClientOptions,
} from '../../collect/kubernetesClient';
import { AuditScope, nothingToRead } from './scope';

/** How the pipeline reaches each cluster's API server. */
export interface ClusterConnections {
  /** The Kubernetes plugin's details of each cluster, by name. */
  kubernetesClusters: Map<string, ClusterDetails>;
  resolveEndpoint(details: ClusterDetails): Promise<ClusterEndpoint>;
  /** The request bound and what to read (`ecrAccess.kubernetes`). */
  kubernetes?: KubernetesClientOptions;
}

/** The engine's view of a configured cluster, before any AWS fact is read. */
function engineConfig(cluster: EcrAccessCluster): ClusterConfig {
  return {
    name: cluster.name,
    accountId: cluster.accountId,
    region: cluster.region,
    partition: cluster.partition,
    oidcIssuer: cluster.oidcIssuer,
    imagePullAuth: cluster.imagePullAuth,
    nodeRoleArns: cluster.nodeRoleArns,
    ...(cluster.fargate && { fargate: cluster.fargate }),
  };
}

async function endpointOf(
  connections: ClusterConnections,
  cluster: EcrAccessCluster,
): Promise<ClusterEndpoint> {
  const details = connections.kubernetesClusters.get(cluster.name);
  if (!details) {
    throw new Error(
      `no cluster named '${cluster.name}' in kubernetes.clusterLocatorMethods`,
    );
  }
  return connections.resolveEndpoint(details);
}

/**
 * Stage 1, collect: the cluster's Kubernetes objects for the scope. The whole cluster with
 * one paginated LIST per kind (`collectCluster`), or one entity's workloads by label selector
 * and what they use (`collectForEntity`). Throws when the cluster cannot be read; a kind that
 * cannot be read is an error of the collection, and degrades the findings that need it.
 * `signal` (the scheduler's) stops further requests. A scope with nothing to read (an
 * unparsable selector) gets an empty collection, without a request.
 */
export async function collect(
  connections: ClusterConnections,
  cluster: EcrAccessCluster,
  scope: AuditScope,
  signal?: AbortSignal,
): Promise<ClusterCollection> {
  if (nothingToRead(scope)) {
    return {
      snapshot: { cluster: engineConfig(cluster), forbidden: {} },
      requests: 0,
      errors: [],
    };
  }
  const endpoint = await endpointOf(connections, cluster);
  const get = createKubernetesGet(endpoint, connections.kubernetes, signal);
  return scope.kind === 'cluster'
    ? collectCluster(engineConfig(cluster), get)
    : collectForEntity(engineConfig(cluster), get, scope.entity.selector, {
        knownNamespaces: scope.knownNamespaces?.[cluster.name],
      });
}
