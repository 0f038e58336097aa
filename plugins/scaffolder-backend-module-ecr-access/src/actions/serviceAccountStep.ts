import type { ActionContext } from '@backstage/plugin-scaffolder-node';
import type { WriteAudit } from '../audit/writeAudit';
import {
  irsaServiceAccountSpec,
  kubernetesIdFor,
} from '../kubernetes/irsaServiceAccount';
import { applyServiceAccount } from '../kubernetes/serviceAccount';
import { ProvisioningDeps, findTargetCluster } from './deps';

/** What the ServiceAccount step needs: the role comes from the input or the role step. */
interface ServiceAccountStepInput {
  cluster: string;
  namespace: string;
  serviceAccountName: string;
  roleArn: string;
  entityRef?: string;
  kubernetesId?: string;
  adopt?: boolean;
}

async function applyIrsaServiceAccount(
  deps: ProvisioningDeps,
  input: ServiceAccountStepInput,
  audit: WriteAudit,
) {
  const cluster = findTargetCluster(deps, input.cluster);
  const spec = irsaServiceAccountSpec({
    namespace: input.namespace,
    name: input.serviceAccountName,
    roleArn: input.roleArn,
    imagePullAuth: cluster.imagePullAuth,
    kubernetesId: kubernetesIdFor(input),
  });
  const outcome = await applyServiceAccount({
    api: await deps.kubernetes.coreV1(cluster.name),
    spec,
    adopt: input.adopt ?? false,
    audit,
    target: { cluster: cluster.name, roleArn: input.roleArn },
  });
  return { annotations: spec.annotations, outcome };
}

/**
 * The ServiceAccount step of `ecr-access:serviceaccount:apply` and `ecr-access:irsa:provision`:
 * the annotated ServiceAccount created or merge-patched, checkpointed so that a retried task
 * does not write it again; a dry run only reads.
 */
export async function runServiceAccountStep(
  deps: ProvisioningDeps,
  ctx: Pick<ActionContext<any>, 'checkpoint' | 'isDryRun'>,
  input: ServiceAccountStepInput,
  audit: WriteAudit,
) {
  const run = () => applyIrsaServiceAccount(deps, input, audit);
  if (ctx.isDryRun) return run();
  return ctx.checkpoint({
    key: `serviceaccount.${input.cluster}.${input.namespace}.${input.serviceAccountName}`,
    fn: run,
  });
}

/** The ServiceAccount step's outputs (`serviceAccountOutputFields`). */
export function outputServiceAccount(
  ctx: Pick<ActionContext<any>, 'output'>,
  input: { namespace: string; serviceAccountName: string },
  result: Awaited<ReturnType<typeof runServiceAccountStep>>,
): void {
  ctx.output(
    'serviceAccount',
    `${input.namespace}/${input.serviceAccountName}`,
  );
  ctx.output('serviceAccountOutcome', result.outcome);
  ctx.output('annotations', result.annotations);
}
