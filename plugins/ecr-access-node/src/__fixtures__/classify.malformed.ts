/* Classifier fixtures: malformed-input cases. */
import { cluster, deployment, iam, snapshot } from './classify.builders';
import { ClassifyFixture } from './classify.shared';

export const malformedCases: ClassifyFixture[] = [
  {
    name: 'image reference that cannot be parsed',
    snapshot: snapshot({
      deployments: [deployment({ image: 'Not An Image' })],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'unknown',
      runtimeIdentity: 'node-role',
      health: 'unknown',
      codes: ['INPUT_MALFORMED'],
    },
  },
  {
    name: 'Deployment without containers',
    snapshot: snapshot({
      deployments: [
        {
          metadata: { name: 'web', namespace: 'shop' },
          spec: { template: { spec: {} } },
        },
      ],
    }),
    iam: iam(),
    expected: {
      pullAuth: 'unknown',
      runtimeIdentity: 'node-role',
      health: 'unknown',
      codes: ['INPUT_MALFORMED'],
    },
  },
  {
    name: 'ServiceAccounts could not be listed',
    snapshot: snapshot({
      deployments: [deployment({ sa: 'web' })],
      serviceAccounts: [],
      forbidden: { serviceAccounts: true },
    }),
    iam: iam(),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'unknown',
      codes: ['OBJECTS_NOT_READABLE'],
    },
  },
  {
    name: 'cluster config with an unknown imagePullAuth',
    snapshot: snapshot({
      cluster: { ...cluster(), imagePullAuth: 'kubelet-magic' as never },
    }),
    iam: iam(),
    expected: {
      pullAuth: 'node-role',
      runtimeIdentity: 'node-role',
      health: 'unknown',
      codes: ['INPUT_MALFORMED'],
    },
  },
];
