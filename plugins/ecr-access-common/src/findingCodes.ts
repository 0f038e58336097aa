import { FindingSeverity } from './status';

/**
 * Every stable finding code. The first block is DESIGN.md's list; the next
 * four report malformed input and facts the engine could not decide; the next
 * check the nodes that pull and EKS Pod Identity (issue #20); then, that the
 * pulled repository exists; the last, that an entity read has workloads at all.
 *
 * @public
 */
export const FINDING_CODES = [
  'SECRET_EXPIRED',
  'SECRET_EXPIRES_SOON',
  'SECRET_REGISTRY_MISMATCH',
  'SECRET_MISSING',
  'REFRESHER_FAILING',
  'REFRESHER_TOO_SLOW',
  'SECRET_MASKED_BY_NODE_ROLE',
  'SA_MISSING',
  'SA_NOT_USED_BY_WORKLOAD',
  'ROLE_NOT_FOUND',
  'TRUST_POLICY_MISMATCH',
  'TRUST_POLICY_TOO_BROAD',
  'OIDC_PROVIDER_MISSING',
  'ROLE_LACKS_ECR_PULL',
  'POLICY_TOO_BROAD',
  'ECR_REGION_MISMATCH',
  'CROSS_ACCOUNT_NOT_ALLOWED',
  'IRSA_NOT_USED_FOR_PULLS',
  'CLUSTER_UNREACHABLE',
  'INPUT_MALFORMED',
  'CONDITION_UNDECIDED',
  'IAM_FACTS_MISSING',
  'SECRETS_NOT_READABLE',
  'OBJECTS_NOT_READABLE',
  'NODE_ROLE_TOO_BROAD',
  'CREDENTIAL_PROVIDER_NOT_READY',
  'POD_IDENTITY_TRUST_MISMATCH',
  'POD_IDENTITY_SHADOWED_BY_IRSA',
  'POD_IDENTITY_NOT_FOR_PULLS',
  'ECR_REPOSITORY_NOT_FOUND',
  'NO_WORKLOADS_FOUND',
] as const;

/** A stable finding code, one of {@link FINDING_CODES}. @public */
export type FindingCode = (typeof FINDING_CODES)[number];

/**
 * Catalog entry of a finding code: the default severity, a one-line title,
 * and what a platform engineer should do about it.
 *
 * @internal
 */
export interface FindingDefinition {
  /** The finding code. */
  code: FindingCode;
  /** Default severity. */
  severity: FindingSeverity;
  /** One-line title. */
  title: string;
  /** What a platform engineer should do about it. */
  remediation: string;
}

type Catalog = { [C in FindingCode]: Omit<FindingDefinition, 'code'> };

