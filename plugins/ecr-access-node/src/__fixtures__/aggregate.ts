/* Named entity-level cases: the aggregate over clusters, stale results and unreachable clusters. */
import {
  ClusterAuditState,
  createFinding,
  Finding,
  FindingCode,
  Health,
  WorkloadStatus,
} from '@ecr-access/plugin-ecr-access-common';
import { classifyCluster } from '../classify';
import { CLASSIFY_FIXTURES } from './classify';
import { NOW } from './classify.builders';

export interface AggregateFixture {
  name: string;
  workloads: WorkloadStatus[];
  clusters: ClusterAuditState[];
  /** The entity's own findings, as the catalog read gives them. */
  findings?: Finding[];
  expected: { health: Health; stale: boolean; codes: FindingCode[] };
  nearMissOf?: FindingCode[];
}

function workloadsOf(
  fixtureName: string,
  clusterName: string,
): WorkloadStatus[] {
  const f = CLASSIFY_FIXTURES.find(x => x.name === fixtureName)!;
  // Only the entity's Deployment: a refresher CronJob belongs to the platform, not to the entity.
  return classifyCluster(
    { ...f.snapshot, cluster: { ...f.snapshot.cluster, name: clusterName } },
    f.iam,
    NOW,
  ).filter(w => w.kind === 'Deployment');
}

const reachable = (cluster: string): ClusterAuditState => ({
  cluster,
  reachable: true,
  checkedAt: NOW.toISOString(),
});

export const AGGREGATE_FIXTURES: AggregateFixture[] = [
  {
    name: 'healthy in two reachable clusters',
    workloads: [
      ...workloadsOf('node role pulls a same-region ECR image', 'prod-use1'),
      ...workloadsOf('regcred refresher: healthy', 'prod-euw1'),
    ],
    clusters: [reachable('prod-use1'), reachable('prod-euw1')],
    expected: { health: 'ok', stale: false, codes: [] },
    nearMissOf: ['CLUSTER_UNREACHABLE'],
  },
  {
    name: 'one cluster unreachable: last known results, stale',
    workloads: [
      ...workloadsOf('node role pulls a same-region ECR image', 'prod-use1'),
      ...workloadsOf('IRSA for pulls with a least-privilege role', 'prod-euw1'),
    ],
    clusters: [
      reachable('prod-use1'),
      {
        cluster: 'prod-euw1',
        reachable: false,
        checkedAt: '2026-01-10T09:00:00.000Z',
        error: 'connect ETIMEDOUT',
      },
    ],
    expected: {
      health: 'unknown',
      stale: true,
      codes: ['CLUSTER_UNREACHABLE'],
    },
  },
  {
    name: 'an error in one cluster outranks an unreachable one',
    workloads: workloadsOf(
      'static secret that expired 3 days ago',
      'prod-use1',
    ),
    clusters: [
      reachable('prod-use1'),
      { cluster: 'prod-euw1', reachable: false },
    ],
    expected: {
      health: 'error',
      stale: true,
      codes: ['CLUSTER_UNREACHABLE', 'SECRET_EXPIRED'],
    },
  },
  {
    // Nothing found is not healthy: its workloads may be of kinds the audit does not read.
    name: 'no workloads found',
    workloads: [],
    clusters: [reachable('prod-use1'), reachable('prod-euw1')],
    expected: {
      health: 'unknown',
      stale: false,
      codes: ['NO_WORKLOADS_FOUND'],
    },
  },
  {
    name: 'an unparsable selector matched nothing: that, not no workloads',
    workloads: [],
    clusters: [reachable('prod-use1')],
    findings: [
      createFinding(
        'INPUT_MALFORMED',
        'annotation backstage.io/kubernetes-label-selector',
        "The annotation backstage.io/kubernetes-label-selector 'app in (web' cannot be parsed",
      ),
    ],
    expected: { health: 'unknown', stale: false, codes: ['INPUT_MALFORMED'] },
    nearMissOf: ['NO_WORKLOADS_FOUND'],
  },
  {
    name: 'a second cluster down from start-up: never read, so not ok',
    workloads: workloadsOf(
      'node role pulls a same-region ECR image',
      'prod-use1',
    ),
    clusters: [
      reachable('prod-use1'),
      {
        cluster: 'edge-euw1',
        reachable: false,
        checkedAt: NOW.toISOString(),
        unreachableSince: NOW.toISOString(),
        error: 'connect ECONNREFUSED <redacted>',
      },
    ],
    expected: {
      health: 'unknown',
      stale: true,
      codes: ['CLUSTER_UNREACHABLE'],
    },
  },
  {
    name: 'not yet checked: the only cluster was never read',
    workloads: [],
    clusters: [
      { cluster: 'edge-euw1', reachable: false, checkedAt: NOW.toISOString() },
    ],
    expected: {
      health: 'unknown',
      stale: true,
      codes: ['CLUSTER_UNREACHABLE'],
    },
  },
  {
    name: 'not yet checked: no cluster audited at all',
    workloads: [],
    clusters: [],
    expected: { health: 'unknown', stale: false, codes: [] },
    nearMissOf: ['NO_WORKLOADS_FOUND'],
  },
];
