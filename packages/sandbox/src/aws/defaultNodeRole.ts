import { iamUniqueId, roleArn } from '../scenario/derived';
import { ScenarioCluster } from '../scenario/schema';
import { resolveTime } from '../time';
import { AwsAccount } from './model';

/*
 * The default nodes of a cluster whose scenario names no `nodeRole` stand for nodes EKS does
 * not manage, whose role the scenario does not state. On EKS every node still runs with an
 * instance profile ("Amazon EKS node IAM role": the requirement applies to managed node groups
 * and self-managed nodes alike; a kubelet without one cannot pull from ECR), so the sandbox
 * gives them the one a self-managed node group's CloudFormation stack creates,
 * `NodeInstanceProfile` holding `NodeInstanceRole`, with the policies that page names:
 * AmazonEKSWorkerNodePolicy, AmazonEC2ContainerRegistryPullOnly, and AmazonEKS_CNI_Policy
 * where the VPC CNI has no role of its own.
 */

/** IAM caps role and instance profile names at 64 characters. */
const MAX_NAME = 64;

/** The instance profile and role names of the cluster's default nodes without `nodeRole`. */
export function defaultNodeProfileOf(cluster: ScenarioCluster): {
  instanceProfile: string;
  role: string;
} {
  const stack = cluster.name.slice(0, MAX_NAME - '-NodeInstanceProfile'.length);
  return {
    instanceProfile: `${stack}-NodeInstanceProfile`,
    role: `${stack}-NodeInstanceRole`,
  };
}

const EC2_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: ['ec2.amazonaws.com'] },
      Action: 'sts:AssumeRole',
    },
  ],
});

const NODE_POLICIES = [
  'AmazonEKSWorkerNodePolicy',
  'AmazonEKS_CNI_Policy',
  'AmazonEC2ContainerRegistryPullOnly',
].map(name => `arn:aws:iam::aws:policy/${name}`);

/**
 * The ARN of the default nodes' role, added to the account's IAM unless it has a role of that
 * name already (a scenario role added later replaces it: the scenario's word wins).
 */
export function addDefaultNodeRole(
  account: AwsAccount,
  name: string,
  now: Date,
): string {
  const arn = roleArn(account.id, '/', name);
  if (!account.roles.has(name)) {
    account.roles.set(name, {
      name,
      path: '/',
      arn,
      roleId: iamUniqueId('AROA', arn),
      createDate: resolveTime('100d ago', now),
      description: 'Instance role of the nodes of a self-managed node group',
      trustPolicy: EC2_TRUST,
      inlinePolicies: new Map(),
      attachedPolicyArns: NODE_POLICIES,
      tags: new Map(),
      maxSessionDuration: 3600,
      visibleFrom: 0,
    });
  }
  return arn;
}
