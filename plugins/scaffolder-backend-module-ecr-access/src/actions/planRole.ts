import { IAMClient } from '@aws-sdk/client-iam';
import { assertOidcProvider, resolveIssuer } from '../irsa/oidcProvider';
import { repositoryArns } from '../irsa/repositories';
import { irsaRoleName } from '../irsa/roleName';
import {
  IrsaRoleSpec,
  buildIrsaRoleSpec,
  engineProblems,
} from '../irsa/roleSpec';
import type { TargetCluster } from '../config/targetClusters';
import { ProvisioningDeps, findTargetCluster } from './deps';

/** The role inputs shared by role:create and provision. */
export interface RoleInput {
  cluster: string;
  namespace: string;
  serviceAccountName: string;
  repositories: string[];
  entityRef: string;
  roleName?: string;
}

/** The inputs checked without any call: what a wrong value would break is named first. */
function validateRoleInput(deps: ProvisioningDeps, input: RoleInput) {
  const cluster = findTargetCluster(deps, input.cluster);
  const roleName = irsaRoleName({
    prefix: deps.provisioning.roleNamePrefix,
    namespace: input.namespace,
    serviceAccount: input.serviceAccountName,
    roleName: input.roleName,
  });
  return {
    cluster,
    roleName,
    repositoryArns: repositoryArns(input.repositories, cluster),
  };
}

export interface RolePlan {
  cluster: TargetCluster;
  iam: IAMClient;
  spec: IrsaRoleSpec;
  oidcProviderArn: string;
  repositoryArns: string[];
}

/**
 * Reads what the role depends on (the issuer, the OIDC provider) and builds the role the
 * engine will later judge; a spec the engine would flag is a bug, never created.
 */
export async function planRole(
  deps: ProvisioningDeps,
  input: RoleInput,
): Promise<RolePlan> {
  const {
    cluster,
    roleName,
    repositoryArns: arns,
  } = validateRoleInput(deps, input);
  const iam = await deps.aws.iam(cluster.accountId);
  const issuer = await resolveIssuer(cluster, () =>
    deps.aws.eks(cluster.accountId, cluster.region),
  );
  const oidcProviderArn = await assertOidcProvider(iam, cluster, issuer);
  const spec = buildIrsaRoleSpec({
    cluster,
    issuer,
    namespace: input.namespace,
    serviceAccount: input.serviceAccountName,
    roleName,
    repositoryArns: arns,
    entityRef: input.entityRef,
    provisioning: deps.provisioning,
  });
  const problems = engineProblems(
    spec,
    {
      partition: cluster.partition,
      issuer,
      namespace: input.namespace,
      serviceAccount: input.serviceAccountName,
    },
    arns,
  );
  if (problems.length) {
    throw new Error(
      `Refusing to create role ${
        spec.arn
      }: the status engine would flag it (${problems.join('; ')})`,
    );
  }
  return { cluster, iam, spec, oidcProviderArn, repositoryArns: arns };
}