const CATALOG: Catalog = {
  SECRET_EXPIRED: {
    severity: 'error',
    title: 'The pull secret holds an expired ECR token',
    remediation:
      'ECR tokens live 12 hours. Replace the static secret with IRSA for pulls or the node role, or add a refresher (CronJob or External Secrets ECRAuthorizationToken) that rewrites it well within 12 hours.',
  },
  SECRET_EXPIRES_SOON: {
    severity: 'warning',
    title: 'The pull secret holds an ECR token that expires soon',
    remediation:
      'Nothing rewrites this token before its 12-hour life ends. Add a refresher or stop using a pull secret for ECR.',
  },
  SECRET_REGISTRY_MISMATCH: {
    severity: 'warning',
    title: "The pull secret has no entry for the image's registry",
    remediation:
      "The kubelet only uses a secret whose .dockerconfigjson auths key matches the image's registry host. Add an entry for that host or remove the unused secret.",
  },
  SECRET_MISSING: {
    severity: 'warning',
    title: 'A named pull secret does not exist',
    remediation:
      'The kubelet skips missing pull secrets and falls back to node credentials. Create the secret in the workload namespace or remove it from imagePullSecrets.',
  },
  REFRESHER_FAILING: {
    severity: 'error',
    title: 'The refresher of the pull secret is failing or suspended',
    remediation:
      'Check the refresher job logs, its credentials and RBAC; resume it if suspended. The token it writes expires 12 hours after the last success.',
  },
  REFRESHER_TOO_SLOW: {
    severity: 'error',
    title: 'The refresher runs less often than the 12-hour token life',
    remediation:
      'Schedule the refresher to run at least every 6 to 8 hours so the token is rewritten before it expires, with margin for a failed run.',
  },
  SECRET_MASKED_BY_NODE_ROLE: {
    severity: 'warning',
    title: 'The pull secret is broken but the node role hides it',
    remediation:
      'The kubelet tries the secret, fails, then pulls with its credential provider (the node role, or the ServiceAccount role where pulls use service-account tokens): pulls work silently and break where that credential cannot pull. Fix or remove the secret.',
  },
  SA_MISSING: {
    severity: 'error',
    title: 'The workload names a ServiceAccount that does not exist',
    remediation:
      'Pods cannot be created with a missing ServiceAccount. Create it in the workload namespace or fix serviceAccountName.',
  },
  SA_NOT_USED_BY_WORKLOAD: {
    severity: 'error',
    title: 'An IRSA ServiceAccount exists but the workload runs as another one',
    remediation:
      'Set spec.template.spec.serviceAccountName to the ServiceAccount that carries the eks.amazonaws.com role annotation (the workload often runs as "default").',
  },
  ROLE_NOT_FOUND: {
    severity: 'error',
    title: 'The IAM role named by the ServiceAccount does not exist',
    remediation:
      'Create the role or fix the ARN in the eks.amazonaws.com/role-arn or ecr-role-arn annotation.',
  },
  TRUST_POLICY_MISMATCH: {
    severity: 'error',
    title: "The role's trust policy does not admit this ServiceAccount",
    remediation:
      'The trust policy must federate this cluster\'s OIDC provider and require <issuer>:sub = "system:serviceaccount:<namespace>:<name>" with StringEquals.',
  },
  TRUST_POLICY_TOO_BROAD: {
    severity: 'warning',
    title: "The role's trust policy admits more than one ServiceAccount",
    remediation:
      'Use StringEquals on <issuer>:sub with the exact ServiceAccount and on <issuer>:aud = "sts.amazonaws.com"; never Principal "*".',
  },
  OIDC_PROVIDER_MISSING: {
    severity: 'error',
    title:
      "The cluster's OIDC provider is not registered in the role's account",
    remediation:
      "Create the IAM OIDC identity provider for the cluster's issuer in the account of the role (eksctl utils associate-iam-oidc-provider, or IAM CreateOpenIDConnectProvider).",
  },
  ROLE_LACKS_ECR_PULL: {
    severity: 'error',
    title: 'The role that pulls cannot pull this repository',
    remediation:
      'Grant ecr:GetAuthorizationToken on "*" and ecr:BatchGetImage and ecr:GetDownloadUrlForLayer on the repository ARN; check the permissions boundary. For a pull-through cache repository also ecr:BatchImportUpstreamImage (AmazonEC2ContainerRegistryPullOnly grants it), and ecr:CreateRepository on its name until the first pull has created it.',
  },
  POLICY_TOO_BROAD: {
    severity: 'warning',
    title: 'The pull role is allowed more than pulling its repositories',
    remediation:
      'Scope ecr:BatchGetImage and ecr:GetDownloadUrlForLayer to repository ARNs; drop ecr:* and write actions. Only ecr:GetAuthorizationToken needs Resource "*".',
  },
  ECR_REGION_MISMATCH: {
    severity: 'warning',
    title: "The image's ECR region differs from the cluster's",
    remediation:
      "Replicate the repository to the cluster's region (ECR replication) and pull from there: cross-region pulls cost transfer and fail with the other region.",
  },
  ECR_REPOSITORY_NOT_FOUND: {
    severity: 'error',
    title: "The image's ECR repository does not exist",
    remediation:
      'Fix the image reference (account, region, repository name) or create the repository and push the image. A pull-through cache creates its repositories on the first pull, which needs a cache rule for the prefix and ecr:CreateRepository and ecr:BatchImportUpstreamImage for the puller.',
  },
  NO_WORKLOADS_FOUND: {
    severity: 'unknown',
    title: "No workload of a kind the audit reads carries the entity's label",
    remediation:
      "Check the entity's backstage.io/kubernetes-id annotation (or backstage.io/kubernetes-label-selector) against the labels of its workloads, and its backstage.io/kubernetes-namespace. The audit reads Deployments, StatefulSets, DaemonSets, CronJobs, Jobs and Argo Rollouts; workloads of other kinds (Knative Services, KEDA ScaledJobs, bare Pods) are not checked, so how their images are pulled is unknown.",
  },
  CROSS_ACCOUNT_NOT_ALLOWED: {
    severity: 'error',
    title:
      "The repository policy of another account's repository does not allow the puller",
    remediation:
      'Add a repository policy statement that allows the pulling role (or its account) ecr:BatchGetImage and ecr:GetDownloadUrlForLayer.',
  },
  IRSA_NOT_USED_FOR_PULLS: {
    severity: 'info',
    title: "The ServiceAccount's IAM role does not authenticate image pulls",
    remediation:
      "Kubelets pull with the node role on this cluster. To pull with the workload's role, enable service-account-token credential providers and set eks.amazonaws.com/ecr-role-arn.",
  },
  CLUSTER_UNREACHABLE: {
    severity: 'unknown',
    title: 'The last audit could not reach the cluster',
    remediation:
      "Check the cluster's connection and credentials in kubernetes.clusterLocatorMethods; the status shown is the last known one.",
  },
  INPUT_MALFORMED: {
    severity: 'unknown',
    title: 'An input object could not be understood',
    remediation:
      'Fix the object named in the message (image reference, cron schedule, policy JSON or .dockerconfigjson).',
  },
  CONDITION_UNDECIDED: {
    severity: 'unknown',
    title: 'A policy condition could not be decided offline',
    remediation:
      'The answer depends on request context the engine does not have; verify with the IAM policy simulator.',
  },
  IAM_FACTS_MISSING: {
    severity: 'unknown',
    title: 'An AWS fact needed for the answer was not read',
    remediation:
      'Give the ecr-access backend read access (iam:GetRole, iam:ListRolePolicies, iam:GetRolePolicy, iam:ListAttachedRolePolicies, iam:GetPolicyVersion, iam:ListOpenIDConnectProviders, ecr:DescribeRepositories, ecr:GetRepositoryPolicy, ecr:DescribePullThroughCacheRules, ecr:GetRegistryPolicy) in that account, or configure the cluster issuer.',
  },
  SECRETS_NOT_READABLE: {
    severity: 'unknown',
    title: 'Secrets could not be listed in this cluster',
    remediation:
      'Allow the ecr-access service account to list Secrets metadata (metadata only, no data) so pull-secret ages can be checked.',
  },
  OBJECTS_NOT_READABLE: {
    severity: 'unknown',
    title: 'Objects needed for the answer could not be listed',
    remediation:
      'Allow the ecr-access service account to list ServiceAccounts, CronJobs, Roles, RoleBindings, ClusterRoles, ClusterRoleBindings, Nodes and ExternalSecrets, and the backend eks:ListNodegroups and eks:DescribeNodegroup where node roles come from node groups, and eks:ListFargateProfiles and eks:DescribeFargateProfile (or configure fargate.selectors) where pods may run on Fargate.',
  },
  NODE_ROLE_TOO_BROAD: {
    severity: 'warning',
    title: 'The node role may do more with ECR than pulling needs',
    remediation:
      'Every pod on the node can use the node role. Attach AmazonEC2ContainerRegistryPullOnly (ecr:GetAuthorizationToken, ecr:BatchGetImage, ecr:GetDownloadUrlForLayer) instead of AmazonEC2ContainerRegistryReadOnly, PowerUser or ecr:*, and drop other ECR reads and writes from the node role.',
  },
  CREDENTIAL_PROVIDER_NOT_READY: {
    severity: 'error',
    title:
      'The cluster is declared to pull with service-account tokens, but its nodes are not set up for it',
    remediation:
      'Service-account-token pulls (KEP-4412) need kubelet 1.34 or later on every node and a ClusterRole granting request-serviceaccounts-token-audience on sts.amazonaws.com bound to system:nodes. Upgrade the node groups and apply that RBAC, or declare imagePullAuth: node-role for the cluster.',
  },
  POD_IDENTITY_TRUST_MISMATCH: {
    severity: 'error',
    title:
      "The Pod Identity association's role does not trust pods.eks.amazonaws.com",
    remediation:
      'The role of an EKS Pod Identity association must trust the service principal pods.eks.amazonaws.com with both sts:AssumeRole and sts:TagSession; without either the pod gets no credentials. Fix the trust policy or the role named by the association.',
  },
  POD_IDENTITY_SHADOWED_BY_IRSA: {
    severity: 'info',
    title:
      'The ServiceAccount has both an IRSA role and a Pod Identity association',
    remediation:
      "The AWS SDKs' default credential chain tries web identity (IRSA) before the container credential provider (Pod Identity), so the pod uses the IRSA role. To finish a move to Pod Identity, remove the eks.amazonaws.com/role-arn annotation and restart the pods.",
  },
  POD_IDENTITY_NOT_FOR_PULLS: {
    severity: 'warning',
    title: 'A Pod Identity role is set up as if it served image pulls',
    remediation:
      "EKS Pod Identity serves the pod's own AWS calls, never the kubelet's pulls. Pull with the node role, or on service-account-token clusters with an IRSA role (eks.amazonaws.com/ecr-role-arn) that trusts the cluster's OIDC provider.",
  },
};

/**
 * The catalog entry of a finding code.
 *
 * @internal
 */
export function findingDefinition(code: FindingCode): FindingDefinition {
  return { code, ...CATALOG[code] };
}

/** Whether a value is a known finding code. @internal */
export function isFindingCode(value: unknown): value is FindingCode {
  return (
    typeof value === 'string' &&
    (FINDING_CODES as readonly string[]).includes(value)
  );
}
