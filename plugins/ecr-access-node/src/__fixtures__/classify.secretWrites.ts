/* Classifier fixtures: pull secrets written once, then written again in their metadata only. */
import { deployment, hoursAgo, iam, secret } from './classify.builders';
import { ClassifyFixture, ok, withRegcred } from './classify.shared';
import { registryHelperWorld } from './classify.secrets';
import { argoTrackingEntry, labelEntry } from './managedFields';

/** The builder's secret, its data written as `opts` say, then `later` metadata writes. */
function rewrittenInMetadata(
  opts: Parameters<typeof secret>[0],
  later: Array<Record<string, unknown>>,
) {
  const s = secret(opts);
  const managedFields = [...s.metadata.managedFields, ...later];
  return { ...s, metadata: { ...s.metadata, managedFields } };
}

export const secretWriteCases: ClassifyFixture[] = [
  {
    name: 'static secret written 20 h ago and labelled a minute ago: expired, not fresh',
    snapshot: withRegcred({
      secrets: [
        rewrittenInMetadata({ writtenHoursAgo: 20 }, [
          labelEntry(hoursAgo(1 / 60)),
        ]),
      ],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'static-secret',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['SECRET_EXPIRED'],
    },
    nearMissOf: ['SECRET_EXPIRES_SOON'],
  },
  {
    name: 'static secret written 20 h ago, annotated by Argo CD since: expired',
    snapshot: withRegcred({
      secrets: [
        rewrittenInMetadata({ writtenHoursAgo: 20 }, [
          argoTrackingEntry(hoursAgo(2)),
        ]),
      ],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'static-secret',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['SECRET_EXPIRED'],
    },
    nearMissOf: ['SECRET_EXPIRES_SOON'],
  },
  {
    name: 'seed 002 re-created regcred 1 h ago, labelled since: still its rotating secret',
    snapshot: withRegcred({
      ...registryHelperWorld,
      secrets: [
        rewrittenInMetadata({ writtenHoursAgo: 1 }, [
          labelEntry(hoursAgo(0.5)),
        ]),
      ],
    }),
    iam: iam(),
    expected: ok('rotating-secret'),
    nearMissOf: ['SECRET_EXPIRED', 'SECRET_EXPIRES_SOON'],
  },
  {
    // No workload of registry-creds was listed: the writer of the data alone names it.
    name: 'awsecr-cred written by registry-creds 6 h ago, labelled since: still its controller’s',
    snapshot: withRegcred({
      deployments: [deployment({ pullSecrets: ['awsecr-cred'] })],
      secrets: [
        rewrittenInMetadata(
          {
            name: 'awsecr-cred',
            writtenHoursAgo: 6,
            manager: 'registry-creds',
          },
          [labelEntry(hoursAgo(0.5))],
        ),
      ],
    }),
    iam: iam(),
    expected: ok('rotating-secret'),
    nearMissOf: ['SECRET_EXPIRES_SOON'],
  },
];
