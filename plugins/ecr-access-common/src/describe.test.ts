import { describePullStatus, formatDuration } from './describe';
import {
  ContainerStatus,
  EntityStatus,
  Finding,
  WorkloadStatus,
} from './model';

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
    [(99 * 60 + 58) * 1000, '1 h 39 min'],
    [11 * 3600_000 + 59 * 60_000, '11 h 59 min'],
    [12 * 3600_000 + 59 * 60_000, '12 h'],
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
    w.containers = [
      { ...w.containers[0], name: 'init', init: true, pullAuth: 'node-role' },
      ...w.containers,
    ];
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

  const finding = (
    code: Finding['code'],
    severity: Finding['severity'],
    message: string,
  ): Finding => ({ code, severity, message, remediation: 'r', subject: 's' });

  it('never says "Pulls use IRSA" when the pull role cannot be assumed', () => {
    const trust = finding(
      'TRUST_POLICY_MISMATCH',
      'error',
      'web-pull does not trust system:serviceaccount:shop:web on prod-use1',
    );
    const w = workload(
      { pullAuth: 'service-account-role', health: 'error', findings: [trust] },
      {
        pullRoleArn: 'arn:aws:iam::123456789012:role/web-pull',
        findings: [trust],
        health: 'error',
      },
    );
    expect(describePullStatus(w, now)).toBe(
      'Pulls with IRSA (role web-pull) on prod-use1 fail: web-pull does not trust system:serviceaccount:shop:web on prod-use1',
    );
  });

  it('says a pull is unverified when the role could not be read', () => {
    const missing = finding(
      'IAM_FACTS_MISSING',
      'unknown',
      'IAM role arn:aws:iam::123456789012:role/web-pull was not read from IAM',
    );
    const w = workload(
      { pullAuth: 'service-account-role', health: 'unknown' },
      { findings: [missing], health: 'unknown' },
    );
    expect(describePullStatus(w, now)).toMatch(
      /^Pulls are set up to use IRSA \(role unknown role\) on prod-use1, but whether it can pull is unknown: IAM role .* was not read from IAM$/,
    );
  });

  it('tells both the expired secret and who pulls in its place', () => {
    const w = workload(
      { pullAuth: 'static-secret', pullAuths: ['node-role', 'static-secret'] },
      {
        effectivePullAuth: 'node-role',
        secret: {
          namespace: 'shop',
          name: 'regcred',
          expiresAt: '2026-01-05T12:00:00Z',
        },
      },
    );
    expect(describePullStatus(w, now)).toBe(
      'Pulls use a static secret that expired 5 days ago; the node role pulls in its place',
    );
  });

  it("names an error of the pod's own role next to a working pull", () => {
    const runtime = finding(
      'TRUST_POLICY_MISMATCH',
      'error',
      'web-runtime does not trust system:serviceaccount:shop:web on prod-use1',
    );
    const w = workload({
      pullAuth: 'node-role',
      runtimeIdentity: 'irsa',
      health: 'error',
      findings: [runtime],
    });
    expect(describePullStatus(w, now)).toBe(
      'Pulls use the node role; the IRSA role serves runtime calls only; web-runtime does not trust system:serviceaccount:shop:web on prod-use1',
    );
  });

  it('says the node role fails when it cannot pull', () => {
    const lacks = finding(
      'ROLE_LACKS_ECR_PULL',
      'error',
      'the node role eks-node is not allowed ecr:BatchGetImage for shop/web',
    );
    const w = workload(
      { pullAuth: 'node-role', health: 'error', findings: [lacks] },
      { findings: [lacks], health: 'error' },
    );
    expect(describePullStatus(w, now)).toBe(
      'Pulls with the node role fail: the node role eks-node is not allowed ecr:BatchGetImage for shop/web',
    );
  });

  const entity = (over: Partial<EntityStatus>): EntityStatus => ({
    entityRef: 'component:default/web',
    health: 'unknown',
    mechanisms: [],
    runtimeIdentities: [],
    workloads: [],
    findings: [],
    clusters: [],
    checkedAt: now.toISOString(),
    stale: false,
    ...over,
  });

  it('says "Not yet checked" for an entity whose clusters were never read', () => {
    const status = entity({
      checked: false,
      stale: true,
      clusters: [
        {
          cluster: 'edge-euw1',
          reachable: false,
          checkedAt: '2026-01-10T11:00:00Z',
          unreachableSince: '2026-01-10T09:00:00Z',
        },
      ],
    });
    expect(describePullStatus(status, now)).toBe(
      'Not yet checked: edge-euw1 unreachable since 2026-01-10 09:00 UTC, never read',
    );
  });

  it('names each unreachable cluster and its last good read', () => {
    const status = entity({
      health: 'unknown',
      stale: true,
      workloads: [workload({ pullAuth: 'node-role' })],
      clusters: [
        { cluster: 'prod-use1', reachable: true, checkedAt: now.toISOString() },
        {
          cluster: 'edge-euw1',
          reachable: false,
          checkedAt: '2026-01-10T11:30:00Z',
          lastSuccessAt: '2026-01-10T07:00:00Z',
          unreachableSince: '2026-01-10T10:00:00Z',
        },
      ],
    });
    expect(describePullStatus(status, now)).toBe(
      'Pulls use the node role (stale: edge-euw1 unreachable since 2026-01-10 10:00 UTC, last read 2026-01-10 07:00 UTC)',
    );
  });

  it('says why no workloads matched when the selector is malformed', () => {
    const status = entity({
      checked: true,
      findings: [
        finding(
          'INPUT_MALFORMED',
          'unknown',
          'backstage.io/kubernetes-label-selector "app in (a" cannot be parsed',
        ),
      ],
    });
    expect(describePullStatus(status, now)).toBe(
      'No workloads could be matched: backstage.io/kubernetes-label-selector "app in (a" cannot be parsed',
    );
  });
});
