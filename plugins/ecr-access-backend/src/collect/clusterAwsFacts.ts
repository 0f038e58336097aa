import {
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  Nodegroup,
  DescribePodIdentityAssociationCommand,
  EKSClient,
  paginateListNodegroups,
  paginateListPodIdentityAssociations,
} from '@aws-sdk/client-eks';
import type {
  NodeGroup,
  PodIdentityAssociation,
} from '@ecr-access/plugin-ecr-access-node';
import pLimit from 'p-limit';
import { allPages } from './awsPages';
import type { CountOperation } from './roleFacts';

/** The cluster's OIDC issuer, from `eks:DescribeCluster`, when config does not give it. */
export async function describeIssuer(
  eks: EKSClient,
  clusterName: string,
  count: CountOperation,
): Promise<string | undefined> {
  count('eks:DescribeCluster');
  const { cluster } = await eks.send(
    new DescribeClusterCommand({ name: clusterName }),
  );
  return cluster?.identity?.oidc?.issuer;
}

/**
 * EKS Pod Identity associations of a cluster. The list answer has no role ARN, so each
 * association is described; a few at a time, since clusters have few of them.
 */
export async function readPodIdentityAssociations(
  eks: EKSClient,
  clusterName: string,
  count: CountOperation,
): Promise<PodIdentityAssociation[]> {
  const ids = await allPages(
    paginateListPodIdentityAssociations({ client: eks }, { clusterName }),
    () => count('eks:ListPodIdentityAssociations'),
    page =>
      (page.associations ?? []).flatMap(a =>
        a.associationId ? [a.associationId] : [],
      ),
  );
  const limit = pLimit(4);
  const described = await Promise.all(
    ids.map(associationId =>
      limit(async () => {
        count('eks:DescribePodIdentityAssociation');
        const { association } = await eks.send(
          new DescribePodIdentityAssociationCommand({
            clusterName,
            associationId,
          }),
        );
        return association;
      }),
    ),
  );
  return described.flatMap(a =>
    a?.namespace && a.serviceAccount && a.roleArn
      ? [
          {
            namespace: a.namespace,
            serviceAccount: a.serviceAccount,
            roleArn: a.roleArn,
          },
        ]
      : [],
  );
}

/**
 * A described node group as the engine reads it: which pods its nodes take (their labels and
 * taints) decides whose pulls its role serves.
 */
function nodeGroupOf(g: Nodegroup | undefined): NodeGroup[] {
  if (!g?.nodegroupName || !g.nodeRole) return [];
  const taints = (g.taints ?? []).flatMap(t =>
    t.key && t.effect
      ? [{ key: t.key, effect: t.effect, ...(t.value && { value: t.value }) }]
      : [],
  );
  return [
    {
      name: g.nodegroupName,
      nodeRoleArn: g.nodeRole,
      labels: g.labels ?? {},
      taints,
    },
  ];
}

/**
 * The cluster's EKS managed node groups and their node roles (`eks:ListNodegroups`, then
 * `eks:DescribeNodegroup` for each, since the list answer holds names only); once per cluster
 * and audit, a few at a time.
 */
export async function readNodeGroups(
  eks: EKSClient,
  clusterName: string,
  count: CountOperation,
): Promise<NodeGroup[]> {
  const names = await allPages(
    paginateListNodegroups({ client: eks }, { clusterName }),
    () => count('eks:ListNodegroups'),
    page => page.nodegroups ?? [],
  );
  const limit = pLimit(4);
  const described = await Promise.all(
    names.map(nodegroupName =>
      limit(async () => {
        count('eks:DescribeNodegroup');
        const { nodegroup } = await eks.send(
          new DescribeNodegroupCommand({ clusterName, nodegroupName }),
        );
        return nodegroup;
      }),
    ),
  );
  return described.flatMap(nodeGroupOf);
}
