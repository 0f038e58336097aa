import { ApiException, CoreV1Api } from '@kubernetes/client-node';
import { kubernetesError } from '@ecr-access/plugin-ecr-access-node/clients';
import type { AuditTarget, WriteAudit } from '../audit/writeAudit';
import { ROLE_ARN_ANNOTATION } from './irsaServiceAccount';
import type { ServiceAccountSpec } from './serviceAccount';
import { readServiceAccount } from './serviceAccount';

/**
 * Deletes a ServiceAccount this task created, if it is still as this task left it: it points
 * at `roleArn`. One that points elsewhere now was changed by someone since, and is kept. Gone
 * already is what was asked. Audited (`serviceaccount-delete`); a dry run only reads.
 */
export async function deleteCreatedServiceAccount(opts: {
  api: CoreV1Api;
  spec: Pick<ServiceAccountSpec, 'namespace' | 'name'>;
  roleArn: string;
  audit: WriteAudit;
  target: AuditTarget;
}): Promise<'deleted' | 'would-delete' | 'gone' | 'kept'> {
  const { api, spec, roleArn, audit } = opts;
  const cluster = String(opts.target.cluster);
  const existing = await readServiceAccount(
    api,
    { ...spec, labels: {}, annotations: {} },
    cluster,
  );
  if (!existing) return 'gone';
  if (existing.metadata?.annotations?.[ROLE_ARN_ANNOTATION] !== roleArn) {
    return 'kept';
  }
  const target = {
    ...opts.target,
    serviceAccount: `${spec.namespace}/${spec.name}`,
  };
  if (audit.dryRun) {
    await audit.wouldWrite('serviceaccount-delete', target);
    return 'would-delete';
  }
  return audit.write('serviceaccount-delete', target, async () => {
    try {
      await api.deleteNamespacedServiceAccount({
        name: spec.name,
        namespace: spec.namespace,
      });
      return 'deleted' as const;
    } catch (error) {
      if (error instanceof ApiException && error.code === 404) {
        return 'gone' as const;
      }
      throw kubernetesError(
        error,
        `delete ServiceAccount ${spec.namespace}/${spec.name}`,
      );
    }
  });
}
