import { FindingCode } from '@ecr-access/plugin-ecr-access-common';
import { classifyCluster, classifyWorkload } from './classify';
import { CLASSIFY_FIXTURES } from './__fixtures__/classify';
import {
  cluster,
  deployment,
  iam,
  IMAGE,
  NOW,
  regcredCronJob,
  secret,
  snapshot,
} from './__fixtures__/classify.builders';

const sorted = (codes: FindingCode[]) => [...codes].sort();

describe('classifier fixtures', () => {
  it('has at least 40 named cases with unique names', () => {
    expect(CLASSIFY_FIXTURES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CLASSIFY_FIXTURES.map(f => f.name)).size).toBe(
      CLASSIFY_FIXTURES.length,
    );
  });

  it.each(CLASSIFY_FIXTURES.map(f => [f.name, f]))('%s', (_name, fixture) => {
    const [status] = classifyCluster(fixture.snapshot, fixture.iam, NOW);
    expect(status).toBeDefined();
    const codes = sorted(status.findings.map(f => f.code));
    expect({
      pullAuth: status.pullAuth,
      runtimeIdentity: status.runtimeIdentity,
      health: status.health,
      codes,
    }).toEqual({
      pullAuth: fixture.expected.pullAuth,
      runtimeIdentity: fixture.expected.runtimeIdentity,
      health: fixture.expected.health,
      codes: sorted(fixture.expected.codes),
    });
    expect(status.pullAuths).toEqual(
      fixture.expected.pullAuths ?? [fixture.expected.pullAuth],
    );
    for (const f of status.findings) {
      expect(f.message.length).toBeGreaterThan(10);
      expect(f.remediation.length).toBeGreaterThan(10);
      expect(f.subject).toBeTruthy();
    }
  });
});

describe('classifyCluster', () => {
  it('reports init containers separately and in order', () => {
    const [status] = classifyCluster(
      snapshot({
        deployments: [deployment({ image: 'nginx', initImage: IMAGE })],
      }),
      iam(),
      NOW,
    );
    expect(status.containers.map(c => [c.name, c.init, c.pullAuth])).toEqual([
      ['migrate', true, 'node-role'],
      ['web', false, 'anonymous'],
    ]);
    expect(status.containers[0].repositoryArn).toBe(
      'arn:aws:ecr:us-east-1:111122223333:repository/shop/web',
    );
  });

  it('classifies every workload kind and skips Jobs created by CronJobs', () => {
    const template = deployment().spec;
    const statuses = classifyCluster(
      snapshot({
        statefulSets: [
          { metadata: { name: 'db', namespace: 'shop' }, spec: template },
        ],
        daemonSets: [
          {
            metadata: { name: 'agent', namespace: 'kube-system' },
            spec: template,
          },
        ],
        jobs: [
          { metadata: { name: 'migrate', namespace: 'shop' }, spec: template },
          {
            metadata: {
              name: 'ecr-cred-helper-2901',
              namespace: 'shop',
              ownerReferences: [{ kind: 'CronJob', name: 'ecr-cred-helper' }],
            },
            spec: template,
          },
        ],
        cronJobs: [regcredCronJob()],
      }),
      iam(),
      NOW,
    );
    expect(statuses.map(s => `${s.kind}/${s.name}`)).toEqual([
      'Deployment/web',
      'StatefulSet/db',
      'DaemonSet/agent',
      'Job/migrate',
      'CronJob/ecr-cred-helper',
    ]);
    expect(statuses.find(s => s.kind === 'CronJob')?.pullAuth).toBe(
      'anonymous',
    );
  });

  it('takes node role ARNs that are Object.prototype names as plain keys (fast-check seed -1063047282)', () => {
    const statuses = classifyCluster(
      snapshot({
        cluster: cluster({ nodeRoleArns: ['constructor', '__proto__'] }),
      }),
      iam(),
      NOW,
    );
    expect(statuses).toHaveLength(1);
  });

  it('skips finished Jobs (Complete or Failed true), not running or suspended ones', () => {
    const template = deployment().spec;
    const job = (name: string, status?: Record<string, unknown>) => ({
      metadata: { name, namespace: 'shop' },
      spec: { ...template, ...(name === 'paused' && { suspend: true }) },
      ...(status && { status }),
    });
    const condition = (type: string, status: string) => ({
      conditions: [{ type, status, reason: type }],
    });
    const statuses = classifyCluster(
      snapshot({
        deployments: [],
        jobs: [
          job('migrated', {
            ...condition('Complete', 'True'),
            succeeded: 1,
            completionTime: '2026-11-01T00:00:00Z',
          }),
          job('gave-up', condition('Failed', 'True')),
          // Kubernetes 1.31+: success criteria met, pods still terminating; then Complete.
          job('finishing', condition('SuccessCriteriaMet', 'True')),
          job('running', { active: 1 }),
          job('paused', condition('Suspended', 'True')),
          job('not-yet', condition('Complete', 'False')),
        ],
      }),
      iam(),
      NOW,
    );
    expect(statuses.map(s => s.name)).toEqual([
      'finishing',
      'running',
      'paused',
      'not-yet',
    ]);
  });

  it('maps workloads to configured entities by kubernetes-id and label selector', () => {
    const [status] = classifyCluster(
      snapshot({
        entities: [
          { entityRef: 'component:default/web', kubernetesId: 'web' },
          {
            entityRef: 'component:default/web-by-selector',
            labelSelector: 'backstage.io/kubernetes-id=web',
          },
          {
            entityRef: 'component:default/other-ns',
            kubernetesId: 'web',
            namespace: 'other',
          },
        ],
      }),
      iam(),
      NOW,
    );
    expect(status.entityRefs).toEqual([
      'component:default/web',
      'component:default/web-by-selector',
    ]);
  });

  it('keeps the secret and refresher details for the sentence', () => {
    const fixture = CLASSIFY_FIXTURES.find(
      f => f.name === 'regcred refresher: healthy',
    )!;
    const [status] = classifyCluster(fixture.snapshot, fixture.iam, NOW);
    expect(status.containers[0].secret).toMatchObject({
      name: 'regcred',
      lastWriteAt: '2026-01-10T10:00:00.000Z',
      expiresAt: '2026-01-10T22:00:00.000Z',
      writer: 'kubectl-create',
      refresher: {
        kind: 'CronJob',
        name: 'ecr-cred-helper',
        schedule: '0 */6 * * *',
        intervalSeconds: 21600,
        suspended: false,
      },
    });
  });

  it('ignores pull secrets of a type the kubelet does not read', () => {
    const s = snapshot({
      deployments: [deployment({ pullSecrets: ['regcred'] })],
      secrets: [{ ...secret({ writtenHoursAgo: 1 }), type: 'Opaque' }],
    });
    const [status] = classifyCluster(s, iam(), NOW);
    expect(status.pullAuth).toBe('node-role');
    expect(status.findings.map(f => [f.code, f.message])).toContainEqual([
      'SECRET_REGISTRY_MISMATCH',
      'pull secret regcred is of type Opaque, which the kubelet does not use for pulls',
    ]);
  });

  it('classifies a single workload the same way', () => {
    const s = snapshot();
    expect(
      classifyWorkload(s, iam(), NOW, 'Deployment', s.deployments![0]),
    ).toEqual(classifyCluster(s, iam(), NOW)[0]);
  });
});
