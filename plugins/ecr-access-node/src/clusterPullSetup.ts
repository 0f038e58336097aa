import type {
  PullAuth,
  RuntimeIdentity,
  WorkloadStatus,
} from '@ecr-access/plugin-ecr-access-common';
import {
  credentialProviderPreflight,
  preflightFor,
} from './credentialProvider';
import { IamFacts, normalizeIamFacts } from './iamFacts';
import { clusterNodeRoles, nodeRoleBreadth } from './nodeRoles';
import { ClusterSnapshot, ImagePullAuthMode } from './snapshot';

/** One node role of a cluster, as its pull set-up shows it. @public */
export interface ClusterNodeRole {
  /** ARN of the role. */
  arn: string;
  /** Where it was found: `config`, `node group <name>`. */
  sources: string[];
  /**
   * What it may do with ECR beyond pulling (empty: as narrow as
   * AmazonEC2ContainerRegistryPullOnly); absent when the role was not read.
   */
  beyondPulling?: string[];
}

/**
 * A cluster's pull set-up at a glance (issue #20): how its kubelets pull, with which node
 * roles, whether its nodes are ready for service-account-token pulls, and its workloads'
 * runtime identities per pull mechanism, so that a move from IRSA to Pod Identity can be
 * followed. Computed by {@link clusterPullSetup}.
 *
 * @public
 */
export interface ClusterPullSetup {
  /** Cluster name. */
  cluster: string;
  /** The declared mode. */
  imagePullAuth: ImagePullAuthMode;
  /** The node roles, from config and node groups. */
  nodeRoles: ClusterNodeRole[];
  /** Why the node roles are unknown, when they are. */
  nodeRolesUnknown?: string;
  /** The credential provider's preflight, on service-account-token clusters only. */
  credentialProvider?: {
    /** `ready`, `not-ready` or `unknown`, for pods that may run on any node. */
    state: 'ready' | 'not-ready' | 'unknown';
    problems: string[];
    unknowns: string[];
    /** ServiceAccounts the nodes' audience grant is limited to (`resourceNames`). */
    limitedTo?: string[];
  };
  /** Workloads per pull mechanism (`pullAuth`) and runtime identity. */
  workloads: Partial<
    Record<PullAuth, Partial<Record<RuntimeIdentity, number>>>
  >;
}

/**
 * The pull set-up of one cluster from the snapshot and IAM facts its audit classified, and
 * the workload statuses the engine gave them. Pure, like the engine.
 *
 * @public
 */
export function clusterPullSetup(
  snapshot: ClusterSnapshot,
  iam: IamFacts,
  statuses: WorkloadStatus[],
): ClusterPullSetup {
  const facts = normalizeIamFacts(iam);
  const { name, region, imagePullAuth } = snapshot.cluster;
  const roles = clusterNodeRoles(snapshot, facts);
  const workloads: ClusterPullSetup['workloads'] = {};
  for (const s of statuses) {
    const byIdentity = (workloads[s.pullAuth] ??= {});
    byIdentity[s.runtimeIdentity] = (byIdentity[s.runtimeIdentity] ?? 0) + 1;
  }
  const cluster = credentialProviderPreflight(snapshot);
  // Any pod, on any node; a grant limited to some ServiceAccounts is told apart.
  const preflight = preflightFor(
    { ...cluster, serviceAccounts: undefined },
    '',
    undefined,
  );
  return {
    cluster: name,
    imagePullAuth,
    nodeRoles: roles.arns.map(arn => {
      const beyondPulling = nodeRoleBreadth(facts, arn, region);
      return {
        arn,
        sources: roles.sources[arn],
        ...(beyondPulling && { beyondPulling }),
      };
    }),
    ...(roles.unknown && { nodeRolesUnknown: roles.unknown }),
    ...(imagePullAuth === 'service-account-token' && {
      credentialProvider: {
        state: preflight.state,
        problems: preflight.problems,
        unknowns: preflight.unknowns,
        ...(cluster.serviceAccounts && { limitedTo: cluster.serviceAccounts }),
      },
    }),
    workloads,
  };
}
