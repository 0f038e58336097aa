// Builders of the gallery's statuses, as the ecr-access backend serves them
// (EntityStatusResponse: -common's wire type, as the plugin re-exports it).
import type { EntityStatusResponse } from '@ecr-access/plugin-ecr-access';

export const ACCOUNT = '111122223333';

type Workload = Status['workloads'][number];
type Container = Workload['containers'][number];
type Finding = Status['findings'][number];

export type Status = EntityStatusResponse;
export type Cluster = Status['clusters'][number];

export function finding(
  code: Finding['code'],
  severity: Finding['severity'],
  subject: string,
  message: string,
): Finding {
  // The card shows the finding catalog's remediation for a known code, not this one.
  return { code, severity, subject, message, remediation: 'See the catalog.' };
}

export function container(name: string, extra: Partial<Container>): Container {
  return {
    name,
    init: false,
    image: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/${name}:1.4.2`,
    registry: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com`,
    pullAuth: 'node-role',
    findings: [],
    health: 'ok',
    ...extra,
  };
}

export function workload(name: string, c: Container, at: string): Workload {
  return {
    cluster: 'prod-use1',
    namespace: name,
    kind: 'Deployment',
    name,
    entityRefs: [`component:default/${name}`],
    serviceAccount: name,
    runtimeIdentity: 'node-role',
    pullAuth: c.pullAuth,
    pullAuths: [c.pullAuth],
    containers: [c],
    findings: c.findings,
    health: c.health,
    checkedAt: at,
  };
}

/** The status of an entity with these workloads, read on these clusters. */
export function status(
  name: string,
  summary: string,
  workloads: Workload[],
  clusters: Cluster[],
  extra: Partial<Status> = {},
): Status {
  const findings = workloads.flatMap(w => w.findings);
  const rank = ['ok', 'warning', 'unknown', 'error'] as const;
  const health = workloads
    .map(w => w.health)
    .reduce((a, b) => (rank.indexOf(b) > rank.indexOf(a) ? b : a), 'ok');
  return {
    entityRef: `component:default/${name}`,
    health,
    mechanisms: [...new Set(workloads.map(w => w.pullAuth))],
    runtimeIdentities: [...new Set(workloads.map(w => w.runtimeIdentity))],
    workloads,
    findings,
    clusters,
    checkedAt: clusters[0]?.checkedAt ?? workloads[0]?.checkedAt ?? '',
    stale: false,
    checked: true,
    summary,
    ...extra,
  };
}
