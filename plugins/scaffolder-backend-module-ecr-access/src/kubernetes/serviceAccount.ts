import type { AuditorServiceEvent } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  ApiException,
  CoreV1Api,
  PatchStrategy,
  V1ServiceAccount,
  setHeaderOptions,
} from '@kubernetes/client-node';
import type { AuditTarget, WriteAudit } from '../audit/writeAudit';
import { BackoffOptions, retryWithBackoff } from '../irsa/backoff';
import { kubernetesError } from '@ecr-access/plugin-ecr-access-node/clients';
import { foreignManager } from './ownership';
import { ServiceAccountStateUnknownError } from './serviceAccountStateUnknown';
import { unreachableCluster } from './unreachableCluster';

/** The field manager our writes are recorded under in `managedFields`. */
const FIELD_MANAGER = 'backstage-ecr-access';

/**
 * The labels and annotations provisioning sets on a ServiceAccount.
 */
export interface ServiceAccountSpec {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

type ServiceAccountOutcome =
  | 'created'
  | 'patched'
  | 'unchanged'
  | 'would-create'
  | 'would-patch';

// The API server answers 429 under API Priority and Fairness and 5xx when it is overloaded;
// both are safe to retry for a read, a create (409 if it landed) or an idempotent merge patch.
const retryable = (error: unknown) =>
  error instanceof ApiException && (error.code === 429 || error.code >= 500);

const KUBERNETES_BACKOFF: BackoffOptions = {
  attempts: 5,
  baseDelayMs: 200,
  maxDelayMs: 3_000,
};

export async function readServiceAccount(
  api: CoreV1Api,
  spec: ServiceAccountSpec,
  cluster: string,
): Promise<V1ServiceAccount | undefined> {
  try {
    return await retryWithBackoff(
      () =>
        api.readNamespacedServiceAccount({
          name: spec.name,
          namespace: spec.namespace,
        }),
      retryable,
      KUBERNETES_BACKOFF,
    );
  } catch (error) {
    if (error instanceof ApiException && error.code === 404) return undefined;
    const doing = `read ServiceAccount ${spec.namespace}/${spec.name}`;
    throw (
      unreachableCluster(error, cluster, doing) ?? kubernetesError(error, doing)
    );
  }
}

function alreadySet(sa: V1ServiceAccount, spec: ServiceAccountSpec): boolean {
  const has = (
    actual: Record<string, string> | undefined,
    wanted: Record<string, string>,
  ) => Object.entries(wanted).every(([k, v]) => actual?.[k] === v);
  return (
    has(sa.metadata?.labels, spec.labels) &&
    has(sa.metadata?.annotations, spec.annotations)
  );
}

/** Creates the ServiceAccount, or merge-patches our labels and annotations onto `existing`. */
async function writeServiceAccount(
  api: CoreV1Api,
  spec: ServiceAccountSpec,
  existing: V1ServiceAccount | undefined,
): Promise<void> {
  const metadata = { labels: spec.labels, annotations: spec.annotations };
  await retryWithBackoff(
    () =>
      existing
        ? api.patchNamespacedServiceAccount(
            {
              name: spec.name,
              namespace: spec.namespace,
              body: { metadata },
              fieldManager: FIELD_MANAGER,
            },
            setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
          )
        : api.createNamespacedServiceAccount({
            namespace: spec.namespace,
            fieldManager: FIELD_MANAGER,
            body: {
              apiVersion: 'v1',
              kind: 'ServiceAccount',
              metadata: {
                name: spec.name,
                namespace: spec.namespace,
                ...metadata,
              },
            },
          }),
    retryable,
    KUBERNETES_BACKOFF,
  );
}

/**
 * After a failed write: the write may have landed with its answer lost (a reset connection, or
 * a retried create answered 409 AlreadyExists). Our labels and annotations were not all there
 * before; if they are now, it did, and the write counts as done. Otherwise the error stands.
 */
async function afterFailedWrite(
  api: CoreV1Api,
  spec: ServiceAccountSpec,
  cluster: string,
  error: unknown,
  doing: string,
  event: AuditorServiceEvent,
): Promise<void> {
  let now: V1ServiceAccount | undefined;
  try {
    now = await readServiceAccount(api, spec, cluster);
  } catch (readError) {
    // Neither "landed" nor "did not land" is known: whoever undoes on failure must not.
    const unknown = new ServiceAccountStateUnknownError(
      spec,
      kubernetesError(error, doing),
      readError,
    );
    await event.fail({ error: unknown });
    throw unknown;
  }
  if (now && alreadySet(now, spec)) {
    await event.success();
    return;
  }
  const described = kubernetesError(error, doing);
  await event.fail({ error: described });
  throw described;
}

/**
 * What a write would change, decided from the ServiceAccount as it is: nothing (`unchanged`, or
 * in a dry run `would-…`), a write to make, or a refusal of one another tool manages.
 */
function plannedOutcome(
  existing: V1ServiceAccount | undefined,
  opts: { spec: ServiceAccountSpec; adopt: boolean; dryRun: boolean },
): ServiceAccountOutcome | 'write' {
  const { spec } = opts;
  if (!existing) return opts.dryRun ? 'would-create' : 'write';
  const manager = foreignManager(existing.metadata);
  if (manager && !opts.adopt) {
    throw new ConflictError(
      `serviceAccountName: ServiceAccount ${spec.namespace}/${spec.name} is managed by ${manager}; set its annotations there, or pass adopt: true to patch it anyway`,
    );
  }
  if (alreadySet(existing, spec)) return 'unchanged';
  return opts.dryRun ? 'would-patch' : 'write';
}

/**
 * Creates the ServiceAccount, or merge-patches our labels and annotations onto an existing one
 * (never replaces it: its secrets, imagePullSecrets and other annotations stay). One managed by
 * Helm or eksctl is refused unless `adopt`. Each write is audited (`serviceaccount-create`,
 * `serviceaccount-patch`), and in a dry run each write it would make.
 */
export async function applyServiceAccount(opts: {
  api: CoreV1Api;
  spec: ServiceAccountSpec;
  adopt: boolean;
  audit: WriteAudit;
  /** What the events say besides the ServiceAccount: its cluster and the role. */
  target: AuditTarget;
}): Promise<ServiceAccountOutcome> {
  const { api, spec, audit } = opts;
  const cluster = String(opts.target.cluster);
  const existing = await readServiceAccount(api, spec, cluster);
  const dryRun = audit.dryRun;
  const planned = plannedOutcome(existing, { ...opts, dryRun });
  const eventId = existing ? 'serviceaccount-patch' : 'serviceaccount-create';
  const target = {
    ...opts.target,
    serviceAccount: `${spec.namespace}/${spec.name}`,
  };
  if (planned === 'would-create' || planned === 'would-patch') {
    await audit.wouldWrite(eventId, target);
  }
  if (planned !== 'write') return planned;
  const event = await audit.begin(eventId, target);
  try {
    await writeServiceAccount(api, spec, existing);
    await event.success();
  } catch (error) {
    const doing = `${existing ? 'patch' : 'create'} ServiceAccount ${
      spec.namespace
    }/${spec.name}`;
    await afterFailedWrite(api, spec, cluster, error, doing, event);
  }
  return existing ? 'patched' : 'created';
}
