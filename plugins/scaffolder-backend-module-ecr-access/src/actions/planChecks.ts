import { InputError } from '@backstage/errors';
import { kubernetesError } from '@ecr-access/plugin-ecr-access-node/clients';
import { ApiException, CoreV1Api } from '@kubernetes/client-node';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { silentAudit } from '../audit/writeAudit';
import { refuseUnusableRole } from '../irsa/ensureRole';
import { inspectRole } from '../irsa/iamRole';
import {
  irsaServiceAccountSpec,
  kubernetesIdFor,
} from '../kubernetes/irsaServiceAccount';
import { applyServiceAccount } from '../kubernetes/serviceAccount';
import { unreachableCluster } from '../kubernetes/unreachableCluster';
import type { ProvisioningDeps } from './deps';
import type { RolePlan } from './planRole';

/**
 * What provisioning would do with the role, read from IAM: create it, or reuse an identical
 * one of ours. A role of that name this plugin did not create, or one of ours that differs,
 * is refused here exactly as the provisioning step would refuse it, before anything is made.
 */
export async function plannedRoleOutcome(
  plan: RolePlan,
): Promise<'would-create' | 'would-reuse'> {
  const existing = await inspectRole(plan.iam, plan.spec);
  refuseUnusableRole(existing);
  return existing.state === 'absent' ? 'would-create' : 'would-reuse';
}

/**
 * The namespace must exist for the ServiceAccount to be created in it. Reading namespaces is
 * not a permission provisioning otherwise needs, so a refusal (403) skips the check, said in
 * the log, rather than failing a plan that may be fine.
 */
async function checkNamespace(
  api: CoreV1Api,
  cluster: string,
  namespace: string,
  logger: LoggerService,
): Promise<void> {
  try {
    await api.readNamespace({ name: namespace });
  } catch (error) {
    if (error instanceof ApiException && error.code === 404) {
      throw new InputError(
        `namespace: cluster '${cluster}' has no namespace '${namespace}'`,
      );
    }
    if (error instanceof ApiException && error.code === 403) {
      logger.info(
        `Could not check that namespace ${namespace} exists on ${cluster}: Backstage may not read namespaces there`,
      );
      return;
    }
    const doing = `read namespace ${namespace}`;
    throw (
      unreachableCluster(error, cluster, doing) ?? kubernetesError(error, doing)
    );
  }
}

/**
 * What provisioning would do with the ServiceAccount, read from the cluster (which must
 * answer): the same decision as the provisioning step's dry run (create, patch, nothing, or a
 * refusal of one Helm or eksctl manages), with nothing written and nothing recorded.
 */
export async function plannedServiceAccount(
  deps: ProvisioningDeps,
  plan: RolePlan,
  input: {
    namespace: string;
    serviceAccountName: string;
    entityRef?: string;
    kubernetesId?: string;
    adopt?: boolean;
  },
  logger: LoggerService,
) {
  const cluster = plan.cluster;
  const api = await deps.kubernetes.coreV1(cluster.name);
  await checkNamespace(api, cluster.name, input.namespace, logger);
  const spec = irsaServiceAccountSpec({
    namespace: input.namespace,
    name: input.serviceAccountName,
    roleArn: plan.spec.arn,
    imagePullAuth: cluster.imagePullAuth,
    kubernetesId: kubernetesIdFor(input),
  });
  const outcome = await applyServiceAccount({
    api,
    spec,
    adopt: input.adopt ?? false,
    audit: silentAudit(),
    target: { cluster: cluster.name, roleArn: plan.spec.arn },
  });
  return { outcome, annotations: spec.annotations };
}
