/*
 * The audit as a one-way pipeline. Read in this order:
 *
 *   ../AuditScheduler.ts  when: one scheduler task per cluster, and the refresh button
 *   scope.ts              what: the whole cluster, or one entity by its label selector
 *   collect.ts            1. the cluster's Kubernetes objects (src/collect/ reads them)
 *   awsFacts.ts           2. the AWS facts they refer to (roles, OIDC, ECR, EKS)
 *   classify.ts           3. the pure engine, per workload, grouped per entity
 *   write.ts              4. the store (src/database/) persists; the run is recorded
 *   runAudit.ts           the chain of the above, for either scope
 *
 * No stage calls back into an earlier one. One deliberate hand-off: the store is given the
 * engine's aggregate (aggregate.ts) and calls it under the entity's row lock, so that
 * replicas writing different clusters of one entity never lose each other's rows; the store
 * imports no engine code itself.
 */
import type { EcrAccessCluster } from '@ecr-access/plugin-ecr-access-node/clients';
import type { AuditScope } from './scope';
import type { AuditOutcome } from './write';

export { AuditAbortedError, runAudit } from './runAudit';
export type { AuditPipeline } from './runAudit';
export { aggregateStatus } from './aggregate';
export { clusterScope, entityScope } from './scope';
export type { AuditScope } from './scope';
export type { AuditOutcome } from './write';

/** {@link runAudit} bound to its pipeline: what the scheduler runs. */
export type RunAudit = (
  cluster: EcrAccessCluster,
  scope: AuditScope,
  signal?: AbortSignal,
) => Promise<AuditOutcome>;
