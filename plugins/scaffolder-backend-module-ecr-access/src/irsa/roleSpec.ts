import {
  analyseTrust,
  buildEcrPullPolicy,
  buildIrsaTrustPolicy,
  canPullRepository,
  parsePolicy,
  pullPolicyBreadth,
} from '@ecr-access/plugin-ecr-access-node';
import type { ProvisioningConfig } from '../config/provisioningConfig';
import type { TargetCluster } from '../config/targetClusters';
import { iamRoleArn } from './roleName';

/** Name of the inline policy that holds the ECR pull permissions. */
export const PULL_POLICY_NAME = 'ecr-pull';
/** The tag that marks a role as created by this plugin. */
export const MANAGED_BY_TAG = {
  key: 'managed-by',
  value: 'backstage-ecr-access',
};
/** The tag that names the catalog entity a role serves. */
const ENTITY_REF_TAG = 'backstage.io/entity-ref';
/**
 * The tag whose value is the token of the scaffolder task that created the role: how a run
 * tells a role it made (its answer lost) from one another run of the same template made
 * meanwhile, which it must never roll back. Not part of the spec, so not compared on reuse.
 */
export const CREATED_BY_TASK_TAG = 'ecr-access.io/created-by-task';

/**
 * Everything about an IRSA role that provisioning decides, and that a second run must find
 * unchanged to reuse the role.
 */
export interface IrsaRoleSpec {
  roleName: string;
  path: string;
  arn: string;
  accountId: string;
  trustPolicy: Record<string, unknown>;
  pullPolicy: Record<string, unknown>;
  permissionsBoundaryArn?: string;
  tags: Record<string, string>;
}

/**
 * The role for one ServiceAccount of one cluster, from the engine's own builders.
 */
export function buildIrsaRoleSpec(opts: {
  cluster: TargetCluster;
  issuer: string;
  namespace: string;
  serviceAccount: string;
  roleName: string;
  repositoryArns: string[];
  entityRef: string;
  provisioning: ProvisioningConfig;
}): IrsaRoleSpec {
  const { cluster, provisioning } = opts;
  return {
    roleName: opts.roleName,
    path: provisioning.rolePath,
    accountId: cluster.accountId,
    arn: iamRoleArn({
      partition: cluster.partition,
      accountId: cluster.accountId,
      path: provisioning.rolePath,
      roleName: opts.roleName,
    }),
    trustPolicy: buildIrsaTrustPolicy({
      accountId: cluster.accountId,
      partition: cluster.partition,
      issuer: opts.issuer,
      namespace: opts.namespace,
      serviceAccount: opts.serviceAccount,
    }),
    pullPolicy: buildEcrPullPolicy({ repositoryArns: opts.repositoryArns }),
    ...(provisioning.permissionsBoundaryArn && {
      permissionsBoundaryArn: provisioning.permissionsBoundaryArn,
    }),
    tags: {
      ...provisioning.tags,
      [ENTITY_REF_TAG]: opts.entityRef,
      [MANAGED_BY_TAG.key]: MANAGED_BY_TAG.value,
    },
  };
}

/**
 * What the status engine would say is wrong with the role: the same checks that audit it
 * later (trust admits exactly this ServiceAccount, pull allowed on each repository and nothing
 * more). Provisioning refuses to create a role that would not pass them.
 */
export function engineProblems(
  spec: IrsaRoleSpec,
  subject: {
    partition: string;
    issuer: string;
    namespace: string;
    serviceAccount: string;
  },
  repositoryArns: string[],
): string[] {
  const problems: string[] = [];
  const trust = analyseTrust(spec.trustPolicy, {
    ...subject,
    accountId: spec.accountId,
  });
  if (trust.decision !== 'allow') {
    problems.push(
      `trust does not admit the ServiceAccount (${trust.decision})`,
    );
  }
  problems.push(...trust.problems.map(p => `trust: ${p.detail}`));
  const parsed = parsePolicy(spec.pullPolicy);
  if (!parsed.ok) return [...problems, `pull policy: ${parsed.error}`];
  const policies = { identity: [parsed.policy] };
  for (const arn of repositoryArns) {
    const pull = canPullRepository(policies, arn);
    if (pull.decision !== 'allow') {
      problems.push(`cannot pull ${arn}: missing ${pull.missing.join(', ')}`);
    }
    problems.push(...pullPolicyBreadth(policies, arn));
  }
  return [...new Set(problems)];
}
