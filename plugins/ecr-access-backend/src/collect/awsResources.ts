import {
  ClusterSnapshot,
  parseEcrHost,
  parseImageRef,
} from '@ecr-access/plugin-ecr-access-node';

/** The AWS things one audit has to read, each once. */
export interface ReferencedAwsResources {
  roleArns: Set<string>;
  /** Accounts whose IAM OIDC providers the trust checks need. */
  accounts: Set<string>;
  /** ECR repositories by `accountId/region/name`. */
  repositories: Map<
    string,
    { accountId: string; region: string; name: string }
  >;
}

// IRSA for the pod's own calls and, on clusters with service-account-token providers, for
// its pulls (KEP-4412): both annotations name roles whose trust and policies matter.
const ROLE_ANNOTATIONS = [
  'eks.amazonaws.com/role-arn',
  'eks.amazonaws.com/ecr-role-arn',
];

function containersOf(workload: unknown): unknown[] {
  const w = workload as any;
  // CronJobs nest the pod template one level deeper than the pod controllers.
  const spec =
    w?.spec?.jobTemplate?.spec?.template?.spec ?? w?.spec?.template?.spec;
  return [
    ...(Array.isArray(spec?.initContainers) ? spec.initContainers : []),
    ...(Array.isArray(spec?.containers) ? spec.containers : []),
  ];
}

function addRepository(image: unknown, found: ReferencedAwsResources) {
  const parsed = parseImageRef(image);
  if (!parsed.ok) return;
  const host = parseEcrHost(parsed.ref.registry);
  if (host?.kind !== 'private') return;
  const key = `${host.accountId}/${host.region}/${parsed.ref.repository}`;
  found.repositories.set(key, {
    accountId: host.accountId,
    region: host.region,
    name: parsed.ref.repository,
  });
}

/**
 * Everything in AWS the given clusters refer to: roles (ServiceAccount annotations, node and
 * Fargate roles, Pod Identity associations), the accounts of those roles and clusters (for
 * their OIDC providers), and the ECR repositories of every container image. Sets, so that
 * 10,000 workloads sharing 50 roles cost 50 reads, not 10,000.
 */
export function referencedAwsResources(
  snapshots: ClusterSnapshot[],
): ReferencedAwsResources {
  const found: ReferencedAwsResources = {
    roleArns: new Set(),
    accounts: new Set(),
    repositories: new Map(),
  };
  const addRole = (arn: unknown) => {
    if (typeof arn !== 'string' || !arn.startsWith('arn:')) return;
    found.roleArns.add(arn);
    const account = /^arn:[^:]+:iam::(\d{12}):/.exec(arn)?.[1];
    if (account) found.accounts.add(account);
  };
  for (const snapshot of snapshots) {
    found.accounts.add(snapshot.cluster.accountId);
    snapshot.cluster.nodeRoleArns?.forEach(addRole);
    const fargate = snapshot.cluster.fargate;
    if (typeof fargate === 'object')
      fargate.podExecutionRoleArns?.forEach(addRole);
    snapshot.podIdentityAssociations?.forEach(a => addRole(a.roleArn));
    for (const sa of snapshot.serviceAccounts ?? []) {
      const annotations = (sa as any)?.metadata?.annotations ?? {};
      ROLE_ANNOTATIONS.forEach(key => addRole(annotations[key]));
    }
    const workloads = [
      ...(snapshot.deployments ?? []),
      ...(snapshot.statefulSets ?? []),
      ...(snapshot.daemonSets ?? []),
      ...(snapshot.cronJobs ?? []),
      ...(snapshot.jobs ?? []),
    ];
    for (const workload of workloads) {
      for (const container of containersOf(workload)) {
        addRepository((container as any)?.image, found);
      }
    }
  }
  return found;
}
