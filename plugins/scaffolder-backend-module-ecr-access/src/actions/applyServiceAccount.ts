import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { applyServiceAccount } from '../kubernetes/serviceAccount';
import {
  irsaServiceAccountSpec,
  kubernetesIdFor,
} from '../kubernetes/irsaServiceAccount';
import { parseActionInput } from './actionInput';
import { authorizeProvisioning } from './authorize';
import {
  ProvisioningActionOptions,
  ProvisioningDeps,
  findTargetCluster,
  resolveDeps,
} from './deps';
import { examples } from './applyServiceAccount.examples';
import { inputFields } from './inputFields';
import { serviceAccountOutputFields } from './serviceAccountOutputFields';

const ID = 'ecr-access:serviceaccount:apply';

const inputSchema = {
  cluster: inputFields.cluster,
  namespace: inputFields.namespace,
  serviceAccountName: inputFields.serviceAccountName,
  roleArn: inputFields.roleArn,
  entityRef: (z: Parameters<typeof inputFields.entityRef>[0]) =>
    inputFields.entityRef(z).optional(),
  kubernetesId: inputFields.kubernetesId,
  adopt: inputFields.adopt,
};

/** The ServiceAccount step, shared with provision. */
export async function applyIrsaServiceAccount(
  deps: ProvisioningDeps,
  input: {
    cluster: string;
    namespace: string;
    serviceAccountName: string;
    roleArn: string;
    entityRef?: string;
    kubernetesId?: string;
    adopt?: boolean;
  },
  dryRun: boolean,
) {
  const cluster = findTargetCluster(deps, input.cluster);
  const spec = irsaServiceAccountSpec({
    namespace: input.namespace,
    name: input.serviceAccountName,
    roleArn: input.roleArn,
    imagePullAuth: cluster.imagePullAuth,
    kubernetesId: kubernetesIdFor(input),
  });
  const api = await deps.kubernetes.coreV1(cluster.name);
  const outcome = await applyServiceAccount({
    api,
    spec,
    adopt: input.adopt ?? false,
    dryRun,
    auditor: deps.auditor,
    auditMeta: { cluster: cluster.name, roleArn: input.roleArn },
  });
  return { spec, outcome, api };
}

/**
 * `ecr-access:serviceaccount:apply`: creates the ServiceAccount, or merge-patches an existing
 * one, with `eks.amazonaws.com/role-arn` (and `eks.amazonaws.com/ecr-role-arn` where the
 * cluster's kubelets pull with service-account tokens) and the label Backstage finds it by.
 *
 * @public
 */
export function createApplyServiceAccountAction(
  options: ProvisioningActionOptions,
) {
  const deps = resolveDeps(options);
  return createTemplateAction({
    id: ID,
    description:
      'Creates or patches a ServiceAccount annotated with an IRSA role (role-arn, and ecr-role-arn where kubelets pull with service-account tokens)',
    examples,
    supportsDryRun: true,
    schema: {
      input: inputSchema,
      output: serviceAccountOutputFields,
    },
    async handler(ctx) {
      await authorizeProvisioning(deps.permissions, ctx, ID);
      const input = parseActionInput(inputSchema, ctx.input);
      const run = async () => {
        const { spec, outcome } = await applyIrsaServiceAccount(
          deps,
          input,
          Boolean(ctx.isDryRun),
        );
        return { annotations: spec.annotations, outcome };
      };
      const result = ctx.isDryRun
        ? await run()
        : await ctx.checkpoint({
            key: `serviceaccount.${input.cluster}.${input.namespace}.${input.serviceAccountName}`,
            fn: run,
          });
      const serviceAccount = `${input.namespace}/${input.serviceAccountName}`;
      ctx.logger.info(
        `ServiceAccount ${serviceAccount} on ${input.cluster}: ${result.outcome}`,
      );
      ctx.output('serviceAccount', serviceAccount);
      ctx.output('serviceAccountOutcome', result.outcome);
      ctx.output('annotations', result.annotations);
    },
  });
}
