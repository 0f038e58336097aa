import {
  ClusterAuditState,
  createFinding,
  EntityStatus,
  Finding,
  PULL_AUTHS,
  RuntimeIdentity,
  severityToHealth,
  WorkloadStatus,
  worstHealth,
} from '@ecr-access/plugin-ecr-access-common';

const RUNTIME_IDENTITIES: RuntimeIdentity[] = [
  'irsa',
  'pod-identity',
  'node-role',
  'none',
];

/**
 * Combine the workload statuses of one entity across clusters: the worst
 * health, the set of mechanisms, every finding once, and `stale` with a
 * CLUSTER_UNREACHABLE finding for each cluster the last audit could not
 * reach (its workloads are the last known ones).
 *
 * @public
 */
export function aggregateEntityStatus(input: {
  entityRef: string;
  workloads: WorkloadStatus[];
  clusters: ClusterAuditState[];
  now: Date;
}): EntityStatus {
  const workloads = [...input.workloads].sort((a, b) =>
    `${a.cluster}/${a.namespace}/${a.kind}/${a.name}`.localeCompare(
      `${b.cluster}/${b.namespace}/${b.kind}/${b.name}`,
    ),
  );
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const add = (f: Finding, cluster: string) => {
    const key = `${cluster}\u0000${f.code}\u0000${f.subject}\u0000${f.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      findings.push(f);
    }
  };
  for (const c of input.clusters.filter(cl => !cl.reachable)) {
    const since = c.checkedAt ? ` since ${c.checkedAt}` : '';
    add(
      createFinding(
        'CLUSTER_UNREACHABLE',
        `cluster ${c.cluster}`,
        `the last audit could not reach ${c.cluster}${since}${
          c.error ? `: ${c.error}` : ''
        }; its results are the last known`,
      ),
      c.cluster,
    );
  }
  workloads.forEach(w => w.findings.forEach(f => add(f, w.cluster)));
  const times = [
    ...workloads.map(w => w.checkedAt),
    ...input.clusters.map(c => c.checkedAt),
  ]
    .filter(
      (t): t is string => typeof t === 'string' && !Number.isNaN(Date.parse(t)),
    )
    .sort();
  return {
    entityRef: input.entityRef,
    health: worstHealth(findings.map(f => severityToHealth(f.severity))),
    mechanisms: PULL_AUTHS.filter(p =>
      workloads.some(w => w.pullAuths.includes(p)),
    ),
    runtimeIdentities: RUNTIME_IDENTITIES.filter(r =>
      workloads.some(w => w.runtimeIdentity === r),
    ),
    workloads,
    findings,
    clusters: input.clusters,
    checkedAt: times[0] ?? input.now.toISOString(),
    stale: input.clusters.some(c => !c.reachable),
  };
}
