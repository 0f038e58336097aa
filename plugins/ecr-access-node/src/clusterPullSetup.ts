import type {
  ClusterPullSetup,
  WorkloadStatus,
} from '@ecr-access/plugin-ecr-access-common';
import {
  CredentialProviderPreflight,
  credentialProviderPreflight,
  preflightFor,
} from './credentialProvider';
import { IamFacts, normalizeIamFacts } from './iamFacts';
import { clusterNodeRoles, nodeRoleBreadth } from './nodeRoles';
import { ClusterSnapshot } from './snapshot';

// The shape is -common's wire schema (the backend stores and serves it as it is): one
// definition for the engine, the store, the API and the frontend.
export type {
  ClusterNodeRole,
  ClusterPullSetup,
} from '@ecr-access/plugin-ecr-access-common';

/** A pod spec that tolerates every taint: the preflight over every EC2 node. */
const TOLERATES_EVERY_TAINT = { tolerations: [{ operator: 'Exists' }] };

function differs(
  a: CredentialProviderPreflight,
  b: CredentialProviderPreflight,
): boolean {
  return JSON.stringify(a) !== JSON.stringify(b);
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
  // A pod without tolerations or a node selector, and one that tolerates every taint (it may
  // land on any node); a grant limited to some ServiceAccounts is told apart.
  const anyServiceAccount = { ...cluster, serviceAccounts: undefined };
  const preflight = preflightFor(anyServiceAccount, '', undefined);
  const everyNode = preflightFor(anyServiceAccount, '', TOLERATES_EVERY_TAINT);
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
        ...(differs(everyNode, preflight) && { onTaintedNodes: everyNode }),
      },
    }),
    workloads,
  };
}
