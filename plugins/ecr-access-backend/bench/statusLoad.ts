import type {
  FindingCode,
  PullAuth,
} from '@ecr-access/plugin-ecr-access-common';
import type { EcrAccessStore, EntityClusterResult } from '../src/database';
import { workload } from '../src/__testUtils__/fixtures';

/** The mix of generateScenario, as classified: mechanism and the findings that go with it. */
const MIX: Array<{ pullAuth: PullAuth; findings: FindingCode[] }> = [
  { pullAuth: 'service-account-role', findings: [] },
  { pullAuth: 'service-account-role', findings: [] },
  { pullAuth: 'service-account-role', findings: [] },
  { pullAuth: 'node-role', findings: [] },
  { pullAuth: 'node-role', findings: ['IRSA_NOT_USED_FOR_PULLS'] },
  { pullAuth: 'rotating-secret', findings: [] },
  { pullAuth: 'static-secret', findings: ['SECRET_EXPIRED'] },
  { pullAuth: 'fargate-role', findings: [] },
  { pullAuth: 'anonymous', findings: [] },
  { pullAuth: 'service-account-role', findings: ['TRUST_POLICY_MISMATCH'] },
];

export const LOAD_CLUSTER = 'bench-a';

export function loadEntityName(i: number): string {
  return `svc-${String(i).padStart(5, '0')}`;
}

/** Entity i with its service and worker on the load cluster (or with none). */
export function loadEntity(
  i: number,
  withWorkloads = true,
): EntityClusterResult {
  const name = loadEntityName(i);
  const { pullAuth, findings } = MIX[i % MIX.length];
  const entityRef = `component:default/${name}`;
  return {
    entityRef,
    kind: 'Component',
    namespace: 'default',
    name,
    owner: `group:default/team-${i % 25}`,
    workloads: withWorkloads
      ? [name, `${name}-worker`].map(w =>
          workload({
            cluster: LOAD_CLUSTER,
            name: w,
            entityRef,
            pullAuth,
            findings,
          }),
        )
      : [],
  };
}

/**
 * Stores `count` entity statuses as one cluster's audit writes them (every entity changed,
 * so each gets its history row too), and times it: the "50,000 statuses" write.
 */
export async function loadStatuses(
  store: EcrAccessStore,
  count: number,
): Promise<{ writeMs: number; emptyClusterWriteMs: number }> {
  const entities = Array.from({ length: count }, (_, i) => loadEntity(i));
  const checkedAt = new Date();
  let started = performance.now();
  await store.writeClusterResults({
    cluster: LOAD_CLUSTER,
    checkedAt,
    entities,
  });
  const writeMs = performance.now() - started;
  // The same entities audited on a cluster where none of them runs, as every other cluster
  // of the audit writes them: what rows for "no workloads here" cost.
  started = performance.now();
  await store.writeClusterResults({
    cluster: 'bench-b',
    checkedAt,
    entities: Array.from({ length: count }, (_, i) => loadEntity(i, false)),
  });
  return { writeMs, emptyClusterWriteMs: performance.now() - started };
}
