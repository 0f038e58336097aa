/*
 * Refreshers whose own word is not enough (review 8, cases 4 and 5): an ExternalSecret whose
 * last refresh is hours behind its interval while `Ready=True` lingers, one that syncs once
 * (`refreshPolicy: CreatedOnce` / `OnChange`), one drawing from a ClusterGenerator the plugin
 * does not read, and a CronJob whose runs succeed after the secret's last data write.
 */
import {
  externalSecret,
  iam,
  hoursAgo,
  regcredCronJob,
  secret,
} from './classify.builders';
import {
  ClassifyFixture,
  ok,
  regcredWorld,
  withRegcred,
} from './classify.shared';

/** The ECR-generator ExternalSecret of the builders, with its spec and status changed. */
function eso(opts: {
  refreshedHoursAgo: number;
  refreshPolicy?: string;
  refreshInterval?: string;
  clusterGenerator?: boolean;
}) {
  const es = externalSecret({ refreshInterval: opts.refreshInterval });
  const generatorRef = opts.clusterGenerator
    ? {
        // ESO's cluster-wide wrapper (external-secrets.io/latest/api/generator/cluster/):
        // its own spec.kind says which generator it wraps.
        apiVersion: 'generators.external-secrets.io/v1alpha1',
        kind: 'ClusterGenerator',
        name: 'ecr-cluster-gen',
      }
    : es.spec.dataFrom[0].sourceRef.generatorRef;
  return {
    ...es,
    spec: {
      ...es.spec,
      ...(opts.refreshPolicy ? { refreshPolicy: opts.refreshPolicy } : {}),
      dataFrom: [{ sourceRef: { generatorRef } }],
    },
    status: { ...es.status, refreshTime: hoursAgo(opts.refreshedHoursAgo) },
  };
}

/** The secret as ESO writes it, `writtenHoursAgo` ago. */
const esoSecret = (writtenHoursAgo: number) =>
  secret({
    writtenHoursAgo,
    manager: 'external-secrets',
    ownerEs: 'ecr-token',
  });

const esoWorld = (writtenHoursAgo: number, es: ReturnType<typeof eso>) =>
  withRegcred({
    secrets: [esoSecret(writtenHoursAgo)],
    externalSecrets: [es],
  });

export const REFRESHER_EVIDENCE_FIXTURES: ClassifyFixture[] = [
  {
    name: 'ExternalSecret refreshed 9 h ago on a 1h interval, still Ready',
    snapshot: esoWorld(9, eso({ refreshedHoursAgo: 9 })),
    iam: iam(),
    expected: {
      pullAuth: 'rotating-secret',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['REFRESHER_FAILING'],
    },
  },
  {
    name: 'ExternalSecret one refresh late (1.5 h on a 1h interval)',
    snapshot: esoWorld(1.5, eso({ refreshedHoursAgo: 1.5 })),
    iam: iam(),
    expected: ok('rotating-secret'),
    nearMissOf: ['REFRESHER_FAILING'],
  },
  {
    name: 'ExternalSecret with refreshPolicy CreatedOnce',
    snapshot: esoWorld(
      9,
      eso({ refreshedHoursAgo: 9, refreshPolicy: 'CreatedOnce' }),
    ),
    iam: iam(),
    expected: {
      pullAuth: 'static-secret',
      runtimeIdentity: 'node-role',
      health: 'warning',
      codes: ['SECRET_EXPIRES_SOON'],
    },
  },
  {
    name: 'ExternalSecret with refreshPolicy OnChange',
    snapshot: esoWorld(
      9,
      eso({ refreshedHoursAgo: 9, refreshPolicy: 'OnChange' }),
    ),
    iam: iam(),
    expected: {
      pullAuth: 'static-secret',
      runtimeIdentity: 'node-role',
      health: 'warning',
      codes: ['SECRET_EXPIRES_SOON'],
    },
  },
  {
    name: 'ExternalSecret with refreshPolicy Periodic, refreshed 30 min ago',
    snapshot: esoWorld(
      0.5,
      eso({ refreshedHoursAgo: 0.5, refreshPolicy: 'Periodic' }),
    ),
    iam: iam(),
    expected: ok('rotating-secret'),
  },
  {
    name: 'ExternalSecret drawing from a ClusterGenerator that is not read',
    snapshot: esoWorld(
      0.5,
      eso({ refreshedHoursAgo: 0.5, clusterGenerator: true }),
    ),
    iam: iam(),
    expected: {
      pullAuth: 'rotating-secret',
      runtimeIdentity: 'node-role',
      health: 'unknown',
      codes: ['OBJECTS_NOT_READABLE'],
    },
  },
  {
    name: 'ExternalSecret with refreshInterval 0, synced 9 h ago: never refreshes, no stall on top',
    snapshot: esoWorld(9, eso({ refreshedHoursAgo: 9, refreshInterval: '0' })),
    iam: iam(),
    expected: {
      pullAuth: 'rotating-secret',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['REFRESHER_TOO_SLOW'],
    },
  },
  {
    name: 'CronJob that succeeded 1 h ago; the secret was last written 5 h ago by kubectl-create',
    snapshot: withRegcred({
      ...regcredWorld,
      secrets: [secret({ writtenHoursAgo: 5 })],
      cronJobs: [regcredCronJob({ lastSuccessHoursAgo: 1 })],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'rotating-secret',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['REFRESHER_FAILING'],
    },
  },
  {
    name: 'CronJob whose run completed 10 min after it wrote the secret',
    snapshot: withRegcred({
      ...regcredWorld,
      secrets: [secret({ writtenHoursAgo: 2 })],
      cronJobs: [regcredCronJob({ lastSuccessHoursAgo: 2 - 10 / 60 })],
    }),
    iam: iam(),
    expected: ok('rotating-secret'),
    nearMissOf: ['REFRESHER_FAILING'],
  },
];
