import { describePullStatus, formatDuration } from './describe';
import { ContainerStatus, EntityStatus, WorkloadStatus } from './model';

const now = new Date('2026-01-10T12:00:00Z');

function workload(
  partial: Partial<WorkloadStatus>,
  container: Partial<ContainerStatus> = {},
): WorkloadStatus {
  const pullAuth = partial.pullAuth ?? 'node-role';
  return {
    cluster: 'prod-use1',
    namespace: 'shop',
    kind: 'Deployment',
    name: 'web',
    entityRefs: ['component:default/web'],
    serviceAccount: 'web',
    runtimeIdentity: 'none',
    pullAuth,
    pullAuths: [pullAuth],
    findings: [],
    health: 'ok',
    checkedAt: now.toISOString(),
    containers: [
      {
        name: 'web',
        init: false,
        image: 'x',
        pullAuth,
        findings: [],
        health: 'ok',
        ...container,
      },
    ],
    ...partial,
  };
}

describe('formatDuration', () => {
  it.each([
    [30_000, 'less than a minute'],
    [5 * 60_000, '5 min'],
    [2 * 3600_000, '2 h'],
    [30 * 3600_000, '30 h'],
    [3 * 86400_000, '3 days'],
    [-3 * 86400_000, '3 days'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('describePullStatus', () => {
  it('names the IRSA role and the cluster', () => {
    const w = workload(
      { pullAuth: 'service-account-role' },
      { pullRoleArn: 'arn:aws:iam::123456789012:role/web-pull' },
    );
    expect(describePullStatus(w, now)).toBe(
      'Pulls use IRSA (role web-pull) on prod-use1',
    );
  });

  it('says when the refresher last wrote a rotating secret', () => {
    const w = workload(
      { pullAuth: 'rotating-secret' },
      {
        secret: {
          namespace: 'shop',
          name: 'regcred',
          lastWriteAt: '2026-01-10T10:00:00Z',
          refresher: {
            kind: 'CronJob',
            namespace: 'shop',
            name: 'ecr-cred-helper',
          },
        },
      },
    );
    expect(describePullStatus(w, now)).toBe(
      'Pulls use a rotating secret, refreshed 2 h ago by CronJob ecr-cred-helper',
    );
  });

  it('says when a static secret expired', () => {
    const w = workload(
      { pullAuth: 'static-secret' },
      {
        secret: {
          namespace: 'shop',
          name: 'regcred',
          expiresAt: '2026-01-07T12:00:00Z',
        },
      },
    );
    expect(describePullStatus(w, now)).toBe(
      'Pulls use a static secret that expired 3 days ago',
    );
  });

  it('says when a static secret will expire', () => {
    const w = workload(
      { pullAuth: 'static-secret' },
      {
        secret: {
          namespace: 'shop',
          name: 'r',
          expiresAt: '2026-01-10T17:00:00Z',
        },
      },
    );
    expect(describePullStatus(w, now)).toBe(
      'Pulls use a static secret that expires in 5 h',
    );
  });

  it('explains that an IRSA role does not pull on node-role clusters', () => {
    const w = workload({ pullAuth: 'node-role', runtimeIdentity: 'irsa' });
    expect(describePullStatus(w, now)).toBe(
      'Pulls use the node role; the IRSA role serves runtime calls only',
    );
  });

  it('names the mechanisms of the other containers', () => {
    const w = workload({
      pullAuth: 'anonymous',
      pullAuths: ['node-role', 'anonymous'],
    });
    expect(describePullStatus(w, now)).toBe(
      'Pulls are anonymous (public images) (other containers: the node role)',
    );
  });

  it('gives the reason of an unknown status', () => {
    const w = workload({
      pullAuth: 'unknown',
      findings: [
        {
          code: 'INPUT_MALFORMED',
          severity: 'unknown',
          message: 'bad image',
          remediation: 'r',
          subject: 's',
        },
      ],
    });
    expect(describePullStatus(w, now)).toBe(
      'Pull authentication is unknown: bad image',
    );
  });

  it('joins distinct sentences of an entity and marks it stale', () => {
    const entity: EntityStatus = {
      entityRef: 'component:default/web',
      health: 'ok',
      mechanisms: ['node-role', 'anonymous'],
      runtimeIdentities: ['none'],
      workloads: [
        workload({ pullAuth: 'node-role' }),
        workload({ pullAuth: 'node-role', name: 'worker' }),
        workload({ pullAuth: 'anonymous' }),
      ],
      findings: [],
      clusters: [],
      checkedAt: now.toISOString(),
      stale: true,
    };
    expect(describePullStatus(entity, now)).toBe(
      'Pulls use the node role; pulls are anonymous (public images) (stale: a cluster was unreachable)',
    );
  });
});
