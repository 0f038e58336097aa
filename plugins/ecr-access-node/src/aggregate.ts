import {
  ClusterAuditState,
  createFinding,
  EntityStatus,
  Finding,
  PULL_AUTHS,
  RuntimeIdentity,
  severityToHealth,
  WorkloadStatus,
  workloadKindSchema,
  worstHealth,
} from '@ecr-access/plugin-ecr-access-common';

const isMalformed = (f: Finding) => f.code === 'INPUT_MALFORMED';

const RUNTIME_IDENTITIES: RuntimeIdentity[] = [
  'irsa',
  'pod-identity',
  'node-role',
  'none',
];

/** The CLUSTER_UNREACHABLE finding of a cluster that could not be read for this entity. */
function unreachableFinding(c: ClusterAuditState): Finding {
  const since = c.unreachableSince ?? c.checkedAt;
  const why = c.error ? ` (${c.error})` : '';
  const lastRead = c.lastSuccessAt
    ? `last good read ${c.lastSuccessAt}: its results shown are from then`
    : 'never read: any workloads there are unknown';
  return createFinding(
    'CLUSTER_UNREACHABLE',
    `cluster ${c.cluster}`,
    `cluster ${c.cluster} could not be read${
      since ? ` since ${since}` : ''
    }${why}; ${lastRead}`,
  );
}

/** Clusters named in full in a message; past these, how many more. */
const NAMED_CLUSTERS = 5;

/**
 * The NO_WORKLOADS_FOUND finding of an entity read on `searched` without a workload: nothing
 * found is not healthy, because workloads of kinds the audit does not list (bare Pods, Knative
 * Services…) or a label that differs from the annotation leave its pulls unchecked.
 */
function noWorkloadsFinding(entityRef: string, searched: string[]): Finding {
  const named = searched.slice(0, NAMED_CLUSTERS).join(', ');
  const more =
    searched.length > NAMED_CLUSTERS
      ? ` and ${searched.length - NAMED_CLUSTERS} more`
      : '';
  const kinds = workloadKindSchema.options.join(', ');
  return createFinding(
    'NO_WORKLOADS_FOUND',
    `entity ${entityRef}`,
    `No workload (${kinds}) carries the entity's backstage.io/kubernetes-id label or matches its backstage.io/kubernetes-label-selector on cluster${
      searched.length > 1 ? 's' : ''
    } ${named}${more}; finished Jobs and workloads of other kinds are not checked, so how its images are pulled is unknown`,
  );
}

/**
 * `a.localeCompare(b)`, with one collator for all comparisons: the store aggregates every
 * entity of a cluster on each write, and localeCompare builds its collator on each call.
 */
const COLLATOR = new Intl.Collator();

/** Workloads in the order of `cluster/namespace/kind/name`, each key built once. */
function sortedWorkloads(list: WorkloadStatus[]): WorkloadStatus[] {
  if (list.length < 2) return [...list];
  return list
    .map(w => ({ w, key: `${w.cluster}/${w.namespace}/${w.kind}/${w.name}` }))
    .sort((a, b) => COLLATOR.compare(a.key, b.key))
    .map(({ w }) => w);
}

/**
 * Which (cluster, code, subject, message) were seen, in nested maps: a key string joined per
 * finding was a third of this function's cost.
 */
class FindingKeys {
  private readonly byCluster = new Map<string, Map<string, Set<string>>>();

  /** Records the finding; false when an equal one was recorded for the cluster. */
  add(cluster: string, f: Finding): boolean {
    let byCode = this.byCluster.get(cluster);
    if (!byCode) this.byCluster.set(cluster, (byCode = new Map()));
    // Code and subject, joined: both are short, and the message (long) stays apart.
    const head = `${f.code}\u0000${f.subject}`;
    let messages = byCode.get(head);
    if (!messages) byCode.set(head, (messages = new Set()));
    const message = `${f.message}`;
    if (messages.has(message)) return false;
    messages.add(message);
    return true;
  }
}

/**
 * Combine the workload statuses of one entity across clusters: the worst health, the set of
 * mechanisms, every finding once (the entity's own input findings, e.g. an unparsable
 * selector, first), and, for each cluster that could not be read, `stale` and a
 * CLUSTER_UNREACHABLE finding naming it and its last good read (severity `unknown`: a
 * partial read is never `ok`).
 *
 * `clusters` is every cluster known to the audit, as seen for this entity. The status keeps
 * those that matter to it (where it has workloads, and those that could not be read), and
 * `checked: false` ("not yet checked", health `unknown`) when none was ever read.
 *
 * @public
 */
export function aggregateEntityStatus(input: {
  entityRef: string;
  workloads: WorkloadStatus[];
  clusters: ClusterAuditState[];
  now: Date;
  /** Findings about the entity itself, e.g. INPUT_MALFORMED for its selector annotation. */
  findings?: Finding[];
}): EntityStatus {
  const workloads = sortedWorkloads(input.workloads);
  const findings: Finding[] = [];
  const seen = new FindingKeys();
  const add = (f: Finding, cluster: string) => {
    if (seen.add(cluster, f)) findings.push(f);
  };
  (input.findings ?? []).forEach(f => add(f, ''));
  const unreachable = input.clusters.filter(cl => !cl.reachable);
  unreachable.forEach(c => add(unreachableFinding(c), c.cluster));
  workloads.forEach(w => w.findings.forEach(f => add(f, w.cluster)));
  const withWorkloads = new Set(workloads.map(w => w.cluster));
  const clusters = input.clusters
    .filter(c => !c.reachable || withWorkloads.has(c.cluster))
    .sort((a, b) => COLLATOR.compare(a.cluster, b.cluster));
  const searched = input.clusters
    .filter(c => c.reachable || c.lastSuccessAt !== undefined)
    .map(c => c.cluster);
  const checked = workloads.length > 0 || searched.length > 0;
  // An unparsable selector is the entity's finding already: it could match nothing.
  if (checked && !workloads.length && !findings.some(isMalformed)) {
    add(
      noWorkloadsFinding(input.entityRef, searched.sort(COLLATOR.compare)),
      '',
    );
  }
  const times = [
    ...workloads.map(w => w.checkedAt),
    ...clusters.map(c => c.checkedAt),
  ]
    .filter(
      (t): t is string => typeof t === 'string' && !Number.isNaN(Date.parse(t)),
    )
    .sort();
  const health = worstHealth(findings.map(f => severityToHealth(f.severity)));
  return {
    entityRef: input.entityRef,
    // Nothing read: not "ok", whatever the (absent) findings say.
    health: checked ? health : worstHealth([health, 'unknown']),
    mechanisms: PULL_AUTHS.filter(p =>
      workloads.some(w => w.pullAuths.includes(p)),
    ),
    runtimeIdentities: RUNTIME_IDENTITIES.filter(r =>
      workloads.some(w => w.runtimeIdentity === r),
    ),
    workloads,
    findings,
    clusters,
    checkedAt: times[0] ?? input.now.toISOString(),
    stale: unreachable.length > 0,
    checked,
  };
}
